export {
  ExternalSecretsOverviewPage,
  ExternalSecretsOverviewContent,
} from './ExternalSecretsOverviewPage';

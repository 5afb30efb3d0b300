export { ExternalSecretsErrorPanel } from './ExternalSecretsErrorPanel';

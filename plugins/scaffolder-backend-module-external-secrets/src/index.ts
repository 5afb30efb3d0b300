/**
 * Scaffolder actions for External Secrets pipelines: validate the generated manifests
 * against ESO's CRD schemas, create the (empty, tagged) secret in AWS Secrets Manager, and
 * add the `backstage.io/kubernetes-id` annotation to the service's catalog file.
 *
 * @packageDocumentation
 */
export { scaffolderModuleExternalSecrets as default } from './module';
export { createValidateAction, VALIDATE_ACTION_ID } from './actions/validate';
export {
  createAwsCreateSecretAction,
  AWS_CREATE_SECRET_ACTION_ID,
  SECRET_TAGS,
} from './actions/awsCreateSecret';
export type { SecretsManagerClientFactory } from './aws/clientForRegion';
export {
  createAnnotateCatalogInfoAction,
  ANNOTATE_CATALOG_INFO_ACTION_ID,
} from './actions/annotateCatalogInfo';

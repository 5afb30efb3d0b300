/**
 * Scaffolder actions for External Secrets pipelines: validate the generated manifests
 * against ESO's CRD schemas, and create the (empty, tagged) secret in AWS Secrets Manager.
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
export type { SecretsManagerClientFactory } from './actions/awsCreateSecret';

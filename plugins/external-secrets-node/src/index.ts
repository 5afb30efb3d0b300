/**
 * Node.js building blocks shared by the External Secrets backend, its modules and the drift
 * CLI: reading kubectl dumps, the cluster and provider extension points, the AWS Secrets
 * Manager collector and the AWS helpers other AWS provider modules share.
 *
 * @packageDocumentation
 */
export * from './manifests/readManifests';
export * from './clusters/types';
export * from './clusters/extensionPoints';
export * from './providers/types';
export * from './providers/extensionPoint';
export * from './aws/awsAccounts';
export {
  awsClientConfig,
  createSecretsManagerClient,
} from './aws/createSecretsManagerClient';
export { countApiCalls } from './aws/countApiCalls';
export { AwsAccountScopes } from './aws/AwsAccountScopes';
export { awsRegionListing } from './aws/awsRegionListing';
export { awsFailureReason, describeAwsError } from './aws/describeAwsError';
export { AwsSecretsManagerCollector } from './aws/AwsSecretsManagerCollector';
export type { AwsSecretsManagerCollectorOptions } from './aws/AwsSecretsManagerCollector';

/**
 * Node.js building blocks shared by the External Secrets backend, its modules and the drift
 * CLI: reading kubectl dumps, the cluster and provider extension points, and the AWS Secrets
 * Manager collector.
 *
 * @packageDocumentation
 */
export * from './manifests/readManifests';
export * from './clusters/types';
export * from './clusters/extensionPoints';
export * from './providers/types';
export * from './providers/extensionPoint';
export * from './aws/awsAccounts';
export { createSecretsManagerClient } from './aws/createSecretsManagerClient';
export { AwsSecretsManagerCollector } from './aws/AwsSecretsManagerCollector';
export type { AwsSecretsManagerCollectorOptions } from './aws/AwsSecretsManagerCollector';

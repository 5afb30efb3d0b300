/**
 * Node.js building blocks shared by the External Secrets backend, its modules and the drift
 * CLI: reading kubectl dumps, the provider collector extension point, and the AWS Secrets
 * Manager collector.
 *
 * @packageDocumentation
 */
export * from './manifests/readManifests';
export * from './providers/types';
export * from './providers/extensionPoint';
export * from './aws/awsAccounts';
export { createSecretsManagerClient } from './aws/createSecretsManagerClient';
export { AwsSecretsManagerCollector } from './aws/AwsSecretsManagerCollector';
export type { AwsSecretsManagerCollectorOptions } from './aws/AwsSecretsManagerCollector';

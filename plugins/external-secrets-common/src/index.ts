/**
 * Types, permissions and the pure drift engine shared by the External Secrets backend,
 * frontend and CLI. Nothing in this package does I/O.
 *
 * @packageDocumentation
 */
export * from './types/findings';
export * from './types/report';
export * from './types/provider';
export * from './types/kubernetes';
export * from './engine/types';
export { DEFAULT_THRESHOLDS, resolveThresholds } from './rules/thresholds';
export type { DriftThresholds } from './rules/thresholds';
export type { WarningEvent } from './rules/types';
export * from './permissions';
export * from './dumps/parseKubernetesDocuments';
export * from './dumps/collectClusterObjects';
export * from './dumps/parseAwsListSecrets';
export { awsDateToIso } from './providers/aws/awsDates';
export * from './dumps/shiftTimestamps';
/** Narrowing helpers for parsed YAML and JSON from untrusted sources. */
export { isRecord, records, str } from './kubernetes/untrusted';
export { LAST_APPLIED_ANNOTATION, stripObject } from './kubernetes/stripObject';

// Drift engine
export {
  evaluateCluster,
  evaluateExternalSecret,
  evaluationContext,
} from './engine/evaluateCluster';
export type { EvaluationContext } from './engine/evaluateCluster';
export { ClusterModel, CLUSTER_OBJECT_KINDS } from './engine/ClusterModel';
export type {
  AffectedExternalSecrets,
  ClusterIndex,
  WorkloadConsumer,
} from './engine/ClusterModel';
export {
  providerAheadCandidates,
  readProviderSecrets,
} from './engine/providerAheadCandidates';
export { worstHealth, countHealth } from './engine/health';
export { groupByKubernetesId } from './engine/groupByKubernetesId';
export type {
  KubernetesIdGroup,
  KubernetesIdGroups,
} from './engine/groupByKubernetesId';

// Kubernetes readers and helpers
export {
  ESO_CONDITION_TYPES,
  EXTERNAL_SECRET_REASONS,
  EXTERNAL_SECRET_EVENT_REASONS,
  STORE_REASONS,
  readReadyCondition,
} from './kubernetes/conditions';
export {
  readExternalSecret,
  EXTERNAL_SECRETS_GROUP,
  EXTERNAL_SECRET_API_VERSIONS,
  DEFAULT_REFRESH_INTERVAL_SECONDS,
} from './kubernetes/readExternalSecret';
export type {
  ExternalSecretView,
  ExternalSecretStoreRef,
  StoreKind,
} from './kubernetes/readExternalSecret';
export { readSecretStore } from './kubernetes/readSecretStore';
export type { SecretStoreView } from './kubernetes/readSecretStore';
export {
  secretChangeTime,
  esoWriteTime,
  ESO_FIELD_MANAGER_PREFIX,
  LEGACY_ESO_FIELD_MANAGER,
} from './kubernetes/secretChangeTime';
export {
  ESO_WRITE_EVENT_REASONS,
  eventSubject,
  eventTime,
  isEsoWriteEvent,
} from './kubernetes/esoEvents';
export { workloadOwner } from './kubernetes/workloadOwner';
export type { WorkloadRef, OwnerLookup } from './kubernetes/workloadOwner';
export { podSecretReads } from './kubernetes/secretConsumers';
export type { SecretConsumer, SecretRead } from './kubernetes/secretConsumers';
export { reloaderExpected, RELOADER_ANNOTATIONS } from './kubernetes/reloader';
export {
  parseServiceSelector,
  parseLabelSelector,
  labelsMatch,
  claimMatchesSelector,
  claimKubernetesIds,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './kubernetes/serviceSelector';
export type {
  ClaimLabels,
  ServiceSelector,
  LabelRequirement,
  LabelOperator,
} from './kubernetes/serviceSelector';

// Providers: the seam through which the engine reads any secret provider
export { defineSecretProvider } from './providers/types';
export type {
  SecretProvider,
  ProviderWording,
  ProviderKeyLookup,
  ScopedListing,
  StoreResolver,
} from './providers/types';
export { indexProviderMetadata } from './providers/indexProviders';
export type { ProviderIndex, StoreProvider } from './providers/indexProviders';
export { defaultSecretProviders } from './providers/defaultProviders';
export { awsSecretsManager } from './providers/aws/awsSecretsManager';
export { awsParameterStore } from './providers/aws/awsParameterStore';
export type { AwsStore } from './providers/aws/awsStores';
export {
  parseSecretArn,
  parseParameterArn,
  roleArnAccount,
} from './providers/aws/arns';
export {
  vaultKv,
  vaultKeyPath,
  normaliseVaultServer,
} from './providers/vault/vaultKv';
export type { VaultStore } from './providers/vault/vaultKv';
export { vaultKvSecretMetadata } from './providers/vault/kvMetadata';
export type { VaultKvMetadata } from './providers/vault/kvMetadata';
export {
  parameterStoreSecretMetadata,
  PARAMETER_STORE_PROVIDER,
} from './providers/aws/parameterMetadata';
export {
  parseSsmDescribeParameters,
  parseVaultMetadataDump,
  ProviderDumpParseError,
  SSM_DESCRIBE_COMMAND,
} from './dumps/parseProviderDumps';
export type { ParseProviderDumpOptions } from './dumps/parseProviderDumps';

// Time
export { parseGoDuration } from './time/parseGoDuration';
export { formatDuration } from './time/formatDuration';
export { formatAgo, secondsSince } from './time/formatAgo';
export { describeDataAge } from './time/describeDataAge';
export { parseTime } from './time/parseTime';
export { formatList } from './text/formatList';
export { EXTERNAL_SECRETS_SIGNAL_CHANNEL } from './signals/signals';
export type { ExternalSecretsChangedSignal } from './signals/signals';

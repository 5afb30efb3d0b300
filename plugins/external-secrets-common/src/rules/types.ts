import { DriftThresholds } from './thresholds';
import { Finding, FindingWorkload, PodReading } from '../types/findings';
import { KubeObject } from '../types/kubernetes';
import { SecretChangeEvidence } from '../types/report';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { ProviderKeyLookup, ProviderWording } from '../providers/types';
import { SecretStoreView } from '../kubernetes/readSecretStore';

/** A workload whose containers read the target Secret. */
export interface ConsumingWorkload
  extends Omit<FindingWorkload, 'pods' | 'remedy'> {
  /** Every regular container of its pods that reads the Secret. */
  readings: PodReading[];
  /** The controller recreating the pods when the workload is a Pod/ReplicaSet of an unknown owner. */
  controller?: { kind: string; name: string };
}

/**
 * The newest Warning Event recorded on the ExternalSecret.
 *
 * @public
 */
export interface WarningEvent {
  reason: string | null;
  message: string | null;
  time: string | null;
}

/** What the store's provider says about the ExternalSecret's remote keys. */
export interface ProviderContext {
  /** The provider's name, e.g. `AWS Secrets Manager`. */
  title: string;
  /** Where the store reads from, e.g. `AWS Secrets Manager (eu-west-1)`. */
  location: string;
  /** The provider's own words for messages and remedies. */
  wording: ProviderWording;
  /** The source (scope id) whose listing the store's plain keys resolve against; null when none is loaded. */
  scope: string | null;
  /** The store's key prefix, already applied by the lookups. */
  prefix: string | null;
  keys: Array<{ key: string; lookup: ProviderKeyLookup }>;
  /** `last-changed-date` forces the change time as provider-ahead evidence (the CLI). */
  evidence: 'current-version' | 'last-changed-date';
}

/** Everything a rule may read about one ExternalSecret. Rules are pure functions of it. */
export interface RuleContext {
  es: ExternalSecretView;
  /** The referenced store; undefined when it does not exist, the ES names none, or its kind is invalid. */
  store: SecretStoreView | undefined;
  /** The target Secret (metadata only); undefined when it does not exist or the target is not a Secret. */
  targetSecret: KubeObject | undefined;
  /** False when Secrets are not read (`secrets: none`): an undefined `targetSecret` means unknown. */
  targetSecretVisible: boolean;
  /** False when the store's kind may not be read (RBAC): an undefined `store` means unknown. */
  storeVisible: boolean;
  /** Last change of the target Secret's data (see secretChangeTime). */
  secretChangedAt: string | null;
  /** What `secretChangedAt` rests on: an `eso-event` may also be a rewrite of labels only. */
  secretChangeEvidence: SecretChangeEvidence | null;
  workloads: ConsumingWorkload[];
  warningEvent: WarningEvent | undefined;
  /** Set when an installed provider serves the store. */
  provider: ProviderContext | undefined;
  thresholds: DriftThresholds;
  /** Epoch milliseconds. */
  now: number;
}

export type Rule = (context: RuleContext) => Finding[];

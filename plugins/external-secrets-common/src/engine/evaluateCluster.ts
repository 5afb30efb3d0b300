import { PodReading } from '../types/findings';
import { KubeObject } from '../types/kubernetes';
import {
  ExternalSecretStatus,
  ReadyCondition,
  SecretChangeEvidence,
} from '../types/report';
import { parseTime } from '../time/parseTime';
import {
  indexProviderMetadata,
  ProviderIndex,
} from '../providers/indexProviders';
import { providerContext } from './providerContext';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { reloaderExpected } from '../kubernetes/reloader';
import { ClaimLabels } from '../kubernetes/serviceSelector';
import { secretChangeTime } from '../kubernetes/secretChangeTime';
import { evaluateRules } from '../rules/evaluateRules';
import { ConsumingWorkload } from '../rules/types';
import { ClusterIndex, ClusterModel, WorkloadConsumer } from './ClusterModel';
import {
  ProviderChange,
  WorkloadStart,
  EvaluateClusterInput,
  EvaluatedExternalSecret,
} from './types';
import { DriftThresholds, resolveThresholds } from '../rules/thresholds';

function readyFlag(ready: ReadyCondition | null | undefined): boolean | null {
  if (ready?.status === 'True') return true;
  return ready?.status === 'False' ? false : null;
}

/** Groups a Secret's reading containers by workload; Reloader is judged once per workload. */
function consumingWorkloads(
  consumers: WorkloadConsumer[],
  secretName: string,
  secret: KubeObject | undefined,
): ConsumingWorkload[] {
  const byWorkload = new Map<string, ConsumingWorkload>();
  for (const { workload, consumer } of consumers) {
    const key = `${workload.kind}/${workload.name}`;
    let entry = byWorkload.get(key);
    if (!entry) {
      entry = {
        kind: workload.kind,
        name: workload.name,
        namespace: workload.namespace,
        reloader: reloaderExpected(workload, secretName, secret),
        readings: [],
        ...(workload.controller ? { controller: workload.controller } : {}),
      };
      byWorkload.set(key, entry);
    }
    const reading: PodReading = {
      pod: consumer.podName,
      container: consumer.container,
      startedAt: consumer.startedAt,
      readsVia: consumer.readsVia,
    };
    entry.readings.push(reading);
  }
  return [...byWorkload.values()];
}

/** The ES's own labels, then each consuming workload's and pod's labels (each object once). */
function claimLabels(
  es: ExternalSecretView,
  consumers: WorkloadConsumer[],
): ClaimLabels {
  const labelSets = [es.labels];
  const seen = new Set<unknown>();
  const add = (object: KubeObject | undefined) => {
    if (!object || seen.has(object)) return;
    seen.add(object);
    const labels = object.metadata?.labels;
    if (labels && typeof labels === 'object' && !Array.isArray(labels))
      labelSets.push(labels);
  };
  for (const { workload, consumer } of consumers) {
    add(workload.object);
    add(consumer.pod);
  }
  return { namespace: es.namespace, labelSets };
}

interface SecretChange {
  at: string | null;
  evidence: SecretChangeEvidence | null;
}
const NO_CHANGE: SecretChange = { at: null, evidence: null };

/** The later of two ISO times (either may be missing). */
function newestTime(
  a: string | null | undefined,
  b: string | null | undefined,
): string | null {
  const am = parseTime(a);
  const bm = parseTime(b);
  if (am === undefined) return bm === undefined ? null : b!;
  return bm === undefined || am >= bm ? a! : b!;
}

/**
 * When the target Secret's data last changed, and on what evidence: the observed data-hash
 * change, else ESO's field manager time on the Secret, else (and always where Secrets are not
 * read) ESO's newest Updated/Created Event.
 */
function secretChange(input: {
  secretsVisible: boolean;
  targetSecret: KubeObject | undefined;
  externalSecretName: string;
  tracked: string | undefined;
  esoWrite: string | null;
}): SecretChange {
  if (input.secretsVisible) {
    if (parseTime(input.tracked) !== undefined)
      return { at: input.tracked!, evidence: 'data-hash' };
    const written = secretChangeTime(
      input.targetSecret,
      input.externalSecretName,
    );
    if (written) return { at: written, evidence: 'managed-fields' };
  }
  return input.esoWrite
    ? { at: input.esoWrite, evidence: 'eso-event' }
    : NO_CHANGE;
}

/**
 * What evaluating one ExternalSecret of a cluster needs besides the cluster's objects: the same
 * for every ExternalSecret of one evaluation pass.
 *
 * @public
 */
export interface EvaluationContext {
  cluster: string;
  providers: ProviderIndex;
  thresholds: DriftThresholds;
  now: Date;
  providerEvidence?: EvaluateClusterInput['providerEvidence'];
  secrets?: EvaluateClusterInput['secrets'];
  unreadableKinds?: EvaluateClusterInput['unreadableKinds'];
  /** When the data of Secret `<namespace>/<name>` arrived, as a running backend observed it. */
  observedSecretChange?: (
    namespace: string,
    secretName: string,
  ) => string | undefined;
  /** When ESO last wrote the Secret of ExternalSecret `<namespace>/<name>`, as history keeps it. */
  observedEsoWrite?: (namespace: string, esName: string) => string | undefined;
}

/**
 * The context of one evaluation pass over `input`'s cluster (providers indexed once).
 *
 * @public
 */
export function evaluationContext(
  input: Omit<EvaluateClusterInput, 'objects'>,
): EvaluationContext {
  return {
    cluster: input.cluster,
    providers: indexProviderMetadata(input.provider, input.secretProviders),
    thresholds: resolveThresholds(input.thresholds),
    now: input.now,
    providerEvidence: input.providerEvidence,
    secrets: input.secrets,
    unreadableKinds: input.unreadableKinds,
    observedSecretChange: input.observedSecretChanges
      ? (ns, name) => input.observedSecretChanges![`${ns}/${name}`]
      : undefined,
    observedEsoWrite: input.observedEsoWrites
      ? (ns, name) => input.observedEsoWrites![`${ns}/${name}`]
      : undefined,
  };
}

/**
 * Evaluates one ExternalSecret of a cluster: its status, findings and claim labels.
 *
 * @public
 */
export function evaluateExternalSecret(
  es: ExternalSecretView,
  cluster: ClusterIndex,
  input: EvaluationContext,
): EvaluatedExternalSecret {
  const { providers, thresholds } = input;
  const ref = es.storeRef;
  const store =
    ref && !ref.invalidKind
      ? cluster.store(ref.kind, es.namespace, ref.name)
      : undefined;
  const target = es.targetName;
  const targetSecret = target
    ? cluster.secret(es.namespace, target)
    : undefined;
  const consumers = target ? cluster.consumers(es.namespace, target) : [];
  // Not read by choice (`secrets: none`) or refused by RBAC: a Secret not seen is unknown.
  const secretsVisible =
    input.secrets !== 'none' && !input.unreadableKinds?.includes('secrets');
  const change = target
    ? secretChange({
        secretsVisible,
        targetSecret,
        externalSecretName: es.name,
        tracked: input.observedSecretChange?.(es.namespace, target),
        esoWrite: newestTime(
          cluster.esoWriteTime(es),
          input.observedEsoWrite?.(es.namespace, es.name),
        ),
      })
    : NO_CHANGE;
  const secretChangedAt = change.at;

  const provider = providerContext(
    es,
    store,
    providers,
    input.providerEvidence ?? 'current-version',
  );
  const workloads = target
    ? consumingWorkloads(consumers, target, targetSecret)
    : [];
  const { findings, health } = evaluateRules({
    es,
    store,
    targetSecret,
    targetSecretVisible: secretsVisible,
    storeVisible: !input.unreadableKinds?.includes(
      ref?.kind === 'ClusterSecretStore'
        ? 'clusterSecretStores'
        : 'secretStores',
    ),
    secretChangedAt,
    secretChangeEvidence: change.evidence,
    workloads,
    warningEvent: cluster.warningEvent(es),
    provider,
    thresholds,
    now: input.now.getTime(),
  });

  const status: ExternalSecretStatus = {
    cluster: input.cluster,
    namespace: es.namespace,
    name: es.name,
    apiVersion: es.apiVersion,
    clusterExternalSecret: es.clusterExternalSecret,
    store: {
      kind: ref?.kind ?? 'SecretStore',
      name: ref?.name ?? '',
      ready: readyFlag(store?.ready),
      provider: store?.provider ?? null,
      providerTitle: provider?.title,
      providerScope: provider?.scope ?? undefined,
    },
    targetSecret: target,
    refreshInterval: es.refreshInterval,
    refreshPolicy: es.refreshPolicy,
    lastSyncTime: es.refreshTime,
    secretChangedAt,
    secretChangeEvidence: change.evidence,
    ready: es.ready,
    health,
    findings,
  };
  return {
    status,
    claim: claimLabels(es, consumers),
    changes: {
      providerChanges: providerChanges(provider),
      workloadStarts: workloadStarts(workloads),
    },
  };
}

/** The current version time of each found, not deleted remote key (the evidence provider-ahead uses). */
function providerChanges(
  provider: ReturnType<typeof providerContext>,
): ProviderChange[] {
  if (!provider) return [];
  const changes: ProviderChange[] = [];
  for (const { key, lookup } of provider.keys) {
    if (lookup.status !== 'found' || lookup.secret.deletedDate) continue;
    const { secret } = lookup;
    const version =
      provider.evidence !== 'last-changed-date'
        ? parseTime(secret.currentVersionCreatedDate)
        : undefined;
    const at = version ?? parseTime(secret.lastChangedDate);
    if (at === undefined) continue;
    changes.push({
      key,
      at: new Date(at).toISOString(),
      evidence: version !== undefined ? 'version' : 'change-time',
    });
  }
  return changes;
}

/** Per workload, since when every running reading container has run (its last rollout). */
function workloadStarts(workloads: ConsumingWorkload[]): WorkloadStart[] {
  const starts: WorkloadStart[] = [];
  for (const workload of workloads) {
    const times = workload.readings.flatMap(r =>
      r.startedAt ? [parseTime(r.startedAt)] : [],
    );
    const known = times.filter((t): t is number => t !== undefined);
    if (!known.length) continue;
    starts.push({
      kind: workload.kind,
      name: workload.name,
      startedAt: new Date(Math.min(...known)).toISOString(),
      containers: known.length,
    });
  }
  return starts;
}

/**
 * Evaluates every ExternalSecret of one cluster (v1 and v1beta1; v1 wins when both list the
 * same one): indexes the objects once, runs the drift rules, and returns each status with the
 * labels through which a service can claim it. Pure and linear in the number of objects;
 * malformed objects are skipped, never thrown on.
 *
 * @public
 */
export function evaluateCluster(
  input: EvaluateClusterInput,
): EvaluatedExternalSecret[] {
  const cluster = new ClusterModel(input.objects);
  const context = evaluationContext(input);
  return cluster.externalSecrets.map(es =>
    evaluateExternalSecret(es, cluster, context),
  );
}

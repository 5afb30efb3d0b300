import { PodReading } from '../types/findings';
import { KubeObject } from '../types/kubernetes';
import { ExternalSecretStatus, ReadyCondition } from '../types/report';
import {
  indexProviderMetadata,
  ProviderIndex,
} from '../kubernetes/providerLookup';
import { providerContext } from './providerContext';
import { ExternalSecretView } from '../kubernetes/readExternalSecret';
import { reloaderExpected } from '../kubernetes/reloader';
import { secretChangeTime } from '../kubernetes/secretChangeTime';
import { evaluateRules } from '../rules/evaluateRules';
import { ConsumingWorkload } from '../rules/types';
import { ClusterIndex, indexCluster, WorkloadConsumer } from './indexCluster';
import {
  ClaimLabels,
  DEFAULT_THRESHOLDS,
  DriftThresholds,
  EvaluateClusterInput,
  EvaluatedExternalSecret,
} from './types';

/** Defaults overridden by the configured thresholds that are non-negative numbers. */
function resolveThresholds(
  overrides: Partial<DriftThresholds> | undefined,
): DriftThresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(thresholds) as Array<keyof DriftThresholds>) {
    const value = overrides?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
      thresholds[key] = value;
  }
  return thresholds;
}

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

function evaluateOne(
  es: ExternalSecretView,
  cluster: ClusterIndex,
  input: EvaluateClusterInput,
  providers: ProviderIndex,
  thresholds: DriftThresholds,
): EvaluatedExternalSecret {
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
  const secretChangedAt = target
    ? secretChangeTime(
        targetSecret,
        es.name,
        input.observedSecretChanges?.[`${es.namespace}/${target}`],
      )
    : null;

  const { findings, health } = evaluateRules({
    es,
    store,
    targetSecret,
    secretChangedAt,
    workloads: target
      ? consumingWorkloads(consumers, target, targetSecret)
      : [],
    warningEvent: cluster.warningEvent(es),
    provider: providerContext(
      es,
      store,
      providers,
      input.providerEvidence ?? 'current-version',
    ),
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
    },
    targetSecret: target,
    refreshInterval: es.refreshInterval,
    refreshPolicy: es.refreshPolicy,
    lastSyncTime: es.refreshTime,
    secretChangedAt,
    ready: es.ready,
    health,
    findings,
  };
  return { status, claim: claimLabels(es, consumers) };
}

/**
 * Evaluates every ExternalSecret of one cluster (v1 and v1beta1; v1 wins when both list the
 * same one): indexes the objects once, runs the drift rules, and returns each status with the
 * labels through which a service can claim it. Pure and linear in the number of objects;
 * malformed objects are skipped, never thrown on.
 */
export function evaluateCluster(
  input: EvaluateClusterInput,
): EvaluatedExternalSecret[] {
  const cluster = indexCluster(input.objects);
  const providers = indexProviderMetadata(input.provider);
  const thresholds = resolveThresholds(input.thresholds);
  return cluster.externalSecrets.map(es =>
    evaluateOne(es, cluster, input, providers, thresholds),
  );
}

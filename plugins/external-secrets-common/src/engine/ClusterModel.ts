import { WorkloadKind } from '../types/findings';
import {
  ClusterObjectKind,
  ClusterObjects,
  KubeObject,
} from '../types/kubernetes';
import { parseTime } from '../time/parseTime';
import {
  eventSubject,
  eventTime,
  isEsoWriteEvent,
} from '../kubernetes/esoEvents';
import {
  EXTERNAL_SECRET_API_VERSIONS,
  ExternalSecretView,
  readExternalSecret,
  StoreKind,
} from '../kubernetes/readExternalSecret';
import {
  readSecretStore,
  SecretStoreView,
} from '../kubernetes/readSecretStore';
import { podSecretReads, SecretConsumer } from '../kubernetes/secretConsumers';
import { isRecord, records, str } from '../kubernetes/untrusted';
import { workloadOwner, WorkloadRef } from '../kubernetes/workloadOwner';
import { WarningEvent } from '../rules/types';

/**
 * A container reading a Secret, with the workload its pod belongs to.
 *
 * @public
 */
export interface WorkloadConsumer {
  workload: WorkloadRef;
  consumer: SecretConsumer;
}

/**
 * What the rules read of one cluster, looked up in constant time per ExternalSecret.
 *
 * @public
 */
export interface ClusterIndex {
  /** Deduplicated by namespace/name; v1 wins over v1beta1. */
  readonly externalSecrets: ExternalSecretView[];
  store(
    kind: StoreKind,
    namespace: string,
    name: string,
  ): SecretStoreView | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /** The newest Warning Event recorded on this ExternalSecret. */
  warningEvent(es: ExternalSecretView): WarningEvent | undefined;
  /** When ESO last wrote this ExternalSecret's target Secret, by its Normal Updated/Created Event. */
  esoWriteTime(es: ExternalSecretView): string | null;
  consumers(namespace: string, secretName: string): WorkloadConsumer[];
}

/**
 * What a change touched: the keys (`<namespace>/<name>`) of the ExternalSecrets to evaluate again.
 *
 * @public
 */
export type AffectedExternalSecrets = Set<string>;

interface ParsedEvent extends WarningEvent {
  uid: string | undefined;
  ms: number;
}

type OwnerKind = Exclude<WorkloadKind, 'Pod'>;

const OWNER_KINDS: Partial<Record<ClusterObjectKind, OwnerKind>> = {
  replicaSets: 'ReplicaSet',
  deployments: 'Deployment',
  statefulSets: 'StatefulSet',
  daemonSets: 'DaemonSet',
  jobs: 'Job',
  cronJobs: 'CronJob',
};

const KIND_OF: Record<ClusterObjectKind, string> = {
  externalSecrets: 'ExternalSecret',
  clusterExternalSecrets: 'ClusterExternalSecret',
  secretStores: 'SecretStore',
  clusterSecretStores: 'ClusterSecretStore',
  secrets: 'Secret',
  pods: 'Pod',
  replicaSets: 'ReplicaSet',
  deployments: 'Deployment',
  statefulSets: 'StatefulSet',
  daemonSets: 'DaemonSet',
  jobs: 'Job',
  cronJobs: 'CronJob',
  events: 'Event',
};

/** @public */
export const CLUSTER_OBJECT_KINDS = Object.keys(KIND_OF) as ClusterObjectKind[];

function metaOf(object: unknown): Record<string, any> {
  return isRecord(object) && isRecord(object.metadata) ? object.metadata : {};
}

/** `<namespace>/<name>` (namespace empty for cluster-scoped objects); undefined without a name. */
function keyOf(object: unknown): string | undefined {
  const metadata = metaOf(object);
  const name = str(metadata.name);
  return name ? `${str(metadata.namespace) ?? ''}/${name}` : undefined;
}

/** The controlling owner reference, else the first usable one, as `<Kind>/<namespace>/<name>`. */
function ownerKeyOf(object: unknown, namespace: string): string | undefined {
  const refs = records(metaOf(object).ownerReferences).filter(
    ref => str(ref.kind) && str(ref.name),
  );
  const ref = refs.find(r => r.controller === true) ?? refs[0];
  return ref ? `${ref.kind}/${namespace}/${ref.name}` : undefined;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set?.delete(value) && set.size === 0) map.delete(key);
}

function storeKey(kind: StoreKind, namespace: string, name: string): string {
  return `${kind}/${kind === 'SecretStore' ? namespace : ''}/${name}`;
}

/**
 * One cluster's objects, indexed for the rules and kept up to date object by object. Each change
 * (`upsert`, `remove`, or `replace` of a whole kind after a list) returns the ExternalSecrets it
 * can have changed the evaluation of, through reverse indexes: a store → the ExternalSecrets using
 * it; a Secret → those targeting it; a pod → those targeting a Secret it reads; a ReplicaSet,
 * Deployment, Job, … → the pods below it; an Event → its ExternalSecret. So a watch event costs
 * the evaluation of a few ExternalSecrets, not of the whole cluster.
 *
 * Objects are kept by reference (never copied); malformed objects are skipped, never thrown on.
 * Pure and I/O-free: the drift CLI builds one from dumps, the backend keeps one per cluster.
 *
 * @public
 */
export class ClusterModel implements ClusterIndex {
  private readonly raw = new Map<ClusterObjectKind, Map<string, KubeObject>>();
  /** ExternalSecret views by namespace/name, per apiVersion (v1 wins). */
  private readonly esVersions = new Map<
    string,
    Map<string, ExternalSecretView>
  >();
  private readonly esViews = new Map<string, ExternalSecretView>();
  private esList?: ExternalSecretView[];
  private readonly stores = new Map<string, SecretStoreView>();
  private readonly owners = new Map<string, KubeObject>();
  /** The reads of each pod (by pod key), and the pods reading each Secret (by Secret key). */
  private readonly podReads = new Map<
    string,
    Array<{ secretKey: string; consumer: SecretConsumer }>
  >();
  private readonly readersBySecret = new Map<string, Set<string>>();
  /** Children (`<Kind>/<ns>/<name>`) by their owner (`<Kind>/<ns>/<name>`). */
  private readonly children = new Map<string, Set<string>>();
  private readonly warnings = new Map<string, Map<string, ParsedEvent>>();
  private readonly writes = new Map<string, Map<string, ParsedEvent>>();
  /** Reverse indexes: ExternalSecret keys by store key and by target Secret key. */
  private readonly esByStore = new Map<string, Set<string>>();
  private readonly esByTarget = new Map<string, Set<string>>();

  constructor(objects?: Partial<ClusterObjects>) {
    for (const kind of CLUSTER_OBJECT_KINDS) this.raw.set(kind, new Map());
    const given: Partial<ClusterObjects> = isRecord(objects) ? objects : {};
    for (const kind of CLUSTER_OBJECT_KINDS) {
      for (const object of records(given[kind])) this.upsert(kind, object);
    }
  }

  // ---- changes ----------------------------------------------------------------

  /** Adds or replaces one object; returns the ExternalSecrets to evaluate again. */
  upsert(kind: ClusterObjectKind, object: unknown): AffectedExternalSecrets {
    const affected: AffectedExternalSecrets = new Set();
    if (!isRecord(object)) return affected;
    if (object.kind !== undefined && object.kind !== KIND_OF[kind])
      return affected;
    const key = this.rawKey(kind, object);
    if (key === undefined) return affected;
    const previous = this.raw.get(kind)!.get(key);
    if (previous) this.unindex(kind, previous, affected);
    this.raw.get(kind)!.set(key, object as KubeObject);
    this.index(kind, object as KubeObject, affected);
    return affected;
  }

  /** Removes one object; returns the ExternalSecrets to evaluate again. */
  remove(kind: ClusterObjectKind, object: unknown): AffectedExternalSecrets {
    const affected: AffectedExternalSecrets = new Set();
    const key = isRecord(object) ? this.rawKey(kind, object) : undefined;
    const previous = key ? this.raw.get(kind)!.get(key) : undefined;
    if (!key || !previous) return affected;
    this.unindex(kind, previous, affected);
    this.raw.get(kind)!.delete(key);
    return affected;
  }

  /** Replaces every object of a kind (after a list); returns the ExternalSecrets to evaluate again. */
  replace(kind: ClusterObjectKind, objects: unknown): AffectedExternalSecrets {
    const affected: AffectedExternalSecrets = new Set();
    for (const previous of [...this.raw.get(kind)!.values()]) {
      for (const key of this.remove(kind, previous)) affected.add(key);
    }
    for (const object of records(objects)) {
      for (const key of this.upsert(kind, object)) affected.add(key);
    }
    return affected;
  }

  /** Keys (`<namespace>/<name>`) of every ExternalSecret, in the order they were first seen. */
  externalSecretKeys(): string[] {
    return [...this.esViews.keys()];
  }

  externalSecret(key: string): ExternalSecretView | undefined {
    return this.esViews.get(key);
  }

  /** Every SecretStore and ClusterSecretStore. */
  storeViews(): SecretStoreView[] {
    return [...this.stores.values()];
  }

  /** How many objects of each kind are held (for sizing and the loading progress). */
  counts(): Record<ClusterObjectKind, number> {
    const counts = {} as Record<ClusterObjectKind, number>;
    for (const [kind, map] of this.raw) counts[kind] = map.size;
    return counts;
  }

  // ---- ClusterIndex -------------------------------------------------------------

  get externalSecrets(): ExternalSecretView[] {
    this.esList ??= [...this.esViews.values()];
    return this.esList;
  }

  store(
    kind: StoreKind,
    namespace: string,
    name: string,
  ): SecretStoreView | undefined {
    return this.stores.get(storeKey(kind, namespace, name));
  }

  secret(namespace: string, name: string): KubeObject | undefined {
    return this.raw.get('secrets')!.get(`${namespace}/${name}`);
  }

  warningEvent(es: ExternalSecretView): WarningEvent | undefined {
    const newest = this.newestEvent(this.warnings, es);
    return newest
      ? { reason: newest.reason, message: newest.message, time: newest.time }
      : undefined;
  }

  esoWriteTime(es: ExternalSecretView): string | null {
    return this.newestEvent(this.writes, es)?.time ?? null;
  }

  consumers(namespace: string, secretName: string): WorkloadConsumer[] {
    const result: WorkloadConsumer[] = [];
    const secretKey = `${namespace}/${secretName}`;
    for (const podKey of this.readersBySecret.get(secretKey) ?? []) {
      for (const read of this.podReads.get(podKey) ?? []) {
        if (read.secretKey !== secretKey) continue;
        const workload = workloadOwner(read.consumer.pod, (kind, ns, name) =>
          this.owners.get(`${kind}/${ns}/${name}`),
        );
        if (workload) result.push({ workload, consumer: read.consumer });
      }
    }
    return result;
  }

  // ---- indexing ---------------------------------------------------------------

  /** ExternalSecrets are held per version (a dump may list both); Events by their own name. */
  private rawKey(
    kind: ClusterObjectKind,
    object: Record<string, any>,
  ): string | undefined {
    const key = keyOf(object);
    if (key === undefined) return undefined;
    return kind === 'externalSecrets'
      ? `${object.apiVersion ?? ''}|${key}`
      : key;
  }

  private index(
    kind: ClusterObjectKind,
    object: KubeObject,
    affected: AffectedExternalSecrets,
  ): void {
    const ownerKind = OWNER_KINDS[kind];
    switch (kind) {
      case 'externalSecrets': {
        const view = readExternalSecret(object);
        if (!view) return;
        const key = `${view.namespace}/${view.name}`;
        let versions = this.esVersions.get(key);
        if (!versions) this.esVersions.set(key, (versions = new Map()));
        versions.set(view.apiVersion, view);
        this.chooseView(key, affected);
        return;
      }
      case 'secretStores':
      case 'clusterSecretStores': {
        const store = readSecretStore(object, KIND_OF[kind] as StoreKind);
        if (!store) return;
        const sk = storeKey(store.kind, store.namespace ?? '', store.name);
        this.stores.set(sk, store);
        this.esByStore.get(sk)?.forEach(k => affected.add(k));
        return;
      }
      case 'secrets': {
        const key = keyOf(object);
        if (key) this.esByTarget.get(key)?.forEach(k => affected.add(k));
        return;
      }
      case 'pods': {
        const podKey = keyOf(object)!;
        const namespace = str(metaOf(object).namespace) ?? '';
        const reads = podSecretReads(object).map(read => ({
          secretKey: `${read.consumer.namespace}/${read.secretName}`,
          consumer: read.consumer,
        }));
        this.podReads.set(podKey, reads);
        for (const read of reads) {
          addTo(this.readersBySecret, read.secretKey, podKey);
          this.esByTarget.get(read.secretKey)?.forEach(k => affected.add(k));
        }
        const owner = ownerKeyOf(object, namespace);
        if (owner) addTo(this.children, owner, `Pod/${podKey}`);
        return;
      }
      case 'events': {
        const event = this.parseEvent(object);
        if (!event) return;
        const target = event.write ? this.writes : this.warnings;
        let byName = target.get(event.esKey);
        if (!byName) target.set(event.esKey, (byName = new Map()));
        byName.set(keyOf(object)!, event.parsed);
        affected.add(event.esKey);
        return;
      }
      default:
        if (ownerKind) {
          const namespace = str(metaOf(object).namespace) ?? '';
          const self = `${ownerKind}/${keyOf(object)}`;
          this.owners.set(self, object);
          const owner = ownerKeyOf(object, namespace);
          if (owner) addTo(this.children, owner, self);
          this.descendantsAffect(self, affected);
        }
    }
  }

  private unindex(
    kind: ClusterObjectKind,
    object: KubeObject,
    affected: AffectedExternalSecrets,
  ): void {
    const ownerKind = OWNER_KINDS[kind];
    switch (kind) {
      case 'externalSecrets': {
        const view = readExternalSecret(object);
        if (!view) return;
        const key = `${view.namespace}/${view.name}`;
        const versions = this.esVersions.get(key);
        versions?.delete(view.apiVersion);
        if (versions && versions.size === 0) this.esVersions.delete(key);
        this.chooseView(key, affected);
        return;
      }
      case 'secretStores':
      case 'clusterSecretStores': {
        const store = readSecretStore(object, KIND_OF[kind] as StoreKind);
        if (!store) return;
        const sk = storeKey(store.kind, store.namespace ?? '', store.name);
        this.stores.delete(sk);
        this.esByStore.get(sk)?.forEach(k => affected.add(k));
        return;
      }
      case 'secrets': {
        const key = keyOf(object);
        if (key) this.esByTarget.get(key)?.forEach(k => affected.add(k));
        return;
      }
      case 'pods': {
        const podKey = keyOf(object)!;
        for (const read of this.podReads.get(podKey) ?? []) {
          removeFrom(this.readersBySecret, read.secretKey, podKey);
          this.esByTarget.get(read.secretKey)?.forEach(k => affected.add(k));
        }
        this.podReads.delete(podKey);
        const owner = ownerKeyOf(object, str(metaOf(object).namespace) ?? '');
        if (owner) removeFrom(this.children, owner, `Pod/${podKey}`);
        return;
      }
      case 'events': {
        const event = this.parseEvent(object);
        if (!event) return;
        const target = event.write ? this.writes : this.warnings;
        const byName = target.get(event.esKey);
        byName?.delete(keyOf(object)!);
        if (byName?.size === 0) target.delete(event.esKey);
        affected.add(event.esKey);
        return;
      }
      default:
        if (ownerKind) {
          const self = `${ownerKind}/${keyOf(object)}`;
          this.owners.delete(self);
          const owner = ownerKeyOf(object, str(metaOf(object).namespace) ?? '');
          if (owner) removeFrom(this.children, owner, self);
          this.descendantsAffect(self, affected);
        }
    }
  }

  /** The view of one ExternalSecret after a version came or went (v1 wins), and its reverse indexes. */
  private chooseView(key: string, affected: AffectedExternalSecrets): void {
    const previous = this.esViews.get(key);
    if (previous) this.unlinkView(key, previous);
    const versions = this.esVersions.get(key);
    const view = versions
      ? versions.get(EXTERNAL_SECRET_API_VERSIONS[0]) ??
        versions.values().next().value
      : undefined;
    if (view) {
      this.esViews.set(key, view);
      if (view.storeRef && !view.storeRef.invalidKind) {
        addTo(
          this.esByStore,
          storeKey(view.storeRef.kind, view.namespace, view.storeRef.name),
          key,
        );
      }
      if (view.targetName)
        addTo(this.esByTarget, `${view.namespace}/${view.targetName}`, key);
    } else {
      this.esViews.delete(key);
    }
    this.esList = undefined;
    affected.add(key);
  }

  private unlinkView(key: string, view: ExternalSecretView): void {
    if (view.storeRef && !view.storeRef.invalidKind) {
      removeFrom(
        this.esByStore,
        storeKey(view.storeRef.kind, view.namespace, view.storeRef.name),
        key,
      );
    }
    if (view.targetName)
      removeFrom(this.esByTarget, `${view.namespace}/${view.targetName}`, key);
  }

  /** A workload changed: every ExternalSecret whose target a pod below it reads. */
  private descendantsAffect(
    owner: string,
    affected: AffectedExternalSecrets,
  ): void {
    const queue = [owner];
    const seen = new Set<string>(queue);
    while (queue.length) {
      const current = queue.pop()!;
      for (const child of this.children.get(current) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        if (child.startsWith('Pod/')) {
          for (const read of this.podReads.get(child.slice(4)) ?? [])
            this.esByTarget.get(read.secretKey)?.forEach(k => affected.add(k));
        } else {
          queue.push(child);
        }
      }
    }
  }

  /** An Event on an ExternalSecret: a Warning, or ESO's Normal Updated/Created. */
  private parseEvent(
    event: Record<string, any>,
  ): { esKey: string; write: boolean; parsed: ParsedEvent } | undefined {
    const involved = eventSubject(event);
    if (!involved || involved.kind !== 'ExternalSecret') return undefined;
    const write = event.type !== 'Warning';
    if (write && !isEsoWriteEvent(event)) return undefined;
    const namespace = str(involved.namespace) ?? str(metaOf(event).namespace);
    const name = str(involved.name);
    if (!namespace || !name) return undefined;
    const time = eventTime(event);
    return {
      esKey: `${namespace}/${name}`,
      write,
      parsed: {
        uid: str(involved.uid),
        reason: str(event.reason) ?? null,
        message: str(event.message) ?? str(event.note) ?? null,
        time,
        ms: time === null ? -Infinity : parseTime(time)!,
      },
    };
  }

  /** The newest Event about this ExternalSecret (not about an earlier object of the same name). */
  private newestEvent(
    events: Map<string, Map<string, ParsedEvent>>,
    es: ExternalSecretView,
  ): ParsedEvent | undefined {
    let newest: ParsedEvent | undefined;
    for (const event of events.get(`${es.namespace}/${es.name}`)?.values() ??
      []) {
      if (event.uid && es.uid && event.uid !== es.uid) continue;
      if (!newest || event.ms > newest.ms) newest = event;
    }
    return newest;
  }
}

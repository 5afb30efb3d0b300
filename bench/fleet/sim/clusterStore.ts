// One simulated cluster's objects, held pre-serialised: each object is kept as the JSON of its
// metadata and the JSON of everything else, so a list page, a metadata-only list and a watch
// event are assembled from buffers without serialising anything per request. Objects are
// indexed by namespace and by the `backstage.io/kubernetes-id` label, so a label-selected list
// (what the Kubernetes plugin sends per entity) touches only its own objects.
import { KUBERNETES_ID } from '../generator';
import { equalityValues, matches, Requirement } from './selectors';
import { ResourceDef, RESOURCES, resourceKey } from './resources';

export interface Entry {
  ns: string;
  name: string;
  labels: Record<string, string> | undefined;
  /** Field-selector values besides metadata.name/namespace (`type`, `involvedObject.kind`, …). */
  fields: Record<string, string> | undefined;
  rv: number;
  /** JSON of `metadata`. */
  meta: Buffer;
  /** `,"spec":…,"status":…`: the members after metadata, with a leading comma (may be empty). */
  rest: Buffer;
}

export interface HistoryEntry {
  rv: number;
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object as it was at that resourceVersion (entries are replaced, never mutated). */
  entry: Entry;
}

/** Field-selector fields each kind supports beyond metadata.name and metadata.namespace. */
const FIELDS: Record<string, (object: any) => Record<string, string>> = {
  Event: o => ({
    'involvedObject.kind': o.involvedObject?.kind ?? '',
    'involvedObject.name': o.involvedObject?.name ?? '',
    'involvedObject.namespace': o.involvedObject?.namespace ?? '',
    'involvedObject.uid': o.involvedObject?.uid ?? '',
    type: o.type ?? '',
    reason: o.reason ?? '',
  }),
  Pod: o => ({
    'status.phase': o.status?.phase ?? '',
    'spec.nodeName': o.spec?.nodeName ?? '',
  }),
  Secret: o => ({ type: o.type ?? '' }),
};

export function supportsField(def: ResourceDef, field: string): boolean {
  if (field === 'metadata.name' || field === 'metadata.namespace') return true;
  const sample = FIELDS[def.kind];
  return sample ? field in sample({}) : false;
}

/** Serialises an object once: its metadata and the rest, without kind and apiVersion. */
export function toEntry(object: any): Entry {
  const { apiVersion: _a, kind, metadata, ...rest } = object;
  const restJson = JSON.stringify(rest);
  return {
    ns: metadata.namespace ?? '',
    name: metadata.name,
    labels: metadata.labels,
    fields: FIELDS[kind]?.(object),
    rv: Number(metadata.resourceVersion),
    meta: Buffer.from(JSON.stringify(metadata)),
    rest: Buffer.from(restJson === '{}' ? '' : `,${restJson.slice(1, -1)}`),
  };
}

export class Collection {
  readonly entries: Entry[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byNs = new Map<string, Entry[]>();
  private readonly byId = new Map<string, Entry[]>();

  constructor(readonly def: ResourceDef) {}

  get(ns: string, name: string): Entry | undefined {
    const i = this.byKey.get(`${ns}/${name}`);
    return i === undefined ? undefined : this.entries[i];
  }

  /** Adds or replaces (same namespace/name) an object; returns whether it existed. */
  put(entry: Entry): boolean {
    const key = `${entry.ns}/${entry.name}`;
    const i = this.byKey.get(key);
    if (i !== undefined) {
      const previous = this.entries[i];
      this.entries[i] = entry;
      replaceIn(this.byNs.get(previous.ns), previous, entry);
      const id = previous.labels?.[KUBERNETES_ID];
      if (id) replaceIn(this.byId.get(id), previous, entry);
      return true;
    }
    this.byKey.set(key, this.entries.length);
    this.entries.push(entry);
    push(this.byNs, entry.ns, entry);
    const id = entry.labels?.[KUBERNETES_ID];
    if (id) push(this.byId, id, entry);
    return false;
  }

  /** The objects matching a namespace and selectors, in a stable order (for paging). */
  select(
    ns: string | undefined,
    labels: Requirement[],
    fields: Requirement[],
  ): Entry[] {
    let candidates: Entry[];
    const ids = equalityValues(labels, KUBERNETES_ID);
    if (ids) {
      candidates = ids.flatMap(id => this.byId.get(id) ?? []);
    } else if (ns !== undefined) {
      candidates = this.byNs.get(ns) ?? [];
    } else {
      candidates = this.entries;
    }
    if (ns === undefined && labels.length === 0 && fields.length === 0)
      return candidates;
    return candidates.filter(e => matchesEntry(e, ns, labels, fields));
  }
}

export function matchesEntry(
  entry: Entry,
  ns: string | undefined,
  labels: Requirement[],
  fields: Requirement[],
): boolean {
  if (ns !== undefined && entry.ns !== ns) return false;
  if (labels.length && !matches(entry.labels, labels)) return false;
  if (fields.length) {
    const values = {
      'metadata.name': entry.name,
      'metadata.namespace': entry.ns,
      ...entry.fields,
    };
    if (!matches(values, fields)) return false;
  }
  return true;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function replaceIn(list: Entry[] | undefined, previous: Entry, next: Entry) {
  if (!list) return;
  const i = list.indexOf(previous);
  if (i >= 0) list[i] = next;
}

/** How many watch events a cluster remembers; a watch from before them gets 410 Gone. */
const HISTORY_LIMIT = 5000;

export class ClusterStore {
  /** The cluster's current resourceVersion (etcd revision): every write increments it. */
  rv = 0;
  /** Watches from a resourceVersion older than this get 410 Gone. */
  historyStartRv = 0;
  readonly history: HistoryEntry[] = [];
  private readonly collections = new Map<string, Collection>();

  constructor(readonly index: number) {
    for (const def of RESOURCES)
      if (!def.metrics)
        this.collections.set(
          resourceKey(def.group, def.plural),
          new Collection(def),
        );
  }

  collection(def: ResourceDef): Collection | undefined {
    return this.collections.get(resourceKey(def.group, def.plural));
  }

  /** Adds an object at generation time (no watch event, no history). */
  load(def: ResourceDef, object: any): void {
    object.metadata.resourceVersion = String(++this.rv);
    this.collection(def)!.put(toEntry(object));
    this.historyStartRv = this.rv;
  }

  /** Writes an object (as a controller would): new resourceVersion, remembered for watches. */
  write(def: ResourceDef, object: any): HistoryEntry {
    object.metadata.resourceVersion = String(++this.rv);
    const entry = toEntry(object);
    const existed = this.collection(def)!.put(entry);
    const event: HistoryEntry = {
      rv: this.rv,
      resource: resourceKey(def.group, def.plural),
      type: existed ? 'MODIFIED' : 'ADDED',
      entry,
    };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) {
      const dropped = this.history.splice(
        0,
        this.history.length - HISTORY_LIMIT,
      );
      this.historyStartRv = dropped[dropped.length - 1].rv;
    }
    return event;
  }

  /** Forgets every remembered event: watches from before now get 410 Gone. */
  compact(): void {
    this.history.length = 0;
    this.historyStartRv = this.rv;
  }

  objectCount(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [key, collection] of this.collections)
      if (collection.entries.length) counts[key] = collection.entries.length;
    return counts;
  }
}

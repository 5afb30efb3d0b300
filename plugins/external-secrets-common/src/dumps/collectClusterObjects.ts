import { stripObject } from '../kubernetes/stripObject';
import {
  ClusterObjectKind,
  ClusterObjects,
  KubeObject,
} from '../types/kubernetes';

/** Where each `<group>/<kind>` goes (core group is the empty string). Versions are not checked. */
const ROUTES: Record<string, ClusterObjectKind> = {
  'external-secrets.io/ExternalSecret': 'externalSecrets',
  'external-secrets.io/ClusterExternalSecret': 'clusterExternalSecrets',
  'external-secrets.io/SecretStore': 'secretStores',
  'external-secrets.io/ClusterSecretStore': 'clusterSecretStores',
  '/Secret': 'secrets',
  '/Pod': 'pods',
  '/Event': 'events',
  'events.k8s.io/Event': 'events',
  'apps/ReplicaSet': 'replicaSets',
  'apps/Deployment': 'deployments',
  'apps/StatefulSet': 'statefulSets',
  'apps/DaemonSet': 'daemonSets',
  'batch/Job': 'jobs',
  'batch/CronJob': 'cronJobs',
};

/**
 * An empty {@link ClusterObjects}.
 *
 * @public
 */
export function emptyClusterObjects(): ClusterObjects {
  return {
    externalSecrets: [],
    clusterExternalSecrets: [],
    secretStores: [],
    clusterSecretStores: [],
    secrets: [],
    pods: [],
    replicaSets: [],
    deployments: [],
    statefulSets: [],
    daemonSets: [],
    jobs: [],
    cronJobs: [],
    events: [],
  };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function dropUndefined(object: Record<string, unknown>): KubeObject {
  for (const key of Object.keys(object)) {
    if (object[key] === undefined) {
      delete object[key];
    }
  }
  return object as KubeObject;
}

/**
 * An `events.k8s.io/v1` Event in the shape of a core `v1` Event: `regarding` → `involvedObject`,
 * `note` → `message`, `deprecatedLastTimestamp` (or the series' last observation, or
 * `eventTime`) → `lastTimestamp`.
 *
 * @public
 */
export function normaliseEvent(event: KubeObject): KubeObject {
  if (groupOf(event.apiVersion ?? '') !== 'events.k8s.io') {
    return event;
  }
  const e = event as Record<string, any>;
  const series =
    e.series && typeof e.series === 'object' ? e.series : undefined;
  return dropUndefined({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: event.metadata,
    involvedObject: e.regarding,
    related: e.related,
    reason: e.reason,
    message: e.note,
    type: e.type,
    action: e.action,
    source: e.deprecatedSource,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
    firstTimestamp: e.deprecatedFirstTimestamp ?? e.eventTime,
    lastTimestamp:
      e.deprecatedLastTimestamp ?? series?.lastObservedTime ?? e.eventTime,
    eventTime: e.eventTime,
    count: e.deprecatedCount ?? series?.count,
    series,
  });
}

/** @public */
export interface CollectedClusterObjects {
  objects: ClusterObjects;
  /** Objects of kinds the engine does not read, counted by `apiVersion kind` (`(no kind)` when absent). */
  skipped: Record<string, number>;
  /**
   * Extra copies of objects that appeared more than once (same group, kind, namespace and name,
   * any version): the copy of the preferred API version is kept (`external-secrets.io/v1` over
   * `v1beta1`, as the backend reads v1 and falls back to v1beta1), and among copies of one
   * version the last one.
   */
  duplicates: number;
  /** Of {@link CollectedClusterObjects.duplicates}, the copies that differed in API version from the one they met. */
  duplicatesInOtherVersions: number;
  /** Secrets that carry no `managedFields` (dump made without `--show-managed-fields`): their change time is unknown. */
  secretsWithoutManagedFields: number;
}

function identity(
  group: string,
  kind: string,
  object: KubeObject,
): string | undefined {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || !name) {
    return undefined;
  }
  return `${group}/${kind}/${object.metadata?.namespace ?? ''}/${name}`;
}

const STABILITY: Record<string, number> = { alpha: 1, beta: 2, '': 3 };

/**
 * Kubernetes version priority of the version part of two `apiVersion`s (`group/v1` or `v1`):
 * positive when `a` is preferred. GA before beta before alpha, then the higher major, then the
 * higher beta/alpha number (`v1 > v1beta2 > v1beta1 > v1alpha1`); versions that do not
 * follow the pattern come last (0 between two of them, and between equal versions).
 *
 * @public
 */
export function compareApiVersionPriority(a: string, b: string): number {
  const parse = (apiVersion: string) => {
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    return match
      ? [STABILITY[match[2] ?? ''], Number(match[1]), Number(match[3] ?? 0)]
      : [0, 0, 0];
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) {
    if (x[i] !== y[i]) {
      return x[i] - y[i];
    }
  }
  return 0;
}

/**
 * Sorts Kubernetes objects into {@link ClusterObjects} by API group and kind (ESO kinds of group
 * `external-secrets.io` in any version; core Secret, Pod, Event and `events.k8s.io` Event; apps
 * ReplicaSet, Deployment, StatefulSet, DaemonSet; batch Job, CronJob). Other kinds are counted
 * and skipped. Each object is reduced by {@link stripObject} (Secrets to metadata only, the
 * last-applied annotation dropped everywhere), on a copy. An object seen twice counts once: the
 * copy of the preferred API version wins ({@link compareApiVersionPriority}: an ExternalSecret
 * dumped as both `external-secrets.io/v1` and `v1beta1` is read as v1, whatever the order), else
 * the last copy.
 *
 * @public
 */
export function collectClusterObjectsWithStats(
  items: Iterable<KubeObject>,
): CollectedClusterObjects {
  const buckets = new Map<
    ClusterObjectKind,
    Map<string, { object: KubeObject; apiVersion: string }>
  >();
  const unnamed = new Map<ClusterObjectKind, KubeObject[]>();
  const skipped: Record<string, number> = {};
  let duplicates = 0;
  let duplicatesInOtherVersions = 0;

  for (const item of items) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      continue;
    }
    const apiVersion =
      typeof item.apiVersion === 'string' ? item.apiVersion : '';
    const kind = typeof item.kind === 'string' ? item.kind : '';
    const group = groupOf(apiVersion);
    const route = kind ? ROUTES[`${group}/${kind}`] : undefined;
    if (!route) {
      const label = kind ? `${apiVersion} ${kind}`.trim() : '(no kind)';
      skipped[label] = (skipped[label] ?? 0) + 1;
      continue;
    }

    // The one stripping policy of the backend, on a copy: the caller's objects stay as given.
    const copy = structuredClone(
      route === 'events' ? normaliseEvent(item) : item,
    );
    const object = stripObject(route, copy);

    const key = identity(group, kind, item);
    if (key === undefined) {
      const list = unnamed.get(route) ?? [];
      list.push(object);
      unnamed.set(route, list);
      continue;
    }
    let bucket = buckets.get(route);
    if (!bucket) {
      bucket = new Map();
      buckets.set(route, bucket);
    }
    const previous = bucket.get(key);
    if (previous) {
      duplicates += 1;
      if (previous.apiVersion !== apiVersion) {
        duplicatesInOtherVersions += 1;
      }
      if (compareApiVersionPriority(apiVersion, previous.apiVersion) < 0) {
        continue; // the copy already kept is of a preferred version
      }
    }
    bucket.set(key, { object, apiVersion });
  }

  const objects = emptyClusterObjects();
  for (const route of Object.keys(objects) as ClusterObjectKind[]) {
    objects[route] = [
      ...[...(buckets.get(route)?.values() ?? [])].map(kept => kept.object),
      ...(unnamed.get(route) ?? []),
    ];
  }
  const secretsWithoutManagedFields = objects.secrets.filter(secret => {
    const managed = secret.metadata?.managedFields;
    return !Array.isArray(managed) || managed.length === 0;
  }).length;

  return {
    objects,
    skipped,
    duplicates,
    duplicatesInOtherVersions,
    secretsWithoutManagedFields,
  };
}

/**
 * {@link collectClusterObjectsWithStats} without the counts.
 *
 * @public
 */
export function collectClusterObjects(
  items: Iterable<KubeObject>,
): ClusterObjects {
  return collectClusterObjectsWithStats(items).objects;
}

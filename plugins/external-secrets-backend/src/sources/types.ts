import {
  ClusterObjectKind,
  ClusterObjects,
  ClusterSecretsAccess,
  ClusterState,
  KubeObject,
} from '@eso-health/plugin-external-secrets-common';

/**
 * What changed in a source, so the evaluation can follow it object by object:
 * - `upsert`/`remove`: one object of a kind (a watch event);
 * - `replace`: every object of a kind, now in `objects()` (a list, after start or a 410);
 * - `reset`: anything may have changed (a manifests folder re-read); read `objects()` again.
 * The listener is also called without a change when only `state()` changed.
 */
export type SourceChange =
  | {
      type: 'upsert' | 'remove';
      kind: ClusterObjectKind;
      object: KubeObject;
    }
  | { type: 'replace'; kind: ClusterObjectKind }
  | { type: 'reset' };

/**
 * A source of one cluster's objects: a live Kubernetes API (list + watch) or a manifests folder.
 * Sources keep the latest objects in memory; the API never calls a cluster per request.
 */
export interface ClusterSource {
  readonly name: string;
  /** Starts listing/watching. Resolves after the first attempt (successful or not); never rejects. */
  start(): Promise<void>;
  /** Stops every watch and timer. */
  stop(): Promise<void>;
  /** The latest known objects (last known good data when the cluster is unreachable). Secrets carry metadata only. */
  objects(): ClusterObjects;
  /** Health of the connection: ok, or error with a message saying what to do, plus when data was last good. */
  state(): ClusterState;
  /** `none` when the source reads no Secrets; `metadata` when absent. */
  readonly secrets?: ClusterSecretsAccess;
  /** Kinds the source may not read (RBAC): what depends on them is unknown, not missing. */
  unreadableKinds?(): ClusterObjectKind[];
  /**
   * False when the source's times are not real history (a replay that follows the clock): the
   * index then records no history for it. Default true.
   */
  readonly tracksHistory?: boolean;
  /**
   * True once every kind the source serves has been listed (or found not served): before that
   * its objects are a partial view, which must not be judged (a Secret not listed yet is not a
   * missing Secret).
   */
  ready(): boolean;
  /** Registers a listener called for every change of objects, and without one for state changes. */
  onChange(listener: (change?: SourceChange) => void): () => void;
  /**
   * Merge-patches annotations of an ExternalSecret or ClusterExternalSecret (the force-sync action).
   * Throws a NotAllowedError/InputError from @backstage/errors when the source is read-only.
   */
  annotate(
    target: AnnotateTarget,
    annotations: Record<string, string>,
  ): Promise<void>;
}

export interface AnnotateTarget {
  kind: 'ExternalSecret' | 'ClusterExternalSecret';
  /** The served API version, e.g. `external-secrets.io/v1`. */
  apiVersion: string;
  name: string;
  /** Absent for ClusterExternalSecret. */
  namespace?: string;
}

/** The clusters being watched, which can change while the backend runs (catalog clusters). */
export interface ClusterSet {
  list(): ClusterSource[];
  get(name: string): ClusterSource | undefined;
  /** Called after clusters were added or removed. */
  onChange(listener: () => void): () => void;
}

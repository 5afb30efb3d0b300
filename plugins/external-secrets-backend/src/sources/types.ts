import {
  ClusterObjects,
  ClusterState,
} from '@eso-health/plugin-external-secrets-common';

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
  /**
   * The moment the data represents when it is a replayed dump with a frozen clock (findings are
   * then evaluated at that moment, forever); undefined for live data, evaluated at the real time.
   */
  frozenAt?(): Date | undefined;
  /** Registers a listener called (possibly often; callers debounce) whenever objects or state change. */
  onChange(listener: () => void): () => void;
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

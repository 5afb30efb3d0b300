import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  ClusterObjects,
  ClusterState,
  collectClusterObjects,
} from '@eso-health/plugin-external-secrets-common';
import {
  nodeFileSystem,
  readManifests,
} from '@eso-health/plugin-external-secrets-node';
import { AnnotateTarget, ClusterSource, SourceChange } from '../types';
import { ListenerSet } from '../../lib/ListenerSet';
import { readAndWatch } from '../../lib/watchPath';
import { Replay, ReplayedValue } from '../../lib/Replay';

export interface ManifestsClusterSourceOptions {
  name: string;
  /** File or folder of `kubectl get -o yaml` dumps. */
  path: string;
  /** Shows the dump as if captured at another time (`externalSecrets.replay`). */
  replay?: Replay;
  logger: LoggerService;
  clock?: () => Date;
}

/**
 * A cluster read from a file or folder of manifests, re-read when the files change. Read-only:
 * it keeps the last good objects when a file becomes unreadable and says which one.
 */
export class ManifestsClusterSource implements ClusterSource {
  readonly name: string;
  private readonly options: ManifestsClusterSourceOptions;
  private readonly listeners = new ListenerSet<SourceChange>();
  private loaded = false;
  private readonly current: ReplayedValue<ClusterObjects>;
  private status: ClusterState;
  private stopWatching?: () => Promise<void>;

  readonly tracksHistory: boolean;

  constructor(options: ManifestsClusterSourceOptions) {
    this.options = options;
    this.name = options.name;
    this.tracksHistory = options.replay?.tracksHistory ?? true;
    this.current = new ReplayedValue(collectClusterObjects([]), options.replay);
    this.status = {
      name: options.name,
      status: 'error',
      error: 'not read yet',
      lastUpdated: null,
    };
  }

  async start(): Promise<void> {
    this.stopWatching = await readAndWatch(this.options.path, () =>
      this.reload(),
    );
  }

  async stop(): Promise<void> {
    await this.stopWatching?.();
  }

  objects(): ClusterObjects {
    return this.current.get();
  }

  state(): ClusterState {
    return this.status;
  }

  onChange(listener: (change?: SourceChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /** After the first read, good or not (a folder that cannot be read is in error, not loading). */
  ready(): boolean {
    return this.loaded;
  }

  async annotate(target: AnnotateTarget): Promise<void> {
    const ns = target.namespace ? ` -n ${target.namespace}` : '';
    throw new ConflictError(
      `Cluster '${this.name}' is read from manifest files and cannot be changed from here; ` +
        `on the real cluster run: kubectl annotate ${target.kind.toLowerCase()} ${
          target.name
        }${ns} force-sync=$(date +%s) --overwrite`,
    );
  }

  private async reload(): Promise<void> {
    const now = (this.options.clock ?? (() => new Date()))();
    try {
      const { objects } = await readManifests(
        [this.options.path],
        nodeFileSystem,
        { flag: `the manifests of cluster ${this.name}` },
      );
      this.current.set(collectClusterObjects(objects));
      this.status = {
        name: this.name,
        status: 'ok',
        lastUpdated: now.toISOString(),
      };
    } catch (error) {
      const message = (error as Error).message.replace(/\.$/, '');
      this.options.logger.warn(`Cluster ${this.name}: ${message}`);
      this.status = {
        name: this.name,
        status: 'error',
        error: `${message}. Fix the file; the last readable content is shown until then.`,
        lastUpdated: this.status.lastUpdated,
      };
    }
    this.loaded = true;
    this.listeners.notify({ type: 'reset' });
  }
}

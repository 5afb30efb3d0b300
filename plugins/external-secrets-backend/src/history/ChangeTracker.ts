import { LoggerService } from '@backstage/backend-plugin-api';
import {
  esoWriteTime,
  EvaluatedExternalSecret,
  HistoryEvent,
  KubeObject,
} from '@eso-health/plugin-external-secrets-common';
import { HistoryStore, LastState, SecretHash } from './HistoryStore';

/** ESO's annotation on the target Secret: a hash of its data (never the data). */
export const DATA_HASH_ANNOTATION = 'reconcile.external-secrets.io/data-hash';

const key = (cluster: string, namespace: string, name: string) =>
  `${cluster}/${namespace}/${name}`;

/**
 * Turns successive evaluations into history: data-hash changes observed on Secrets (extra
 * evidence of when data changed, kept across restarts), syncs, data changes and health changes
 * of each ExternalSecret. Writes are queued one after the other and never block evaluation.
 */
export class ChangeTracker {
  private readonly hashes = new Map<string, SecretHash>();
  private readonly states = new Map<string, LastState>();
  private writes: Promise<void> = Promise.resolve();

  static async create(
    store: HistoryStore,
    logger: LoggerService,
  ): Promise<ChangeTracker> {
    const tracker = new ChangeTracker(store, logger);
    for (const hash of await store.loadSecretHashes()) {
      tracker.hashes.set(key(hash.cluster, hash.namespace, hash.name), hash);
    }
    for (const state of await store.loadLastStates()) {
      tracker.states.set(
        key(state.cluster, state.namespace, state.name),
        state,
      );
    }
    return tracker;
  }

  private constructor(
    private readonly store: HistoryStore,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Notes each Secret's data-hash and returns, for this cluster, when each Secret's current data
   * arrived, keyed `<namespace>/<name>` as the engine expects: the time of ESO's write that
   * carried the new hash (its managedFields time, else the time the change was seen). On first
   * sight that is ESO's latest write; later writes that keep the hash (ESO copying a force-sync
   * annotation onto the Secret) do not move it.
   */
  observeSecrets(
    cluster: string,
    secrets: KubeObject[],
    now: Date,
  ): Record<string, string> {
    const changed: SecretHash[] = [];
    const observed: Record<string, string> = {};
    for (const secret of secrets) {
      const namespace = secret.metadata?.namespace;
      const name = secret.metadata?.name;
      const dataHash = secret.metadata?.annotations?.[DATA_HASH_ANNOTATION];
      if (!namespace || !name || !dataHash) continue;
      const k = key(cluster, namespace, name);
      const known = this.hashes.get(k);
      if (!known || known.dataHash !== dataHash) {
        const written = esoWriteTime(secret);
        // A new hash arrived with ESO's write (or, without managedFields, when we saw it); on
        // first sight ESO's latest write is the best evidence there is.
        const arrived = known ? written ?? now.toISOString() : written;
        const next = {
          cluster,
          namespace,
          name,
          dataHash,
          changedAt: arrived ? new Date(arrived).toISOString() : null,
        };
        this.hashes.set(k, next);
        changed.push(next);
      }
      const changedAt = this.hashes.get(k)!.changedAt;
      if (changedAt) observed[`${namespace}/${name}`] = changedAt;
    }
    if (changed.length)
      this.enqueue(() => this.store.saveSecretHashes(changed));
    return observed;
  }

  /**
   * For a cluster whose Secrets are not read: when ESO last rewrote each ExternalSecret's Secret
   * as far as the backend knows (its last recorded change time), keyed `<namespace>/<name>` of
   * the ExternalSecret. ESO's Events expire after an hour; this keeps what they said, across
   * restarts.
   */
  observedEsoWrites(cluster: string): Record<string, string> {
    const observed: Record<string, string> = {};
    for (const state of this.states.values()) {
      if (state.cluster === cluster && state.secretChangedAt)
        observed[`${state.namespace}/${state.name}`] = state.secretChangedAt;
    }
    return observed;
  }

  /** Compares an evaluation with the last known state and records what changed. */
  recordEvaluation(
    cluster: string,
    results: EvaluatedExternalSecret[],
    now: Date,
  ): void {
    const events: HistoryEvent[] = [];
    const updated: LastState[] = [];
    for (const { status } of results) {
      const k = key(cluster, status.namespace, status.name);
      const previous = this.states.get(k);
      const next: LastState = {
        cluster,
        namespace: status.namespace,
        name: status.name,
        health: status.health,
        lastSyncTime: status.lastSyncTime,
        secretChangedAt: status.secretChangedAt,
      };
      if (
        previous &&
        previous.health === next.health &&
        previous.lastSyncTime === next.lastSyncTime &&
        previous.secretChangedAt === next.secretChangedAt
      ) {
        continue;
      }
      updated.push(next);
      this.states.set(k, next);
      if (!previous) continue;
      const base = { cluster, namespace: status.namespace, name: status.name };
      if (next.lastSyncTime && next.lastSyncTime !== previous.lastSyncTime) {
        events.push({
          ...base,
          type: 'synced',
          at: next.lastSyncTime,
          detail: 'ESO synced from the provider',
        });
      }
      if (
        next.secretChangedAt &&
        next.secretChangedAt !== previous.secretChangedAt
      ) {
        events.push({
          ...base,
          type: 'secret-changed',
          at: next.secretChangedAt,
          detail: status.targetSecret
            ? `Secret ${status.targetSecret} data changed`
            : 'Secret data changed',
        });
      }
      if (next.health !== previous.health) {
        const rules = [...new Set(status.findings.map(f => f.rule))].join(', ');
        events.push({
          ...base,
          type: 'health-changed',
          at: now.toISOString(),
          detail: `${previous.health} → ${next.health}${
            rules ? ` (${rules})` : ''
          }`,
        });
      }
    }
    if (updated.length) this.enqueue(() => this.store.saveLastStates(updated));
    if (events.length) this.enqueue(() => this.store.addEvents(events));
  }

  /** Records a user's sync request right away. */
  async recordSyncRequest(event: HistoryEvent): Promise<void> {
    this.enqueue(() => this.store.addEvents([event]));
    await this.flush();
  }

  /** Resolves when every queued write has been attempted. */
  flush(): Promise<void> {
    return this.writes;
  }

  private enqueue(write: () => Promise<unknown>): void {
    this.writes = this.writes.then(write).then(
      () => undefined,
      error =>
        this.logger.error(`Failed to write External Secrets history: ${error}`),
    );
  }
}

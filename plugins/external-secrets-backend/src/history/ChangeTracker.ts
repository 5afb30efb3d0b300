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
   * Notes a Secret's data-hash (called for every Secret listed or changed). When the hash is new,
   * its arrival time is the time of ESO's write that carried it (its managedFields time), else the
   * time the change was seen; on first sight, ESO's latest write. Later writes that keep the hash
   * (ESO copying a force-sync annotation onto the Secret) do not move it.
   */
  observeSecret(cluster: string, secret: KubeObject, now: Date): void {
    const namespace = secret.metadata?.namespace;
    const name = secret.metadata?.name;
    const dataHash = secret.metadata?.annotations?.[DATA_HASH_ANNOTATION];
    if (!namespace || !name || !dataHash) return;
    const k = key(cluster, namespace, name);
    const known = this.hashes.get(k);
    if (known && known.dataHash === dataHash) return;
    const written = esoWriteTime(secret);
    const arrived = known ? written ?? now.toISOString() : written;
    const next = {
      cluster,
      namespace,
      name,
      dataHash,
      changedAt: arrived ? new Date(arrived).toISOString() : null,
    };
    this.hashes.set(k, next);
    this.enqueue(() => this.store.saveSecretHashes([next]));
  }

  /** When Secret `namespace/name` of `cluster` got its current data, as observed (see observeSecret). */
  secretChangedAt(
    cluster: string,
    namespace: string,
    name: string,
  ): string | undefined {
    return (
      this.hashes.get(key(cluster, namespace, name))?.changedAt ?? undefined
    );
  }

  /**
   * The last change time recorded for ExternalSecret `namespace/name` of `cluster`. For a
   * cluster whose Secrets are not read, that is when ESO last rewrote the Secret as its Events
   * said: Events expire after an hour, this survives them and restarts.
   */
  lastSecretChange(
    cluster: string,
    namespace: string,
    name: string,
  ): string | undefined {
    return (
      this.states.get(key(cluster, namespace, name))?.secretChangedAt ??
      undefined
    );
  }

  /** Compares an evaluation with the last known state and records what changed. */
  recordEvaluation(
    cluster: string,
    results: EvaluatedExternalSecret[],
    now: Date,
  ): void {
    const first: LastState[] = [];
    const moves: Array<{
      previous: LastState;
      next: LastState;
      events: HistoryEvent[];
    }> = [];
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
      this.states.set(k, next);
      if (previous) {
        moves.push({
          previous,
          next,
          events: transitionEvents(previous, next, status, now),
        });
      } else {
        first.push(next);
      }
    }
    if (first.length) this.enqueue(() => this.store.addFirstStates(first));
    if (moves.length)
      this.enqueue(async () => {
        // Only the replica that moves the stored state records the transition.
        const claimed = await this.store.claimTransitions(moves);
        const events = moves.flatMap((move, i) =>
          claimed[i] ? move.events : [],
        );
        if (events.length) await this.store.addEvents(events);
      });
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

/** What changed between two states of one ExternalSecret, as history events. */
function transitionEvents(
  previous: LastState,
  next: LastState,
  status: EvaluatedExternalSecret['status'],
  now: Date,
): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const base = {
    cluster: next.cluster,
    namespace: next.namespace,
    name: next.name,
  };
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
  return events;
}

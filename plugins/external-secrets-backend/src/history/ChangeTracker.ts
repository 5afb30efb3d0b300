import { LoggerService } from '@backstage/backend-plugin-api';
import {
  esoWriteTime,
  EvaluatedExternalSecret,
  HistoryEvent,
  KubeObject,
  ProviderChange,
  WorkloadStart,
} from '@eso-health/plugin-external-secrets-common';
import {
  HistoryStore,
  LastState,
  SecretHash,
  StoredEvent,
} from './HistoryStore';

/** Keys of events timed by the provider or the cluster: the same on every replica. */
const providerChangeKey = (c: ProviderChange) => `${c.key}@${c.at}`;
const workloadStartKey = (w: WorkloadStart) =>
  `${w.kind}/${w.name}@${w.startedAt}`;

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
  /** Keys of the provider-changed and workload-restarted events already written, per ExternalSecret. */
  private readonly written = new Map<string, Set<string>>();
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

  /**
   * Compares an evaluation with the last known state and records what changed. Events with a time
   * of their own (a sync at lastSyncTime, a data change ESO dated, a provider version, a workload
   * rollout) are keyed: every replica inserts them and the database keeps one. Health changes
   * (timed by the observer) are written only by the replica that moves the stored state.
   */
  recordEvaluation(
    cluster: string,
    results: EvaluatedExternalSecret[],
    now: Date,
  ): void {
    const first: LastState[] = [];
    const keyed: StoredEvent[] = [];
    const moves: Array<{
      previous: LastState;
      next: LastState;
      events: HistoryEvent[];
    }> = [];
    for (const { status, changes } of results) {
      const k = key(cluster, status.namespace, status.name);
      keyed.push(...this.newChanges(k, cluster, status, changes));
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
      const transition = transitionEvents(previous, next, status, now);
      keyed.push(...transition.keyed);
      if (previous) {
        moves.push({ previous, next, events: transition.claimed });
      } else {
        first.push(next);
      }
    }
    if (keyed.length) this.enqueue(() => this.store.addEvents(keyed));
    if (first.length) this.enqueue(() => this.store.addFirstStates(first));
    if (moves.length)
      this.enqueue(async () => {
        // Only the replica that moves the stored state records the observer-timed events.
        const claimed = await this.store.claimTransitions(moves);
        const events = moves.flatMap((move, i) =>
          claimed[i] ? move.events : [],
        );
        if (events.length) await this.store.addEvents(events);
        // A failed claim means the stored state differs from ours (another replica moved it, or
        // ours diverged): adopt it, so the next change is claimed from what is stored.
        for (const [i, move] of moves.entries()) {
          if (claimed[i]) continue;
          const stored = await this.store.loadLastState(move.next);
          const k = key(move.next.cluster, move.next.namespace, move.next.name);
          if (stored && this.states.get(k) === move.next) {
            this.states.set(k, stored);
          }
        }
      });
  }

  /** Provider versions and workload rollouts not written yet, as keyed events. */
  private newChanges(
    k: string,
    cluster: string,
    status: EvaluatedExternalSecret['status'],
    changes: EvaluatedExternalSecret['changes'],
  ): StoredEvent[] {
    if (!changes) return [];
    const base = { cluster, namespace: status.namespace, name: status.name };
    const provider = status.store.providerTitle ?? 'The provider';
    const seen = this.written.get(k) ?? new Set<string>();
    this.written.set(k, seen);
    // Every full pass sees the same changes again: skip written ones before building texts.
    const unseen = <T>(items: T[], keyOf: (item: T) => string) =>
      items.filter(item => {
        const eventKey = keyOf(item);
        if (seen.has(eventKey)) return false;
        seen.add(eventKey);
        return true;
      });
    return [
      ...unseen(changes.providerChanges, providerChangeKey).map(
        (change): StoredEvent => ({
          ...base,
          type: 'provider-changed',
          at: change.at,
          key: providerChangeKey(change),
          detail:
            change.evidence === 'version'
              ? `${provider} got a new current version of "${change.key}"`
              : `${provider} changed "${change.key}" (its change time; metadata edits move it too)`,
        }),
      ),
      ...unseen(changes.workloadStarts, workloadStartKey).map(
        (start): StoredEvent => ({
          ...base,
          type: 'workload-restarted',
          at: start.startedAt,
          key: workloadStartKey(start),
          detail: `${start.kind} ${start.name} restarted: its ${
            start.containers
          } container${
            start.containers === 1 ? '' : 's'
          } reading the Secret run since then`,
        }),
      ),
    ];
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

/**
 * What changed between two states of one ExternalSecret: keyed events (their time is the
 * cluster's, the same on every replica) and events only the claiming replica writes.
 */
function transitionEvents(
  previous: LastState | undefined,
  next: LastState,
  status: EvaluatedExternalSecret['status'],
  now: Date,
): { keyed: StoredEvent[]; claimed: HistoryEvent[] } {
  const keyed: StoredEvent[] = [];
  const claimed: HistoryEvent[] = [];
  const base = {
    cluster: next.cluster,
    namespace: next.namespace,
    name: next.name,
  };
  if (next.lastSyncTime && next.lastSyncTime !== previous?.lastSyncTime) {
    keyed.push({
      ...base,
      type: 'synced',
      at: next.lastSyncTime,
      key: next.lastSyncTime,
      detail: 'ESO synced from the provider',
    });
  }
  if (
    previous &&
    next.secretChangedAt &&
    next.secretChangedAt !== previous.secretChangedAt
  ) {
    const event: HistoryEvent = {
      ...base,
      type: 'secret-changed',
      at: next.secretChangedAt,
      detail: status.targetSecret
        ? `Secret ${status.targetSecret} data changed`
        : 'Secret data changed',
    };
    // A data-hash change may be timed by when this replica saw it: claimed, not keyed.
    if (status.secretChangeEvidence === 'data-hash') claimed.push(event);
    else keyed.push({ ...event, key: next.secretChangedAt });
  }
  if (previous && next.health !== previous.health) {
    const rules = [...new Set(status.findings.map(f => f.rule))].join(', ');
    claimed.push({
      ...base,
      type: 'health-changed',
      at: now.toISOString(),
      health: next.health,
      detail: `${previous.health} → ${next.health}${
        rules ? ` (${rules})` : ''
      }`,
    });
  }
  return { keyed, claimed };
}

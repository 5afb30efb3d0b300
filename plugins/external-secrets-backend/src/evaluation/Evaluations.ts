import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterModel,
  DriftThresholds,
  evaluationContext,
  EvaluationContext,
  KubeObject,
  ProviderMetadata,
  SecretProvider,
} from '@eso-health/plugin-external-secrets-common';
import { ChangeTracker } from '../history/ChangeTracker';
import { ProviderMetadataSource } from '../providers/types';
import { ClusterSet, ClusterSource } from '../sources/types';
import { ListenerSet } from '../lib/ListenerSet';
import { ClusterEvaluator, EvaluationUpdate } from './ClusterEvaluator';
import { EventLoopTurns } from './EventLoopTurns';

export interface EvaluationsOptions {
  clusters: ClusterSet;
  providers: ProviderMetadataSource[];
  /** The providers that judge stores (built in and from modules); default: common's. */
  secretProviders?: readonly SecretProvider[];
  thresholds: DriftThresholds;
  /** History: follows Secrets' data-hash and records what each evaluation changed. */
  tracker?: ChangeTracker;
  logger: LoggerService;
  clock?: () => Date;
  /** Per evaluation step: its duration and size (metrics). */
  onStep?: (
    cluster: string,
    durationMs: number,
    evaluated: number,
    full: boolean,
  ) => void;
}

/**
 * Runs one {@link ClusterEvaluator} per watched cluster (following clusters that come and go),
 * gives them what every cluster shares (provider metadata, thresholds, history), and publishes
 * their results to whoever subscribes: the read model that answers requests, and the change
 * tracker that records history. A new provider listing re-evaluates every cluster.
 */
export class Evaluations {
  private readonly evaluators = new Map<ClusterSource, ClusterEvaluator>();
  private readonly unsubscribes: Array<() => void> = [];
  private readonly sourceSubscriptions = new Map<ClusterSource, () => void>();
  private readonly updates = new ListenerSet<EvaluationUpdate>();
  private readonly removedClusters = new ListenerSet<string>();
  private provider: ProviderMetadata = {};
  private providerContext?: Omit<EvaluationContext, 'now' | 'cluster'>;
  /** One queue of turns for every cluster's steps: one step per event-loop turn. */
  private readonly turns = new EventLoopTurns();

  constructor(private readonly options: EvaluationsOptions) {}

  /** Called with every evaluation step's results. */
  onUpdate(listener: (update: EvaluationUpdate) => void): () => void {
    return this.updates.add(update => update && listener(update));
  }

  /** Called with the name of a cluster that is no longer watched. */
  onClusterRemoved(listener: (cluster: string) => void): () => void {
    return this.removedClusters.add(name => name && listener(name));
  }

  start(): void {
    this.reloadProviders();
    this.unsubscribes.push(
      this.options.clusters.onChange(() => this.followClusters()),
    );
    for (const provider of this.options.providers) {
      this.unsubscribes.push(
        provider.onChange(() => {
          this.reloadProviders();
          this.evaluateAll();
        }),
      );
    }
    this.followClusters();
  }

  stop(): void {
    this.unsubscribes.splice(0).forEach(unsubscribe => unsubscribe());
    for (const [source, evaluator] of this.evaluators) {
      evaluator.stop();
      this.sourceSubscriptions.get(source)?.();
    }
    this.evaluators.clear();
    this.sourceSubscriptions.clear();
  }

  /** A full pass of every cluster (the time-based rules move with the clock). */
  evaluateAll(): void {
    for (const evaluator of this.evaluators.values()) evaluator.requestFull();
  }

  /** The current model of each evaluated cluster (provider-ahead candidates, store states). */
  models(): Map<string, ClusterModel> {
    return new Map(
      [...this.evaluators.values()].map(e => [e.source.name, e.model]),
    );
  }

  /** Resolves when no evaluation is pending (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.evaluators.values()].map(e => e.settled()));
  }

  private followClusters(): void {
    const current = new Set(this.options.clusters.list());
    for (const [source, evaluator] of this.evaluators) {
      if (current.has(source)) continue;
      evaluator.stop();
      this.sourceSubscriptions.get(source)?.();
      this.sourceSubscriptions.delete(source);
      this.evaluators.delete(source);
      if (!this.options.clusters.get(source.name))
        this.removedClusters.notify(source.name);
    }
    for (const source of current) {
      if (this.evaluators.has(source)) continue;
      const evaluator = new ClusterEvaluator(source, this.environment());
      this.evaluators.set(source, evaluator);
      this.sourceSubscriptions.set(
        source,
        source.onChange(change => evaluator.apply(change)),
      );
      evaluator.apply({ type: 'reset' });
    }
  }

  private reloadProviders(): void {
    this.provider = Object.assign(
      {},
      ...this.options.providers.map(p => p.metadata()),
    );
    this.providerContext = undefined;
  }

  private environment() {
    const { tracker, thresholds } = this.options;
    const clock = this.options.clock ?? (() => new Date());
    return {
      clock,
      turn: (urgent: boolean) => this.turns.next(urgent),
      context: (source: ClusterSource, now: Date): EvaluationContext => {
        this.providerContext ??= evaluationContext({
          cluster: '',
          provider: this.provider,
          secretProviders: this.options.secretProviders,
          thresholds,
          now,
        });
        const history = source.tracksHistory === false ? undefined : tracker;
        return {
          ...this.providerContext,
          cluster: source.name,
          now,
          secrets: source.secrets,
          unreadableKinds: source.unreadableKinds?.(),
          observedSecretChange: history
            ? (ns: string, name: string) =>
                history.secretChangedAt(source.name, ns, name)
            : undefined,
          observedEsoWrite:
            history && source.secrets === 'none'
              ? (ns: string, name: string) =>
                  history.lastSecretChange(source.name, ns, name)
              : undefined,
        };
      },
      observeSecret: tracker
        ? (source: ClusterSource, secret: KubeObject, now: Date) => {
            if (source.tracksHistory !== false)
              tracker.observeSecret(source.name, secret, now);
          }
        : undefined,
      onUpdate: (update: EvaluationUpdate) => {
        const source = this.options.clusters.get(update.cluster);
        if (tracker && source && source.tracksHistory !== false)
          tracker.recordEvaluation(update.cluster, update.results, update.now);
        this.updates.notify(update);
      },
      onStep: this.options.onStep,
    };
  }
}

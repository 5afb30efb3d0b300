import {
  CLUSTER_OBJECT_KINDS,
  ClusterModel,
  EvaluatedExternalSecret,
  evaluateExternalSecret,
  EvaluationContext,
  KubeObject,
} from '@eso-health/plugin-external-secrets-common';
import { ClusterSource, SourceChange } from '../sources/types';

/** What one evaluation step produced for one cluster. */
export interface EvaluationUpdate {
  cluster: string;
  /** ExternalSecrets evaluated in this step (new or re-evaluated). */
  results: EvaluatedExternalSecret[];
  /** Keys (`<namespace>/<name>`) of ExternalSecrets that no longer exist. */
  removed: string[];
  /** The time the rules were evaluated at. */
  now: Date;
}

/** What the evaluator needs from outside: everything shared by all clusters. */
export interface EvaluatorEnvironment {
  /** The context of one pass at `now` (providers, thresholds, history lookups). */
  context(source: ClusterSource, now: Date): EvaluationContext;
  /** A Secret of this cluster was listed or changed (history follows its data-hash). */
  observeSecret?(source: ClusterSource, secret: KubeObject, now: Date): void;
  onUpdate(update: EvaluationUpdate): void;
  clock(): Date;
  /** Resolves when the next step may run: turns shared by all clusters (EventLoopTurns). */
  turn(urgent: boolean): Promise<void>;
  /** How long one step may run before it yields (ms); {@link STEP_BUDGET_MS} by default. */
  stepBudgetMs?: number;
  /** How long an evaluation step took, for the metrics (ms) and how many it evaluated. */
  onStep?(
    cluster: string,
    durationMs: number,
    evaluated: number,
    full: boolean,
  ): void;
}

/** A change the model applies; a reset rebuilds the model instead. */
type ModelChange = Exclude<SourceChange, { type: 'reset' }>;

/** At most this many ExternalSecrets are evaluated per step... */
const SLICE = 200;
/** ...and a step yields to the event loop once it has run this long (ms), rebuilds too. */
const STEP_BUDGET_MS = 5;
/** Changes arriving within this much time are evaluated together. */
const COALESCE_MS = 20;

/**
 * Keeps one cluster's {@link ClusterModel} up to date from its source's changes and evaluates
 * exactly the ExternalSecrets each change can affect: a pod event re-evaluates the ExternalSecrets
 * whose Secret that pod reads, not the cluster. A full pass (on the clock, for the time-based
 * rules; after a reset) evaluates everything. Work runs in steps (at most {@link SLICE}
 * ExternalSecrets or {@link STEP_BUDGET_MS}) that take turns with every other cluster's and yield
 * to the event loop, so a request waits for one step at most; watch events that arrive during a
 * full pass are evaluated in its next step. Results reach the read model step by step.
 *
 * Nothing is judged before the source is `ready()` (every kind listed once): a partial view would
 * call Secrets that are not listed yet missing, and record that in history.
 */
export class ClusterEvaluator {
  model = new ClusterModel();
  private readonly pending = new Set<string>();
  private fullPending = false;
  private resetPending = true;
  private readonly evaluated = new Set<string>();
  /** While the model is rebuilt step by step: the changes to apply to it once it is built. */
  private rebuilding?: ModelChange[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    readonly source: ClusterSource,
    private readonly env: EvaluatorEnvironment,
  ) {}

  /** Follows one change of the source (see {@link SourceChange}); none: state only. */
  apply(change?: SourceChange): void {
    if (this.stopped) return;
    if (!change) {
      this.schedule();
      return;
    }
    if (change.type === 'reset' || this.resetPending) {
      // Before the first complete view, or after a reset, the model is rebuilt from objects().
      this.resetPending = true;
      this.schedule();
      return;
    }
    if (this.rebuilding) this.rebuilding.push(change);
    else this.applyToModel(change, this.env.clock());
    this.schedule();
  }

  private applyToModel(change: ModelChange, now: Date): void {
    if (change.type === 'replace') {
      const objects = this.source.objects()[change.kind];
      if (change.kind === 'secrets') {
        for (const secret of objects)
          this.env.observeSecret?.(this.source, secret, now);
      }
      for (const key of this.model.replace(change.kind, objects))
        this.pending.add(key);
    } else {
      if (change.kind === 'secrets' && change.type === 'upsert')
        this.env.observeSecret?.(this.source, change.object, now);
      const affected =
        change.type === 'upsert'
          ? this.model.upsert(change.kind, change.object)
          : this.model.remove(change.kind, change.object);
      for (const key of affected) this.pending.add(key);
    }
  }

  /** Evaluates every ExternalSecret again (time-based rules; new provider data). */
  requestFull(): void {
    // A source whose objects move with the clock (a frozen replay) is read again.
    if (this.source.tracksHistory === false) this.resetPending = true;
    this.fullPending = true;
    this.schedule();
  }

  /** Resolves when nothing is pending or running (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running || this.timer) {
      await (this.running ?? new Promise(r => setTimeout(r, COALESCE_MS)));
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().finally(() => {
        this.running = undefined;
        if (this.hasWork()) this.schedule();
      });
    }, COALESCE_MS);
  }

  private hasWork(): boolean {
    return (
      this.source.ready() &&
      (this.resetPending || this.fullPending || this.pending.size > 0)
    );
  }

  private async run(): Promise<void> {
    if (!this.hasWork()) return;
    const now = this.env.clock();
    if (this.resetPending) {
      this.resetPending = false;
      this.pending.clear();
      if (!(await this.rebuild(now))) return;
      this.fullPending = true;
    }
    const full = this.fullPending;
    this.fullPending = false;
    const keys = full ? this.model.externalSecretKeys() : [...this.pending];
    this.pending.clear();
    const removed: string[] = [];
    if (full) {
      const present = new Set(keys);
      for (const key of this.evaluated)
        if (!present.has(key)) removed.push(key);
    }
    if (!keys.length && !removed.length) return;
    const context = this.env.context(this.source, now);
    let i = 0;
    do {
      // A full pass takes turns like any step; watch events that arrive meanwhile go first.
      await this.env.turn(!full || this.pending.size > 0);
      if (this.stopped) return;
      const started = performance.now();
      const results: EvaluatedExternalSecret[] = [];
      const evaluate = (key: string) => {
        const view = this.model.externalSecret(key);
        if (view) {
          results.push(evaluateExternalSecret(view, this.model, context));
          this.evaluated.add(key);
        } else if (this.evaluated.delete(key)) {
          removed.push(key);
        }
      };
      if (full && this.pending.size) {
        // So a watch event waits for one step of the pass, not for the rest of it.
        const urgent = [...this.pending];
        this.pending.clear();
        urgent.forEach(evaluate);
      }
      for (
        let n = 0;
        i < keys.length && n < SLICE && (n === 0 || !this.overBudget(started));
        n++
      )
        evaluate(keys[i++]);
      for (const key of removed) this.evaluated.delete(key);
      this.env.onUpdate({
        cluster: this.source.name,
        results,
        removed: removed.splice(0),
        now,
      });
      this.env.onStep?.(
        this.source.name,
        performance.now() - started,
        results.length,
        full,
      );
    } while (i < keys.length);
  }

  private overBudget(started: number): boolean {
    return (
      performance.now() - started >= (this.env.stepBudgetMs ?? STEP_BUDGET_MS)
    );
  }

  /**
   * Builds a new model from the source's objects, one step's budget at a time; changes that
   * arrive meanwhile are applied to it once it is complete (applying a change the snapshot already
   * holds is harmless: upsert, remove and replace converge). False when stopped or reset again.
   */
  private async rebuild(now: Date): Promise<boolean> {
    this.rebuilding = [];
    try {
      const objects = this.source.objects();
      const model = new ClusterModel();
      let started = -Infinity;
      for (const kind of CLUSTER_OBJECT_KINDS) {
        for (const object of objects[kind]) {
          if (this.overBudget(started)) {
            await this.env.turn(false);
            if (this.stopped || this.resetPending) return false;
            started = performance.now();
          }
          model.upsert(kind, object);
          if (kind === 'secrets')
            this.env.observeSecret?.(this.source, object, now);
        }
      }
      this.model = model;
      for (const change of this.rebuilding) this.applyToModel(change, now);
      this.pending.clear(); // the full pass that follows evaluates everything
      return true;
    } finally {
      this.rebuilding = undefined;
    }
  }
}

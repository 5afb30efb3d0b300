/**
 * Hands out event-loop turns to the evaluation work of every cluster, one step per turn.
 *
 * Yielding with `setImmediate` alone is not enough when 20 clusters evaluate at once: every
 * immediate queued before the check phase runs in that same phase, so the 20 clusters' slices
 * ran back to back and a request waited for all of them (about 100–350 ms at 50k ExternalSecrets).
 * Through one queue, each turn runs one step of one cluster, then I/O (requests, watch events)
 * and timers get theirs.
 */
export class EventLoopTurns {
  private readonly urgent: Array<() => void> = [];
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /**
   * Resolves when it is the caller's turn; callers are served in order, urgent ones (steps for
   * watch events) before the others (full passes and rebuilds).
   */
  next(urgent = false): Promise<void> {
    return new Promise(resolve => {
      (urgent ? this.urgent : this.waiting).push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !(this.urgent.length || this.waiting.length)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // The resolved caller runs its step in this turn's microtasks; an immediate queued now
      // runs in the next turn, after the poll phase.
      (this.urgent.shift() ?? this.waiting.shift())!();
      this.schedule();
    });
  }
}

/** Retry delays that double from `initialMs` up to `maxMs`, with optional jitter; `reset()` after a success. */
export class ExponentialBackoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number = 1000,
    private readonly maxMs: number = 30_000,
    /** Fraction of the delay added at random (0.2 = up to +20%) so kinds do not retry in lockstep. */
    private readonly jitter: number = 0.2,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next retry; each call doubles the following one. */
  next(): number {
    const base = Math.min(
      this.maxMs,
      this.initialMs * 2 ** Math.min(this.attempt, 30),
    );
    this.attempt += 1;
    return Math.round(base * (1 + this.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}

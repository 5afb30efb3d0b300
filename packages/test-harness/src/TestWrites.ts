/**
 * The writes one test makes to a shared server (moto, say), so that the test owns its data.
 * When the test ends, by passing, failing or timing out, `end()` aborts what is still running and
 * waits for it, and refuses anything started later: a loop a timed-out test left behind can then
 * never write into the next test's fresh state (it once created `app/s249` there).
 */
export class TestWrites {
  private readonly controller = new AbortController();
  private readonly pending = new Set<Promise<unknown>>();

  /** Runs one write, handing it the signal that aborts it when the test ends. */
  run<T>(write: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.controller.signal.aborted) {
      return Promise.reject(
        new Error('this test has ended: its late writes are refused'),
      );
    }
    const running = write(this.controller.signal);
    this.pending.add(running);
    running.then(
      () => this.pending.delete(running),
      () => this.pending.delete(running),
    );
    return running;
  }

  /** Aborts the writes still running, waits until each has settled, and refuses new ones. */
  async end(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.pending]);
  }
}

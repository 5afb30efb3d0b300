import { shiftTimestamps } from '@eso-health/plugin-external-secrets-common';

/**
 * How file-based sources (manifests clusters, list-secrets files) map the timestamps of a
 * captured dump onto the present (`externalSecrets.replay`).
 */
export interface Replay {
  /** When the files were captured (ISO), e.g. the time of the `kubectl get` dump. */
  readonly capturedAt: string;
  /** Milliseconds to add to every captured timestamp at this moment. */
  shiftMs(): number;
  /**
   * False when the replay follows the clock: its times move on every read, so they are not
   * history and are not recorded.
   */
  readonly tracksHistory: boolean;
}

/**
 * `running`: the dump is shifted once, as if captured when the backend started, and then ages
 * like the captured cluster would have. `frozen`: every read shows it as if captured just now,
 * so a demo keeps showing its scenario, with messages and relative times that agree.
 */
export function createReplay(options: {
  capturedAt: string;
  clock: 'running' | 'frozen';
  startedAt: Date;
  now?: () => Date;
}): Replay {
  const captured = Date.parse(options.capturedAt);
  const now = options.now ?? (() => new Date());
  if (options.clock === 'frozen') {
    return {
      capturedAt: options.capturedAt,
      shiftMs: () => now().getTime() - captured,
      tracksHistory: false,
    };
  }
  const shift = options.startedAt.getTime() - captured;
  return {
    capturedAt: options.capturedAt,
    shiftMs: () => shift,
    tracksHistory: true,
  };
}

/**
 * A captured value as a replay shows it right now. The shifted copy is kept until the shift
 * changes, so a `running` replay copies once per reload and only a `frozen` one copies per read.
 */
export class ReplayedValue<T> {
  private shifted?: { shiftMs: number; value: T };

  constructor(private captured: T, private readonly replay?: Replay) {}

  set(captured: T): void {
    this.captured = captured;
    this.shifted = undefined;
  }

  get(): T {
    if (!this.replay) return this.captured;
    const shiftMs = this.replay.shiftMs();
    if (this.shifted?.shiftMs !== shiftMs) {
      this.shifted = {
        shiftMs,
        value: shiftTimestamps(this.captured, shiftMs),
      };
    }
    return this.shifted.value;
  }
}

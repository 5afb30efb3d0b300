import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  EXTERNAL_SECRETS_SIGNAL_CHANNEL,
  ExternalSecretsChangedSignal,
} from '@eso-health/plugin-external-secrets-common';

/** Default spacing of two publishes: a burst of watch events becomes one signal. */
export const DEFAULT_SIGNAL_INTERVAL_MS = 250;

/**
 * Tells open cards and overviews that reports changed, through Backstage signals, so they
 * refetch within a second instead of at their next poll. The first change after a quiet period
 * is published at once; later ones within `intervalMs` are coalesced into one trailing publish.
 *
 * The message is a bare revision counter, broadcast: signals skip the permission framework, so
 * naming an entity or an ExternalSecret would tell every signed-in user about it. Clients
 * refetch through the API, which filters by permission.
 */
export class ChangeSignals {
  private revision = 0;
  private lastPublishedAt = -Infinity;
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(
    private readonly options: {
      signals: SignalsService;
      logger: LoggerService;
      intervalMs?: number;
      now?: () => number;
    },
  ) {}

  /** Records a change; publishes now or at the end of the current interval. */
  changed(): void {
    this.revision++;
    if (this.timer || this.stopped) return;
    const wait = this.lastPublishedAt + this.interval() - this.now();
    if (wait <= 0) {
      this.publish();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, wait);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private publish(): void {
    if (this.stopped) return;
    this.lastPublishedAt = this.now();
    this.options.signals
      .publish<ExternalSecretsChangedSignal>({
        recipients: { type: 'broadcast' },
        channel: EXTERNAL_SECRETS_SIGNAL_CHANNEL,
        message: { revision: this.revision },
      })
      .catch(error =>
        this.options.logger.warn(
          `Could not publish the External Secrets change signal: ${error}`,
        ),
      );
  }

  private interval(): number {
    return this.options.intervalMs ?? DEFAULT_SIGNAL_INTERVAL_MS;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

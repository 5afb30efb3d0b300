import { LoggerService } from '@backstage/backend-plugin-api';
import { isDeepStrictEqual } from 'node:util';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { ServiceEntity } from '../catalog/ServiceCatalog';
import { NotificationsConfig } from './config';
import {
  Decision,
  NotificationState,
  Observation,
  ObservedFinding,
  planNotifications,
} from './decide';
import { NotificationStateStore } from './NotificationStateStore';

export const NOTIFICATION_TOPIC = 'external-secrets';

/** One notification per entity: later sends update it in place (and mark it unread). */
export function notificationScope(entityRef: string): string {
  return `external-secrets:${entityRef}`;
}

export interface NotificationRunnerOptions {
  config: NotificationsConfig;
  store: NotificationStateStore;
  notifications: NotificationService;
  /** The entities claiming ExternalSecrets, with what is observed about each now. */
  observe: () => Promise<
    Array<{ entity: ServiceEntity; observation: Observation }>
  >;
  /**
   * Whether a notification for the entity would reach anyone now (see ownerHasUsers). When it
   * would not, nothing is sent or stored as sent, and the entity is decided again next run.
   */
  hasRecipients?: (entityRef: string) => Promise<boolean>;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * One run of the notification task (a global task: one replica at a time): observe, decide
 * against the stored state, send, and store what was sent. A state is stored only after its
 * notification was accepted, so a failed send is retried on the next run.
 */
export class NotificationRunner {
  private unavailable = false;

  constructor(private readonly options: NotificationRunnerOptions) {}

  async run(): Promise<{ sent: number }> {
    const { config, store, logger } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const observed = await this.options.observe();
    const entities = new Map(observed.map(o => [o.entity.entityRef, o.entity]));
    const states = await store.list();
    const { decisions, forget } = planNotifications(
      states,
      new Map(observed.map(o => [o.entity.entityRef, o.observation])),
      config,
      now,
    );
    await store.forget(forget);

    const quiet: NotificationState[] = [];
    let sent = 0;
    let failed = false;
    for (const decision of decisions) {
      const previous = states.get(decision.state.entityRef);
      const deliverable =
        decision.action !== 'none' &&
        !failed &&
        (await this.reachable(decision.state.entityRef));
      if (deliverable) {
        const entity = entities.get(decision.state.entityRef)!;
        try {
          await this.options.notifications.send({
            recipients: { type: 'entity', entityRef: entity.entityRef },
            payload: this.payload(entity, decision),
          });
        } catch (error) {
          // The notifications backend is optional in a portal: say so once, retry next run.
          if (!this.unavailable) {
            logger.warn(
              `External Secrets notifications could not be sent (is @backstage/plugin-notifications-backend installed?); will retry: ${error}`,
            );
            this.unavailable = true;
          }
          failed = true;
        }
        if (!failed) {
          await store.save([decision.state]);
          sent++;
          if (this.unavailable) {
            logger.info(
              'External Secrets notifications are being delivered again',
            );
            this.unavailable = false;
          }
          continue;
        }
      }
      // Not sent (nothing to send, nobody to tell yet, or sending failed): keep what was told,
      // track the clocks.
      const state =
        decision.action === 'none'
          ? decision.state
          : {
              ...(previous ?? {
                entityRef: decision.state.entityRef,
                firing: false,
              }),
              since: decision.state.since,
            };
      if (!isDeepStrictEqual(state, previous)) quiet.push(state);
    }
    await store.save(quiet);
    return { sent };
  }

  private async reachable(entityRef: string): Promise<boolean> {
    const { hasRecipients, logger } = this.options;
    if (!hasRecipients) return true;
    try {
      if (await hasRecipients(entityRef)) return true;
      logger.debug(
        `No user owns ${entityRef} in the catalog yet; its External Secrets notification waits`,
      );
    } catch (error) {
      logger.warn(
        `Could not resolve the owners of ${entityRef}; its External Secrets notification waits: ${error}`,
      );
    }
    return false;
  }

  private payload(
    entity: ServiceEntity,
    decision: Exclude<Decision, { action: 'none' }>,
  ): NotificationPayload {
    const ref = parseEntityRef(entity.entityRef);
    const name = entity.title ?? ref.name;
    const link = `${this.options.config.linkBase}/catalog/${ref.namespace}/${ref.kind}/${ref.name}`;
    const common = {
      link,
      topic: NOTIFICATION_TOPIC,
      scope: notificationScope(entity.entityRef),
    };
    if (decision.action === 'recover') {
      return {
        ...common,
        title: `External Secrets recovered: ${name}`,
        description: `No ExternalSecret of ${entity.entityRef} has an error${
          decision.previous.rule ? ` (was: ${decision.previous.rule})` : ''
        } or a lasting warning any more.`,
        severity: 'low',
      };
    }
    const f: ObservedFinding = decision.finding;
    const more = decision.others
      ? ` ${decision.others} more finding${
          decision.others > 1 ? 's' : ''
        } on the entity page.`
      : '';
    return {
      ...common,
      title: `External Secrets ${f.severity}: ${name} (${f.rule})`,
      description: `${f.externalSecret}: ${f.message}${
        f.remedy ? ` Remedy: ${f.remedy}` : ''
      }${more}`,
      severity: f.severity === 'error' ? 'high' : 'normal',
    };
  }
}

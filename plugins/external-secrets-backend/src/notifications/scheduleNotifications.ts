import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { ownerHasUsers } from '../catalog/ownerHasUsers';
import { ServiceCatalog } from '../catalog/ServiceCatalog';
import { ExternalSecretsIndex } from '../readModel/ExternalSecretsIndex';
import { readNotificationsConfig } from './config';
import { NotificationRunner } from './NotificationRunner';
import { NotificationStateStore } from './NotificationStateStore';
import { observeEntities } from './observeEntities';

/**
 * Schedules the notification task when `externalSecrets.notifications.enabled` is true. Global
 * scope: one replica at a time decides and sends, against the state in the plugin database.
 */
export async function scheduleNotifications(options: {
  config: Config;
  database: Knex;
  scheduler: SchedulerService;
  notifications: NotificationService;
  index: ExternalSecretsIndex;
  services: ServiceCatalog;
  catalog: CatalogService;
  auth: AuthService;
  /** Resolves once this replica's read model reflects every cluster. */
  ready: () => Promise<void>;
  logger: LoggerService;
}): Promise<void> {
  const config = readNotificationsConfig(
    options.config.getOptionalConfig('externalSecrets'),
  );
  if (!config.enabled) return;
  const runner = new NotificationRunner({
    config,
    store: new NotificationStateStore(options.database),
    notifications: options.notifications,
    observe: async () => {
      await options.ready();
      return observeEntities(options.index, options.services);
    },
    hasRecipients: ref => ownerHasUsers(options.catalog, options.auth, ref),
    logger: options.logger,
  });
  await options.scheduler.scheduleTask({
    id: 'external-secrets-notifications',
    scope: 'global',
    ...config.schedule,
    fn: async () => {
      const { sent } = await runner.run();
      if (sent)
        options.logger.info(`Sent ${sent} External Secrets notifications`);
    },
  });
}

import { Severity } from '@eso-health/plugin-external-secrets-common';
import { Knex } from 'knex';
import { toIso } from '../database/toIso';
import { NotificationState } from './decide';

const TABLE = 'external_secrets_notification_state';

interface Row {
  entity_ref: string;
  firing: boolean | number;
  since: string;
  notified_at: unknown;
  notified_rule: string | null;
  notified_severity: string | null;
}

/** The notification task's memory, shared by replicas through the plugin database. */
export class NotificationStateStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<Map<string, NotificationState>> {
    const rows: Row[] = await this.db(TABLE).select();
    return new Map(
      rows.map(row => [
        row.entity_ref,
        {
          entityRef: row.entity_ref,
          firing: Boolean(row.firing),
          since: JSON.parse(row.since),
          notifiedAt: toIso(row.notified_at) ?? undefined,
          notifiedRule: row.notified_rule ?? undefined,
          notifiedSeverity: (row.notified_severity as Severity) ?? undefined,
        },
      ]),
    );
  }

  async save(states: NotificationState[]): Promise<void> {
    if (!states.length) return;
    const updatedAt = new Date();
    await this.db(TABLE)
      .insert(
        states.map(state => ({
          entity_ref: state.entityRef,
          firing: state.firing,
          since: JSON.stringify(state.since),
          notified_at: state.notifiedAt ? new Date(state.notifiedAt) : null,
          notified_rule: state.notifiedRule ?? null,
          notified_severity: state.notifiedSeverity ?? null,
          updated_at: updatedAt,
        })),
      )
      .onConflict('entity_ref')
      .merge();
  }

  async forget(entityRefs: string[]): Promise<void> {
    if (entityRefs.length)
      await this.db(TABLE).whereIn('entity_ref', entityRefs).delete();
  }
}

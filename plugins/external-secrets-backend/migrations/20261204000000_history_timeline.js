// @ts-check

/**
 * The history timeline (docs/history.md):
 * - `health` (the health after a health change) and `actor` (who asked for a sync) on events;
 * - `event_key`: a unique key for events whose time is known independently of the observer
 *   (a sync at lastSyncTime, a provider version, a workload rollout), so every replica can insert
 *   them and each is stored once; null for the others, which replicas claim instead;
 * - hourly findings samples per ExternalSecret (only those with findings), upserted by
 *   (hour, cluster, namespace, name) so replicas and restarts overwrite instead of adding.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('external_secrets_history', table => {
    table.string('health', 16).nullable();
    table.string('actor').nullable();
    table.string('event_key', 64).nullable();
    table.unique(['event_key'], {
      indexName: 'external_secrets_history_event_key_uq',
    });
  });
  await knex.schema.createTable('external_secrets_findings_hourly', table => {
    table.timestamp('hour', { useTz: true }).notNullable();
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.integer('error').notNullable();
    table.integer('warning').notNullable();
    table.integer('info').notNullable();
    table.primary(['hour', 'cluster', 'namespace', 'name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('external_secrets_findings_hourly');
  await knex.schema.alterTable('external_secrets_history', table => {
    table.dropUnique(['event_key'], 'external_secrets_history_event_key_uq');
    table.dropColumn('event_key');
    table.dropColumn('actor');
    table.dropColumn('health');
  });
};

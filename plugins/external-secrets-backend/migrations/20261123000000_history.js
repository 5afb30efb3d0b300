// @ts-check

/**
 * History of ExternalSecrets (syncs, data changes, health changes, sync requests) and the last
 * known state needed to detect changes across restarts. Never a secret value: only names,
 * times, health words and ESO's data-hash annotation (a hash ESO itself publishes on the Secret).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('external_secrets_history', table => {
    table.increments('id').primary();
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('type', 32).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.text('detail').notNullable();
    table.index(
      ['cluster', 'namespace', 'name', 'at'],
      'external_secrets_history_es_idx',
    );
    table.index(['at'], 'external_secrets_history_at_idx');
  });
  await knex.schema.createTable('external_secrets_last_state', table => {
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('health', 16).notNullable();
    table.timestamp('last_sync_time', { useTz: true }).nullable();
    table.timestamp('secret_changed_at', { useTz: true }).nullable();
    table.primary(['cluster', 'namespace', 'name']);
  });
  await knex.schema.createTable('external_secrets_secret_hashes', table => {
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.string('data_hash').notNullable();
    /** When the backend saw the hash change; null when first seen. */
    table.timestamp('changed_at', { useTz: true }).nullable();
    table.primary(['cluster', 'namespace', 'name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('external_secrets_secret_hashes');
  await knex.schema.dropTable('external_secrets_last_state');
  await knex.schema.dropTable('external_secrets_history');
};

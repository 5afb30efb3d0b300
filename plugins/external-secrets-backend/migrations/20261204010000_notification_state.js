// @ts-check

/**
 * Per catalog entity: what the notification task last decided and sent, so that an alert goes
 * out once across replicas and restarts (docs/notifications.md). Rule ids and times only.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'external_secrets_notification_state',
    table => {
      table.string('entity_ref').primary();
      /** True from an alert until its recovery notice. */
      table.boolean('firing').notNullable();
      /** JSON object: rule id → when it was first seen in the current streak (ISO). */
      table.text('since').notNullable();
      /** When the last notification (alert, update, recovery) was sent. */
      table.timestamp('notified_at', { useTz: true }).nullable();
      table.string('notified_rule', 64).nullable();
      table.string('notified_severity', 16).nullable();
      table.timestamp('updated_at', { useTz: true }).notNullable();
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('external_secrets_notification_state');
};

// @ts-check

/**
 * The latest provider metadata of each scope (an account in a region), written by the one
 * backend replica that runs the refresh task and read by every replica. Names, ARNs and dates
 * only: never a secret value.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('external_secrets_provider_listings', table => {
    table.string('scope').primary();
    table.string('provider', 32).notNullable();
    /** JSON of the last good listing (ProviderRegionMetadata); null until one succeeds. */
    table.text('listing').nullable();
    /** When the last good listing was read. */
    table.timestamp('refreshed_at', { useTz: true }).nullable();
    /** When the last refresh (good or not) finished. */
    table.timestamp('attempted_at', { useTz: true }).notNullable();
    table.string('status', 16).notNullable();
    /** Why the last refresh failed; null when it succeeded. */
    table.text('error').nullable();
    /** JSON array of problems that did not stop the last refresh. */
    table.text('warnings').notNullable();
    /** JSON object: API calls of the last refresh by operation. */
    table.text('api_calls').notNullable();
    table.integer('duration_ms').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('external_secrets_provider_listings');
};

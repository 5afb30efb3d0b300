import { TestDatabases, TestDatabaseId } from '@backstage/backend-test-utils';

/**
 * SQLite, plus every PostgreSQL server given through
 * `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING` (scripts/start-postgres.sh starts
 * Debian's). The test command sets ESO_REQUIRE_POSTGRES so that a missing server fails the run
 * instead of silently testing SQLite alone.
 */
export function createTestDatabases(): TestDatabases {
  const postgres = Object.keys(process.env)
    .map(
      name =>
        /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
          name,
        )?.[1],
    )
    .filter((major): major is string => Boolean(major))
    .map(major => `POSTGRES_${major}` as TestDatabaseId);
  if (process.env.ESO_REQUIRE_POSTGRES && postgres.length === 0) {
    throw new Error(
      'ESO_REQUIRE_POSTGRES is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is: start one with `eval "$(bash scripts/start-postgres.sh)"`',
    );
  }
  return TestDatabases.create({
    ids: ['SQLITE_3', ...postgres],
    disableDocker: true,
  });
}

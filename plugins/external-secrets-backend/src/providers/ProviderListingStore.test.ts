import { mockServices } from '@backstage/backend-test-utils';
import { ProviderRegionMetadata } from '@eso-health/plugin-external-secrets-common';
import { createTestDatabases } from '../database/__testUtils__/createTestDatabases';
import { openDatabase } from '../database/openDatabase';
import { ProviderListingStore } from './ProviderListingStore';

const databases = createTestDatabases();

const listing: ProviderRegionMetadata = {
  provider: 'aws',
  region: 'eu-west-1',
  accountId: '123456789012',
  roleArn: null,
  refreshedAt: '2026-11-23T10:00:00.000Z',
  secrets: [
    {
      provider: 'aws',
      region: 'eu-west-1',
      name: 'payments/db',
      arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/db-AbCdEf',
      lastChangedDate: '2026-11-23T09:00:00.000Z',
      currentVersionCreatedDate: '2026-11-23T09:00:00.000Z',
    },
  ],
};

describe.each(databases.eachSupportedId())(
  'ProviderListingStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return new ProviderListingStore(
        await openDatabase(
          mockServices.database({ knex, migrations: { skip: false } }),
        ),
      );
    }
    const scope = 'aws/prod/eu-west-1';
    /** A successful refresh of `scope` at 10:00:02 (the listing's own time is 10:00:00). */
    const refreshed = (
      outcome: Partial<Parameters<ProviderListingStore['saveSuccess']>[0]> = {},
    ) => ({
      scope,
      provider: 'aws',
      listing,
      attemptedAt: new Date('2026-11-23T10:00:02Z'),
      warnings: [],
      apiCalls: { ListSecrets: 1 },
      durationMs: 100,
      ...outcome,
    });

    it('round-trips a listing with its refresh outcome', async () => {
      const store = await createStore();
      await store.saveSuccess(
        refreshed({
          warnings: ['confirmations denied'],
          apiCalls: { ListSecrets: 1, ListSecretVersionIds: 1 },
          durationMs: 120,
        }),
      );
      expect(await store.get(scope)).toEqual({
        scope,
        provider: 'aws',
        listing,
        refreshedAt: '2026-11-23T10:00:00.000Z',
        attemptedAt: '2026-11-23T10:00:02.000Z',
        status: 'ok',
        error: null,
        warnings: ['confirmations denied'],
        apiCalls: { ListSecrets: 1, ListSecretVersionIds: 1 },
        durationMs: 120,
      });
      expect(await store.versions()).toEqual(
        new Map([[scope, '2026-11-23T10:00:02.000Z']]),
      );
    });

    it('keeps the last good listing when a refresh fails', async () => {
      const store = await createStore();
      await store.saveSuccess(refreshed());
      await store.saveFailure({
        scope,
        provider: 'aws',
        error: 'access denied to secretsmanager:ListSecrets',
        attemptedAt: new Date('2026-11-23T10:05:02Z'),
        apiCalls: { ListSecrets: 1 },
        durationMs: 30,
      });
      const stored = await store.get(scope);
      expect(stored).toMatchObject({
        status: 'error',
        error: 'access denied to secretsmanager:ListSecrets',
        listing,
        refreshedAt: '2026-11-23T10:00:00.000Z',
        attemptedAt: '2026-11-23T10:05:02.000Z',
      });
    });

    it('records a failure of a scope that never succeeded', async () => {
      const store = await createStore();
      await store.saveFailure({
        scope,
        provider: 'aws',
        error: 'unavailable',
        attemptedAt: new Date('2026-11-23T10:05:02Z'),
        apiCalls: {},
        durationMs: 5,
      });
      expect(await store.list()).toEqual([
        expect.objectContaining({
          scope,
          status: 'error',
          listing: null,
          refreshedAt: null,
        }),
      ]);
    });
  },
);

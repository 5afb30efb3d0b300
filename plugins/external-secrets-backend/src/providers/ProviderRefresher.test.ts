import { mockServices } from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { ProviderRegionMetadata } from '@eso-health/plugin-external-secrets-common';
import {
  ProviderCollectError,
  ProviderCollector,
} from '@eso-health/plugin-external-secrets-node';
import { createTestDatabases } from '../database/__testUtils__/createTestDatabases';
import { openDatabase } from '../database/openDatabase';
import { ProviderListingStore } from './ProviderListingStore';
import { ProviderRefresher } from './ProviderRefresher';
import { StoredProviderSource } from './StoredProviderSource';

const databases = createTestDatabases();
const SCOPE = 'aws/prod/eu-west-1';

const listing = (refreshedAt: string): ProviderRegionMetadata => ({
  provider: 'aws',
  region: 'eu-west-1',
  refreshedAt,
  secrets: [
    {
      provider: 'aws',
      region: 'eu-west-1',
      name: 'db',
      arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
      lastChangedDate: '2026-11-23T09:00:00.000Z',
    },
  ],
});

/** A collector whose outcomes the test scripts: the provider side is not under test here. */
function scriptedCollector(
  outcomes: Array<ProviderRegionMetadata | ProviderCollectError>,
): ProviderCollector & { candidatesSeen: string[][] } {
  const candidatesSeen: string[][] = [];
  return {
    provider: 'aws',
    candidatesSeen,
    scopes: () => [SCOPE],
    async collect(_scope, context) {
      const outcome = outcomes.shift()!;
      if (outcome instanceof ProviderCollectError) throw outcome;
      candidatesSeen.push(
        context.providerAheadCandidates(outcome).map(s => s.name),
      );
      return {
        listing: outcome,
        apiCalls: { ListSecrets: 2, ListSecretVersionIds: 1 },
        warnings: [],
      };
    },
  };
}

describe.each(databases.eachSupportedId())('ProviderRefresher on %p', id => {
  async function setUp(collector: ProviderCollector) {
    const knex = await openDatabase(
      mockServices.database({
        knex: await databases.init(id),
        migrations: { skip: false },
      }),
    );
    const store = new ProviderListingStore(knex);
    const metrics = metricsServiceMock.mock();
    const histogram = { record: jest.fn() };
    const counter = { add: jest.fn() };
    metrics.createHistogram.mockReturnValue(histogram as any);
    metrics.createCounter.mockReturnValue(counter as any);
    const logger = mockServices.logger.mock();
    const refresher = new ProviderRefresher({
      collectors: [collector],
      store,
      providerAheadCandidates: (_scope, l) => l.secrets,
      readSecrets: (_scope, l) => l.secrets,
      logger,
      metrics,
    });
    // Two replicas reading the same database.
    const replicas = [0, 1].map(
      () =>
        new StoredProviderSource({
          store,
          scopes: [{ provider: 'aws', scope: SCOPE }],
          pollSeconds: 3600,
          logger,
        }),
    );
    return { refresher, replicas, histogram, counter, logger };
  }

  it('stores each refresh for every replica and exports the API calls per refresh', async () => {
    const collector = scriptedCollector([listing('2026-11-23T10:00:00.000Z')]);
    const { refresher, replicas, histogram, counter } = await setUp(collector);
    for (const replica of replicas) {
      await replica.reload();
      expect(replica.states()).toEqual([
        { provider: 'aws', scope: SCOPE, status: 'ok', refreshedAt: null },
      ]);
      expect(replica.metadata()).toEqual({});
    }

    await refresher.refreshAll();

    for (const replica of replicas) {
      const changed = jest.fn();
      replica.onChange(changed);
      await replica.reload();
      expect(changed).toHaveBeenCalledTimes(1);
      expect(replica.metadata()[SCOPE].secrets[0].name).toBe('db');
      expect(replica.states()[0]).toEqual({
        provider: 'aws',
        scope: SCOPE,
        status: 'ok',
        refreshedAt: '2026-11-23T10:00:00.000Z',
      });
      // Nothing new: no notification.
      await replica.reload();
      expect(changed).toHaveBeenCalledTimes(1);
    }
    expect(collector.candidatesSeen).toEqual([['db']]);
    expect(histogram.record).toHaveBeenCalledWith(3, {
      provider: 'aws',
      scope: SCOPE,
    });
    expect(counter.add).toHaveBeenCalledWith(2, {
      provider: 'aws',
      scope: SCOPE,
      operation: 'ListSecrets',
    });
  });

  it('keeps the last good listing through failures and logs a failure once', async () => {
    const denied = new ProviderCollectError(
      'AWS account prod (eu-west-1): access denied to secretsmanager:ListSecrets',
      'access-denied',
      { ListSecrets: 1 },
    );
    const { refresher, replicas, logger, histogram } = await setUp(
      scriptedCollector([listing('2026-11-23T10:00:00.000Z'), denied, denied]),
    );
    await refresher.refreshAll();
    await refresher.refreshAll();
    await refresher.refreshAll();

    const [replica] = replicas;
    await replica.reload();
    expect(replica.states()).toEqual([
      {
        provider: 'aws',
        scope: SCOPE,
        status: 'error',
        error: denied.message,
        refreshedAt: '2026-11-23T10:00:00.000Z',
      },
    ]);
    expect(replica.metadata()[SCOPE].refreshedAt).toBe(
      '2026-11-23T10:00:00.000Z',
    );
    expect(
      logger.warn.mock.calls.filter(([m]) => m === denied.message),
    ).toHaveLength(1);
    expect(histogram.record).toHaveBeenCalledWith(1, {
      provider: 'aws',
      scope: SCOPE,
    });
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  OverviewResponse,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import {
  createExternalSecretConditionalDecision,
  externalSecretConditions,
  ExternalSecretResource,
} from '../permissions/externalSecretRules';
import { AuthorizedExternalSecretsService } from './AuthorizedExternalSecretsService';
import { ExternalSecretsService } from './types';

const ARN =
  'arn:aws:iam::123456789012:role/eso-payments is not authorized to perform: secretsmanager:GetSecretValue';

function report(): ServiceReport {
  return {
    entityRef: 'component:default/checkout',
    generatedAt: '2026-11-23T12:00:00.000Z',
    health: 'error',
    clusters: [
      {
        name: 'prod',
        status: 'error',
        error: 'connect ECONNREFUSED 10.0.0.1:6443 (https://prod.example:6443)',
        lastUpdated: null,
      },
    ],
    providers: [
      {
        provider: 'aws',
        scope: 'aws/eu-west-1',
        status: 'error',
        error: `User: ${ARN}`,
        warnings: ['read /etc/eso/dump.json at 123456789012'],
        refreshedAt: null,
      },
    ],
    externalSecrets: [
      {
        cluster: 'prod',
        namespace: 'shop',
        name: 'checkout-db',
        apiVersion: 'external-secrets.io/v1',
        store: { kind: 'SecretStore', name: 'aws', ready: true },
        targetSecret: 'checkout-db',
        refreshInterval: 3600,
        refreshPolicy: 'Periodic',
        lastSyncTime: null,
        secretChangedAt: null,
        ready: {
          status: 'False',
          reason: 'SecretSyncedError',
          message: `AccessDeniedException: User: ${ARN}`,
          lastTransitionTime: null,
        },
        health: 'error',
        findings: [
          {
            rule: 'sync-failed',
            severity: 'error',
            message: `ESO says: User: ${ARN}`,
          },
        ],
      },
    ],
  };
}

const overview: OverviewResponse = {
  generatedAt: '2026-11-23T12:00:00.000Z',
  totals: {
    services: { healthy: 0, warning: 0, error: 1, unknown: 0 },
    externalSecrets: { healthy: 0, warning: 0, error: 1, unknown: 0 },
    unassigned: 0,
  },
  clusters: report().clusters,
  providers: report().providers,
  storesNotReady: [
    {
      cluster: 'prod',
      kind: 'ClusterSecretStore',
      namespace: null,
      name: 'aws',
      ready: false,
      reason: 'InvalidProviderConfig',
      message: `could not assume role ${ARN}`,
      externalSecrets: 1,
    },
  ],
  findingsByRule: { 'sync-failed': 1 },
  services: { items: [], total: 0, offset: 0, limit: 50 },
};

const resource: ExternalSecretResource = {
  cluster: 'prod',
  namespace: 'shop',
  name: 'checkout-db',
  claimedBy: [
    { entityRef: 'component:default/checkout', owner: 'group:default/shop' },
  ],
};

function inner(): jest.Mocked<ExternalSecretsService> {
  const service: ExternalSecretsService = {
    getReport: jest.fn(async () => report()),
    getOverview: jest.fn(async () => overview),
    requestSync: jest.fn(async request => ({
      ...request,
      annotated: { kind: 'ExternalSecret' as const, name: request.name },
      annotation: 'force-sync',
      requestedAt: '2026-11-23T12:00:00.000Z',
    })),
    getHistory: jest.fn(async () => ({
      items: [
        {
          cluster: 'prod',
          namespace: 'shop',
          name: 'checkout-db',
          type: 'health-changed' as const,
          at: '2026-11-23T12:00:00.000Z',
          detail: `error: User: ${ARN}`,
        },
      ],
    })),
    getTimeline: jest.fn(async () => ({
      from: '2026-10-24T12:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
      events: [
        {
          cluster: 'prod',
          namespace: 'shop',
          name: 'checkout-db',
          type: 'health-changed' as const,
          at: '2026-11-23T12:00:00.000Z',
          health: 'error' as const,
          detail: `error: User: ${ARN}`,
        },
      ],
      truncated: false,
      syncs: { bucketSeconds: 3600, buckets: [] },
      health: [],
    })),
    getFindingsOverTime: jest.fn(async () => ({
      from: '2026-10-24T12:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
      bucketSeconds: 3600,
      since: null,
      points: [],
    })),
  };
  return service as jest.Mocked<ExternalSecretsService>;
}

/** The one ExternalSecret the tests know, as permission rules see it. */
const resources = {
  find: jest.fn(
    async (refs: Array<{ cluster: string; namespace: string; name: string }>) =>
      refs.map(r =>
        r.cluster === resource.cluster &&
        r.namespace === resource.namespace &&
        r.name === resource.name
          ? resource
          : undefined,
      ),
  ),
};

/** Decisions by permission name: a plain result, or a conditional decision for syncs. */
function permissions(decide: {
  [name: string]: AuthorizeResult | PolicyDecision;
}) {
  const result = (name: string): PolicyDecision => {
    const d = decide[name] ?? AuthorizeResult.DENY;
    return typeof d === 'string' ? ({ result: d } as PolicyDecision) : d;
  };
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => {
        const d = result(r.permission.name);
        return {
          result:
            d.result === AuthorizeResult.CONDITIONAL
              ? AuthorizeResult.DENY
              : d.result,
        };
      }),
    authorizeConditional: async requests =>
      requests.map(r => result(r.permission.name) as any),
  });
}

/**
 * A catalog read decided per entity (IS_ENTITY_OWNER of group:default/shop, conditional): of
 * checkout and ledger, only checkout is allowed when asked one by one.
 */
function ownerOfCheckout() {
  return mockServices.permissions.mock({
    authorizeConditional: async () => [
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['group:default/shop'] },
        },
      },
    ],
    authorize: async requests =>
      requests.map(r => ({
        result:
          r.resourceRef === 'component:default/checkout'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  });
}

/** What the visibility filter the inner service got lets through of checkout and ledger. */
function visibleOf(options: {
  isVisible?: (refs: string[]) => Promise<Set<string>>;
}) {
  return options.isVisible!([
    'component:default/checkout',
    'component:default/ledger',
  ]);
}

const options = { credentials: mockCredentials.user() };
const readAll = {
  'external-secrets.report.read': AuthorizeResult.ALLOW,
  'catalog.entity.read': AuthorizeResult.ALLOW,
};
const syncRequest = { cluster: 'prod', namespace: 'shop', name: 'checkout-db' };

describe('AuthorizedExternalSecretsService', () => {
  describe('infrastructure details', () => {
    it('shows every cluster and provider source in full to holders of external-secrets.details.read', async () => {
      const service = inner();
      const authorized = new AuthorizedExternalSecretsService(
        service,
        permissions({
          ...readAll,
          'external-secrets.details.read': AuthorizeResult.ALLOW,
        }),
        resources,
      );
      const result = await authorized.getReport(
        'component:default/checkout',
        options,
      );
      expect(result).toEqual(report());
      expect(service.getReport).toHaveBeenCalledWith(
        'component:default/checkout',
        expect.objectContaining({ allStates: true }),
      );
      expect(
        await authorized.getOverview({ offset: 0, limit: 50 }, options),
      ).toEqual(overview);
    });

    it('gives other readers the kind of failure, without ARNs, account ids, URLs or paths', async () => {
      const service = inner();
      const authorized = new AuthorizedExternalSecretsService(
        service,
        permissions(readAll),
        resources,
      );
      const result = await authorized.getReport(
        'component:default/checkout',
        options,
      );
      expect(service.getReport).toHaveBeenCalledWith(
        'component:default/checkout',
        expect.objectContaining({ allStates: false }),
      );
      const text = JSON.stringify(result);
      expect(text).not.toMatch(
        /123456789012|arn:aws|https:\/\/|10\.0\.0\.1|\/etc\/eso/,
      );
      expect(result.clusters[0].error).toMatch(
        /^Cluster 'prod' cannot be read: unreachable\..*external-secrets\.details\.read/,
      );
      expect(result.providers[0].error).toMatch(/access denied/);
      expect(result.providers[0].warnings).toEqual([
        'read [path hidden] at [account id hidden]',
      ]);
      expect(result.externalSecrets[0].findings[0].message).toBe(
        'ESO says: User: [ARN hidden] is not authorized to perform: secretsmanager:GetSecretValue',
      );
      expect(result.externalSecrets[0].ready?.message).toMatch(
        /^AccessDeniedException: User: \[ARN hidden\]/,
      );

      const seen = await authorized.getOverview(
        { offset: 0, limit: 50 },
        options,
      );
      expect(JSON.stringify(seen)).not.toMatch(/123456789012|arn:aws/);
      expect(seen.storesNotReady[0].message).toMatch(
        /could not assume role \[ARN hidden\]/,
      );

      const history = await authorized.getHistory(
        { ...syncRequest, limit: 10 },
        options,
      );
      expect(history.items[0].detail).not.toMatch(/arn:aws/);
    });
  });

  describe('overview', () => {
    it('passes no visibility filter on an unconditional allow', async () => {
      const service = inner();
      await new AuthorizedExternalSecretsService(
        service,
        permissions(readAll),
        resources,
      ).getOverview({ offset: 0, limit: 50 }, options);
      expect(service.getOverview.mock.calls[0][1].isVisible).toBeUndefined();
    });

    it('limits rows and aggregates to the entities allowed one by one on a conditional decision', async () => {
      const service = inner();
      await new AuthorizedExternalSecretsService(
        service,
        ownerOfCheckout(),
        resources,
      ).getOverview({ offset: 0, limit: 50 }, options);
      expect(await visibleOf(service.getOverview.mock.calls[0][1])).toEqual(
        new Set(['component:default/checkout']),
      );
    });

    it('refuses a caller denied external-secrets.report.read', async () => {
      await expect(
        new AuthorizedExternalSecretsService(
          inner(),
          permissions({}),
          resources,
        ).getOverview({ offset: 0, limit: 50 }, options),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });
  });

  describe('timeline and findings over time', () => {
    it('decides the timeline as the history and hides infrastructure details', async () => {
      const timeline = await new AuthorizedExternalSecretsService(
        inner(),
        permissions(readAll),
        resources,
      ).getTimeline({ ...syncRequest, days: 30 }, options);
      expect(timeline.events[0].detail).not.toMatch(/arn:aws/);
      expect(timeline.events[0].health).toBe('error');
      await expect(
        new AuthorizedExternalSecretsService(
          inner(),
          permissions({}),
          resources,
        ).getTimeline({ ...syncRequest, days: 30 }, options),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });

    it('counts findings over time with the overview aggregates visibility', async () => {
      const service = inner();
      await new AuthorizedExternalSecretsService(
        service,
        permissions(readAll),
        resources,
      ).getFindingsOverTime({ days: 30 }, options);
      expect(
        service.getFindingsOverTime.mock.calls[0][1].isVisible,
      ).toBeUndefined();

      await new AuthorizedExternalSecretsService(
        service,
        ownerOfCheckout(),
        resources,
      ).getFindingsOverTime({ days: 7 }, options);
      expect(
        await visibleOf(service.getFindingsOverTime.mock.calls[1][1]),
      ).toEqual(new Set(['component:default/checkout']));

      await expect(
        new AuthorizedExternalSecretsService(
          inner(),
          permissions({}),
          resources,
        ).getFindingsOverTime({ days: 30 }, options),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });
  });

  describe('sync', () => {
    const conditional = (conditions: any) =>
      createExternalSecretConditionalDecision(
        {
          type: 'resource',
          resourceType: 'external-secret',
          name: 'external-secrets.sync',
          attributes: { action: 'update' },
        },
        conditions,
      );

    it.each([
      [
        'namespace it owns',
        externalSecretConditions.isInNamespace({ namespaces: ['shop'] }),
        true,
      ],
      [
        'another namespace',
        externalSecretConditions.isInNamespace({ namespaces: ['payments'] }),
        false,
      ],
      [
        'its cluster',
        externalSecretConditions.isInCluster({ clusters: ['prod'] }),
        true,
      ],
      [
        'another cluster',
        externalSecretConditions.isInCluster({ clusters: ['dev'] }),
        false,
      ],
      [
        'owner of the claiming entity',
        externalSecretConditions.isClaimingEntityOwner({
          claims: ['group:default/SHOP'],
        }),
        true,
      ],
      [
        'another team',
        externalSecretConditions.isClaimingEntityOwner({
          claims: ['group:default/payments'],
        }),
        false,
      ],
      [
        'owner, in its namespace',
        {
          allOf: [
            externalSecretConditions.isClaimingEntityOwner({
              claims: ['group:default/shop'],
            }),
            externalSecretConditions.isInNamespace({ namespaces: ['shop'] }),
          ],
        },
        true,
      ],
    ])('applies a conditional decision: %s', async (_, conditions, allowed) => {
      const service = inner();
      const authorized = new AuthorizedExternalSecretsService(
        service,
        permissions({ 'external-secrets.sync': conditional(conditions) }),
        resources,
      );
      const outcome = await authorized.requestSync(syncRequest, options).then(
        () => 'synced',
        (error: Error) => error.message,
      );
      expect(outcome).toBe(
        allowed
          ? 'synced'
          : 'You are not allowed to do this: permission external-secrets.sync is required on ExternalSecret prod:shop/checkout-db',
      );
      expect(service.requestSync).toHaveBeenCalledTimes(allowed ? 1 : 0);
    });

    it('refuses a conditional sync of an ExternalSecret the backend does not know', async () => {
      const authorized = new AuthorizedExternalSecretsService(
        inner(),
        permissions({
          'external-secrets.sync': conditional(
            externalSecretConditions.isInCluster({ clusters: ['prod'] }),
          ),
        }),
        resources,
      );
      await expect(
        authorized.requestSync({ ...syncRequest, name: 'nope' }, options),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });

    it('follows unconditional decisions as they are', async () => {
      await expect(
        new AuthorizedExternalSecretsService(
          inner(),
          permissions({ 'external-secrets.sync': AuthorizeResult.ALLOW }),
          resources,
        ).requestSync(syncRequest, options),
      ).resolves.toMatchObject(syncRequest);
      await expect(
        new AuthorizedExternalSecretsService(
          inner(),
          permissions({}),
          resources,
        ).requestSync(syncRequest, options),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });
  });
});

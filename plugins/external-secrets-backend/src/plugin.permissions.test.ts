import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createPermissionResourceRef,
  createPermissionRule,
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  externalSecretsDetailsReadPermission,
  externalSecretsReportReadPermission,
  externalSecretsSyncPermission,
  FindingsOverTimeResponse,
  OverviewResponse,
  ServiceReport,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';
import { serviceEntity } from '@eso-health/test-harness';
import supertest from 'supertest';
import { z } from 'zod';
import {
  createExternalSecretConditionalDecision,
  externalSecretConditions,
} from './index';
import { externalSecretsPlugin } from './plugin';
import { replayClusterConfig } from './__testUtils__/demoCluster';

// ---------------------------------------------------------------------------------------------
// The example policy of docs/permissions.md (exported there), kept compiled and exercised here.
// ---------------------------------------------------------------------------------------------

/** Platform admins: everything, infrastructure details included. */
const PLATFORM_GROUP = 'group:default/platform';

/**
 * Teams read the External Secrets reports of the entities they own, and may sync only the
 * ExternalSecrets claimed by an entity they own; only platform admins see infrastructure details.
 */
class ExternalSecretsPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.includes(PLATFORM_GROUP))
      return { result: AuthorizeResult.ALLOW };

    if (isPermission(request.permission, externalSecretsSyncPermission)) {
      if (!user) return { result: AuthorizeResult.DENY };
      return createExternalSecretConditionalDecision(request.permission, {
        allOf: [
          externalSecretConditions.isClaimingEntityOwner({ claims }),
          // e.g. never production from the portal:
          // { not: externalSecretConditions.isInCluster({ clusters: ['prod'] }) },
        ],
      });
    }
    if (isPermission(request.permission, externalSecretsReportReadPermission)) {
      if (!user) return { result: AuthorizeResult.DENY };
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (
      isPermission(request.permission, externalSecretsDetailsReadPermission)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const externalSecretsPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'external-secrets-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExternalSecretsPolicy());
      },
    });
  },
});

// ---------------------------------------------------------------------------------------------
// The matrix: every route × principal × kind of decision, through the real permission backend.
// ---------------------------------------------------------------------------------------------

const api = '/api/external-secrets';

/** The demo's services, each owned by its team. */
const component = (name: string): Entity =>
  serviceEntity(name, `group:default/team-${name}`);
const entities = ['payments-api', 'checkout', 'ledger'].map(component);

/** Who owns what: users and their groups, as a catalog-backed userInfo would answer. */
const groups: Record<string, string[]> = {
  'user:default/owner': ['group:default/team-checkout'],
  'user:default/other': ['group:default/team-ledger'],
  'user:development/guest': [],
  'user:default/both': [
    'group:default/team-checkout',
    'group:default/team-ledger',
  ],
};

const principals = {
  'no token': mockCredentials.none.header(),
  guest: mockCredentials.user.header('user:development/guest'),
  owner: mockCredentials.user.header('user:default/owner'),
  'other team': mockCredentials.user.header('user:default/other'),
  'service principal': mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:scaffolder'),
    targetPluginId: 'external-secrets',
  }),
};
type Principal = keyof typeof principals;

/**
 * The mock auth service, except that a plugin's on-behalf-of token for a user carries the plugin
 * as the actor, as the real auth service's tokens do; the permission backend refuses conditional
 * requests without a resource from a user with no actor (a direct request from a browser).
 */
const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';
const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      issueUserCookie: inner.issueUserCookie.bind(inner),
      credentials: (async (req: any, options?: any) => {
        const credentials: any = await inner.credentials(req, options);
        const token = String(req.headers.authorization ?? '').replace(
          /^Bearer\s+/i,
          '',
        );
        if (
          token.startsWith(MOCK_SERVICE_TOKEN_PREFIX) &&
          JSON.parse(token.slice(MOCK_SERVICE_TOKEN_PREFIX.length)).obo &&
          credentials.principal.type === 'user'
        ) {
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin:external-secrets' },
          });
        }
        return credentials;
      }) as typeof inner.credentials,
    };
  },
});

const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(groups[userEntityRef] ?? [])],
      };
    },
  }),
});

/**
 * A stand-in for the catalog's permission integration (the catalog itself is a service mock
 * here): the catalog-entity resource type with the catalog's `IS_ENTITY_OWNER` rule, so the
 * permission backend can apply the example policy's catalog conditions.
 */
const catalogEntityRef = createPermissionResourceRef<Entity, unknown>().with({
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
});
const catalogPermissions = createBackendPlugin({
  pluginId: 'catalog',
  register(reg) {
    reg.registerInit({
      deps: { registry: coreServices.permissionsRegistry },
      async init({ registry }) {
        registry.addResourceType({
          resourceRef: catalogEntityRef,
          rules: [
            createPermissionRule({
              name: 'IS_ENTITY_OWNER',
              description: 'owner',
              resourceRef: catalogEntityRef,
              paramsSchema: z.object({ claims: z.array(z.string()) }),
              apply: (entity, { claims }) =>
                claims.includes(String(entity.spec?.owner)),
              toQuery: () => ({}),
            }),
          ],
          getResources: async refs =>
            refs.map(ref =>
              entities.find(
                e => `component:default/${e.metadata.name}` === ref,
              ),
            ),
        });
      },
    });
  },
});

type Mode = 'allow' | 'deny' | 'conditional';

/** allow: everything; deny: every External Secrets permission; conditional: the example policy. */
function policyModule(mode: Mode) {
  if (mode === 'conditional') return externalSecretsPolicyModule;
  return createBackendModule({
    pluginId: 'permission',
    moduleId: `test-${mode}`,
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy({
            handle: async req => ({
              result:
                mode === 'deny' &&
                req.permission.name.startsWith('external-secrets.')
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }),
          });
        },
      });
    },
  });
}

async function startBackend(
  mode: Mode,
  externalSecrets: Record<string, unknown> = {},
) {
  const { server } = await startTestBackend({
    features: [
      externalSecretsPlugin,
      permissionBackend,
      policyModule(mode),
      catalogPermissions,
      userInfo,
      httpAuthWithActors,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          externalSecrets: {
            ...replayClusterConfig(),
            ...externalSecrets,
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootLogger.factory({ level: 'error' }),
    ],
  });
  return server;
}

const checkoutDb = {
  cluster: 'demo',
  namespace: 'checkout',
  name: 'checkout-db',
};

/** One call per route, as a principal. */
const routes = {
  'GET report': (server: any, auth: string) =>
    supertest(server)
      .get(`${api}/v1/report`)
      .query({ entityRef: 'component:default/checkout' })
      .set('Authorization', auth),
  'GET overview': (server: any, auth: string) =>
    supertest(server).get(`${api}/v1/overview`).set('Authorization', auth),
  'GET history': (server: any, auth: string) =>
    supertest(server)
      .get(`${api}/v1/history`)
      .query(checkoutDb)
      .set('Authorization', auth),
  'POST sync': (server: any, auth: string) =>
    supertest(server)
      .post(`${api}/v1/sync`)
      .send(checkoutDb)
      .set('Authorization', auth),
  'GET timeline': (server: any, auth: string) =>
    supertest(server)
      .get(`${api}/v1/timeline`)
      .query(checkoutDb)
      .set('Authorization', auth),
  'GET findings-over-time': (server: any, auth: string) =>
    supertest(server)
      .get(`${api}/v1/findings-over-time`)
      .set('Authorization', auth),
};
type Route = keyof typeof routes;

/** A route's statuses: no token is always 401; then guest, owner, other team, service principal. */
const routeStatuses = (
  guest: number,
  owner: number,
  otherTeam: number,
  servicePrincipal: number,
): Record<Principal, number> => ({
  'no token': 401,
  guest,
  owner,
  'other team': otherTeam,
  'service principal': servicePrincipal,
});

/**
 * Expected status per mode, route and principal. A sync that passes the permission check
 * answers 409: the demo cluster is a read-only manifests folder. Service principals (other
 * backends calling with their own token) are allowed by the permission framework without asking
 * the policy, whatever it says.
 */
const expected: Record<Mode, Record<Route, Record<Principal, number>>> = {
  allow: {
    'GET report': routeStatuses(200, 200, 200, 200),
    'GET overview': routeStatuses(200, 200, 200, 200),
    'GET history': routeStatuses(200, 200, 200, 200),
    'POST sync': routeStatuses(409, 409, 409, 409),
    'GET timeline': routeStatuses(200, 200, 200, 200),
    'GET findings-over-time': routeStatuses(200, 200, 200, 200),
  },
  deny: {
    'GET report': routeStatuses(403, 403, 403, 200),
    'GET overview': routeStatuses(403, 403, 403, 200),
    'GET history': routeStatuses(403, 403, 403, 200),
    'POST sync': routeStatuses(403, 403, 403, 409),
    'GET timeline': routeStatuses(403, 403, 403, 200),
    'GET findings-over-time': routeStatuses(403, 403, 403, 200),
  },
  conditional: {
    'GET report': routeStatuses(403, 200, 403, 200),
    'GET overview': routeStatuses(200, 200, 200, 200),
    'GET history': routeStatuses(403, 200, 403, 200),
    'POST sync': routeStatuses(403, 409, 403, 409),
    'GET timeline': routeStatuses(403, 200, 403, 200),
    'GET findings-over-time': routeStatuses(200, 200, 200, 200),
  },
};

/** Polls until the demo cluster is evaluated (the overview lists the ExternalSecrets). */
async function ready(server: any) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await supertest(server)
      .get(`${api}/v1/history`)
      .query(checkoutDb)
      .set('Authorization', principals['service principal']);
    if (res.status !== 404 && res.status !== 500) return;
    if (Date.now() > deadline)
      throw new Error(`demo not evaluated: ${res.status}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

const errorNames: Record<number, string | undefined> = {
  401: 'AuthenticationError',
  403: 'NotAllowedError',
  409: 'ConflictError',
};

const ALL = 'all';
const allRows = [
  'component:default/ledger',
  'component:default/checkout',
  'component:default/payments-api',
];
/** The overview's rows per decision and principal (deny answers 403). */
const visibleRows: Record<
  'allow' | 'conditional',
  Record<Exclude<Principal, 'no token'>, string[] | typeof ALL>
> = {
  allow: {
    guest: ALL,
    owner: ALL,
    'other team': ALL,
    'service principal': ALL,
  },
  conditional: {
    guest: [],
    owner: ['component:default/checkout'],
    'other team': ['component:default/ledger'],
    'service principal': ALL,
  },
};
const overviewCases = (['allow', 'conditional'] as const).flatMap(mode =>
  (Object.keys(visibleRows[mode]) as Array<keyof typeof visibleRows.allow>).map(
    principal => [mode, principal] as const,
  ),
);

const cases = (Object.keys(expected) as Mode[]).flatMap(mode =>
  (Object.keys(routes) as Route[]).flatMap(route =>
    (Object.keys(principals) as Principal[]).map(
      principal => [mode, route, principal] as const,
    ),
  ),
);

describe('permission matrix (real permission backend)', () => {
  const servers = new Map<Mode, any>();
  beforeAll(async () => {
    for (const mode of Object.keys(expected) as Mode[]) {
      const server = await startBackend(mode);
      await ready(mode === 'deny' ? server : server);
      servers.set(mode, server);
    }
  }, 60_000);

  it('covers 3 decisions × 6 routes × 5 principals', () => {
    expect(cases).toHaveLength(90);
  });

  it.each(cases)('%s: %s as %s', async (mode, route, principal) => {
    const res = await routes[route](servers.get(mode), principals[principal]);
    expect({ status: res.status, error: res.body.error?.name }).toEqual({
      status: expected[mode][route][principal],
      error: errorNames[expected[mode][route][principal]],
    });
  });

  it.each(overviewCases)(
    '%s: the overview as %s covers only what it may read',
    async (mode, principal) => {
      const res = await routes['GET overview'](
        servers.get(mode),
        principals[principal],
      );
      const overview = res.body as OverviewResponse;
      const rows = overview.services.items.map(r => r.entityRef);
      const everything = visibleRows[mode][principal] === ALL;
      expect(rows).toEqual(everything ? allRows : visibleRows[mode][principal]);
      // Aggregates cover the same entities and the ExternalSecrets they claim.
      const services = Object.values(overview.totals.services).reduce(
        (a, b) => a + b,
        0,
      );
      expect(services).toBe(rows.length);
      expect(overview.totals.unassigned > 0).toBe(everything);
      expect(overview.clusters.map(c => c.name)).toEqual(
        rows.length ? ['demo'] : [],
      );
      // Only the ledger's store is failing: not the checkout team's business.
      const seesLedger = rows.includes('component:default/ledger');
      expect(overview.storesNotReady.length > 0).toBe(seesLedger);
      expect(overview.findingsByRule['store-not-ready'] !== undefined).toBe(
        seesLedger,
      );
      // The AWS source is read by the stores of checkout's ExternalSecrets and of ledger's.
      expect(overview.providers.map(p => p.provider)).toEqual(
        rows.length ? ['aws'] : [],
      );
    },
  );

  it('shows aggregates over everything to an unconditional reader, details to admins only', async () => {
    const all = (
      await routes['GET overview'](servers.get('allow'), principals.guest)
    ).body as OverviewResponse;
    const owner = (
      await routes['GET overview'](servers.get('conditional'), principals.owner)
    ).body as OverviewResponse;
    expect(all.totals.unassigned).toBeGreaterThan(0);
    expect(all.findingsByRule['store-not-ready']).toBeGreaterThan(0);
    expect(
      owner.totals.externalSecrets.healthy +
        owner.totals.externalSecrets.warning +
        owner.totals.externalSecrets.error +
        owner.totals.externalSecrets.unknown,
    ).toBeLessThan(
      all.totals.externalSecrets.healthy +
        all.totals.externalSecrets.warning +
        all.totals.externalSecrets.error +
        all.totals.externalSecrets.unknown,
    );
  });

  it('answers the card: the permission backend applies external-secret conditions through the plugin', async () => {
    const server = servers.get('conditional');
    const decide = async (user: string, resourceRef: string) => {
      const res = await supertest(server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(user))
        .send({
          items: [
            {
              id: '1',
              permission: externalSecretsSyncPermission,
              resourceRef,
            },
          ],
        });
      expect(res.status).toBe(200);
      return res.body.items[0].result;
    };
    const ref = 'demo:checkout/checkout-db';
    expect(await decide('user:default/owner', ref)).toBe(AuthorizeResult.ALLOW);
    expect(await decide('user:default/other', ref)).toBe(AuthorizeResult.DENY);
    // Unknown ExternalSecrets and malformed refs are denied, not errors.
    expect(await decide('user:default/owner', 'demo:checkout/nope')).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      await decide('user:default/owner', 'component:default/checkout'),
    ).toBe(AuthorizeResult.DENY);
  });
});

// ---------------------------------------------------------------------------------------------
// Timeline and findings over time with a history: the demo's, recorded at start.
// ---------------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000;
type Counts = { error: number; warning: number; info: number };
const severities = ['error', 'warning', 'info'] as const;
const total = (p: Counts) => p.error + p.warning + p.info;

describe('timeline and findings over time per caller (example policy, demo history)', () => {
  let server: any;
  /** The hour the backend started in: the demo history's samples reach at least this hour. */
  let startHour: string;
  const findingsRequest = (auth: string) =>
    supertest(server)
      .get(`${api}/v1/findings-over-time`)
      .set('Authorization', auth);
  const findings = async (auth: string) => {
    const res = await findingsRequest(auth);
    expect(res.status).toBe(200);
    return res.body as FindingsOverTimeResponse;
  };
  const timeline = (
    auth: string,
    ref: { cluster: string; namespace: string; name: string } = checkoutDb,
  ) =>
    supertest(server)
      .get(`${api}/v1/timeline`)
      .query(ref)
      .set('Authorization', auth);

  beforeAll(async () => {
    startHour = new Date(
      Math.floor(Date.now() / HOUR_MS) * HOUR_MS,
    ).toISOString();
    server = await startBackend('conditional', {
      demo: { recordHistory: true },
    });
    await ready(server);
    // The demo history is written after the first evaluation; its samples come last, oldest first.
    const deadline = Date.now() + 20_000;
    const recorded = (
      hour: string,
      points: FindingsOverTimeResponse['points'],
    ) => points.some(p => p.at >= hour && total(p) > 0);
    for (;;) {
      const all = await findings(principals['service principal']);
      if (recorded(startHour, all.points)) break;
      if (Date.now() > deadline)
        throw new Error(
          `no demo history: ${JSON.stringify(all).slice(0, 300)}`,
        );
      await new Promise(r => setTimeout(r, 100));
    }
  }, 60_000);

  it('findings over time count only the ExternalSecrets of entities the caller may read', async () => {
    const claimed = async (entity: string) => {
      const res = await supertest(server)
        .get(`${api}/v1/report`)
        .query({ entityRef: `component:default/${entity}` })
        .set('Authorization', principals['service principal']);
      expect(res.status).toBe(200);
      return (res.body as ServiceReport).externalSecrets;
    };
    const checkout = await claimed('checkout');
    const ledger = await claimed('ledger');
    const key = (e: { cluster: string; namespace: string; name: string }) =>
      `${e.cluster}/${e.namespace}/${e.name}`;
    // Disjoint claims, so a reader of both sees the sum of the two.
    expect(checkout.length).toBeGreaterThan(0);
    expect(ledger.length).toBeGreaterThan(0);
    expect(checkout.filter(e => ledger.some(l => key(l) === key(e)))).toEqual(
      [],
    );

    const all = await findings(principals['service principal']);
    const owner = await findings(principals.owner);
    const other = await findings(principals['other team']);
    const both = await findings(
      mockCredentials.user.header('user:default/both'),
    );
    const guest = await findings(principals.guest);
    // Every caller gets the same hours; only the sums differ.
    const hours = all.points.map(p => p.at);
    expect(hours.length).toBeGreaterThan(0);
    for (const series of [owner, other, both, guest]) {
      expect(series.points.map(p => p.at)).toEqual(hours);
      expect(series.since).toBe(all.since);
    }
    const at = (series: FindingsOverTimeResponse, i: number): Counts => {
      const { error, warning, info } = series.points[i];
      return { error, warning, info };
    };
    const sum = (a: Counts, b: Counts): Counts => ({
      error: a.error + b.error,
      warning: a.warning + b.warning,
      info: a.info + b.info,
    });
    const within = (part: Counts, whole: Counts) =>
      severities.every(s => part[s] <= whole[s]);

    // A caller who may read nothing counts nothing.
    expect(guest.points.filter(p => total(p) > 0)).toEqual([]);
    // Readers of checkout, of ledger and of both: additive, and never more than everything.
    expect(hours.map((_, i) => at(both, i))).toEqual(
      hours.map((_, i) => sum(at(owner, i), at(other, i))),
    );
    expect(hours.filter((_, i) => !within(at(both, i), at(all, i)))).toEqual(
      [],
    );

    // The hour the demo history was recorded in samples the current findings: each caller's
    // point is the findings of the ExternalSecrets it may see, by severity.
    const current = hours.indexOf(startHour);
    expect(current).toBeGreaterThanOrEqual(0);
    const findingsOf = (statuses: ServiceReport['externalSecrets']) => {
      const counts: Counts = { error: 0, warning: 0, info: 0 };
      for (const e of statuses)
        for (const f of e.findings) counts[f.severity] += 1;
      return counts;
    };
    expect(at(owner, current)).toEqual(findingsOf(checkout));
    expect(at(other, current)).toEqual(findingsOf(ledger));
    expect(total(findingsOf(ledger))).toBeGreaterThan(0);

    // Where ledger's hidden ExternalSecrets had findings, the checkout team counts fewer than an
    // unconditional reader, by at least ledger's share.
    const ledgerHours = hours.flatMap((_, i) =>
      total(at(other, i)) > 0 ? [i] : [],
    );
    expect(ledgerHours).toContain(current);
    expect(
      ledgerHours.filter(
        i =>
          !(
            total(at(owner, i)) < total(at(all, i)) &&
            within(sum(at(owner, i), at(other, i)), at(all, i))
          ),
      ),
    ).toEqual([]);
  });

  it('answers 403 on the timeline of an ExternalSecret the caller may not read, and nothing of it', async () => {
    const owner = await timeline(principals.owner);
    expect(owner.status).toBe(200);
    expect((owner.body as TimelineResponse).events.length).toBeGreaterThan(0);

    const unknown = { ...checkoutDb, name: 'no-such-secret' };
    expect(
      (await timeline(principals['service principal'], unknown)).status,
    ).toBe(404);
    for (const principal of ['other team', 'guest'] as const) {
      for (const ref of [checkoutDb, unknown]) {
        const res = await timeline(principals[principal], ref);
        // Known or not, the same refusal; no event, sync or health of the ExternalSecret.
        expect({ principal, status: res.status, body: res.body }).toEqual({
          principal,
          status: 403,
          body: {
            error: expect.objectContaining({
              name: 'NotAllowedError',
              message:
                'You are not allowed to read the history of this ExternalSecret: permission external-secrets.report.read is required on an entity that claims it',
            }),
            request: expect.anything(),
            response: { statusCode: 403 },
          },
        });
        expect(JSON.stringify(res.body)).not.toMatch(
          /"(events|syncs|health|buckets)"/,
        );
      }
    }
    // The history answers the same as its timeline.
    expect(
      (await routes['GET history'](server, principals['other team'])).status,
    ).toBe(403);
  });

  it('answers 401 without credentials on both routes', async () => {
    for (const res of [
      await timeline(principals['no token']),
      await timeline('Bearer invalid'),
      await findingsRequest(mockCredentials.none.header()),
      await findingsRequest('Bearer invalid'),
    ]) {
      expect({ status: res.status, error: res.body.error?.name }).toEqual({
        status: 401,
        error: 'AuthenticationError',
      });
    }
  });
});

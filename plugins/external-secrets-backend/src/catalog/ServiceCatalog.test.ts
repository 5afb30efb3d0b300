import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceCatalog } from './ServiceCatalog';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const checkout = component('checkout', {
  'backstage.io/kubernetes-id': 'checkout',
});
const ledger = component('ledger', {
  'backstage.io/kubernetes-label-selector': 'app=ledger',
});
const website = component('website', {});

/** The catalog as it ingests: each step replaces what it holds; listings and pages are counted. */
function ingestingCatalog() {
  let current = catalogServiceMock({ entities: [] });
  const state = { queries: 0, pages: 0, failing: false };
  const catalog = {
    async *streamEntities(
      ...args: Parameters<CatalogService['streamEntities']>
    ) {
      state.queries++;
      if (state.failing) throw new Error('catalog is down');
      for await (const page of current.streamEntities(...args)) {
        state.pages++;
        yield page;
      }
    },
  } as unknown as CatalogService;
  return {
    catalog,
    state,
    hold(entities: Entity[]) {
      current = catalogServiceMock({ entities });
    },
  };
}

describe('ServiceCatalog', () => {
  let clock: number;
  const make = (catalog: CatalogService) =>
    new ServiceCatalog(
      catalog,
      mockServices.auth(),
      mockServices.logger.mock(),
      {
        maxAgeMs: 10_000,
        now: () => clock,
      },
    );

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('lists only entities with a Kubernetes annotation, with a full owner ref', async () => {
    const fake = ingestingCatalog();
    fake.hold([checkout, ledger, website]);
    const services = await make(fake.catalog).list();
    expect(services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout',
        owner: 'group:default/team-a',
      }),
      expect.objectContaining({ entityRef: 'component:default/ledger' }),
    ]);
  });

  it('lists in pages, so the catalog in the same process never answers the whole list at once', async () => {
    const fake = ingestingCatalog();
    const many = Array.from({ length: 250 }, (_, i) =>
      component(`svc-${i}`, { 'backstage.io/kubernetes-id': `svc-${i}` }),
    );
    fake.hold([...many, website]);
    const services = await make(fake.catalog).list();
    expect(services).toHaveLength(250);
    expect(fake.state.queries).toBe(1);
    expect(fake.state.pages).toBe(3);
  });

  it('follows a catalog that is still ingesting once the list is older than maxAgeMs', async () => {
    const fake = ingestingCatalog();
    const catalog = make(fake.catalog);
    await catalog.refresh(); // the background task's first run, before ingestion
    expect(await catalog.list()).toEqual([]);

    fake.hold([checkout]);
    clock += 5_000;
    expect(await catalog.list()).toEqual([]); // young enough: no query
    expect(fake.state.queries).toBe(1);

    clock += 6_000;
    expect((await catalog.list()).map(s => s.entityRef)).toEqual([
      'component:default/checkout',
    ]);
    expect(fake.state.queries).toBe(2);
  });

  it('changes its version only when the list changes', async () => {
    const fake = ingestingCatalog();
    fake.hold([checkout]);
    const catalog = make(fake.catalog);
    await catalog.refresh();
    const first = catalog.getVersion();
    await catalog.refresh();
    expect(catalog.getVersion()).toBe(first);
    fake.hold([checkout, ledger]);
    await catalog.refresh();
    expect(catalog.getVersion()).toBe(first + 1);
  });

  it('runs one query for concurrent callers', async () => {
    const fake = ingestingCatalog();
    fake.hold([checkout]);
    const catalog = make(fake.catalog);
    const lists = await Promise.all([
      catalog.list(),
      catalog.list(),
      catalog.refresh(),
    ]);
    expect(lists[0]).toHaveLength(1);
    expect(fake.state.queries).toBe(1);
  });

  it('keeps the last list when the catalog fails, and asks again only after maxAgeMs', async () => {
    const fake = ingestingCatalog();
    fake.hold([checkout]);
    const catalog = make(fake.catalog);
    await catalog.refresh();
    fake.state.failing = true;
    clock += 11_000;
    expect(await catalog.list()).toHaveLength(1);
    expect(await catalog.list()).toHaveLength(1);
    expect(fake.state.queries).toBe(2);
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ExternalSecretsCluster,
  ExternalSecretsClusterSupplier,
} from '@eso-health/plugin-external-secrets-node';
import { ClusterAuthStrategies } from '../clusters/auth/ClusterAuthStrategies';
import { ClusterRegistry } from './ClusterRegistry';

const cluster = (
  name: string,
  provider = 'serviceAccount',
  extra: Partial<ExternalSecretsCluster> = {},
): ExternalSecretsCluster => ({
  name,
  // Nothing listens there: these sources only fail to connect.
  url: 'https://127.0.0.1:1',
  authMetadata: {
    'kubernetes.io/auth-provider': provider,
    serviceAccountToken: 't',
  },
  ...extra,
});

class ListSupplier implements ExternalSecretsClusterSupplier {
  clusters: ExternalSecretsCluster[] = [];
  fail = false;
  constructor(readonly name: string) {}
  async getClusters() {
    if (this.fail) throw new Error('catalog down');
    return this.clusters;
  }
}

describe('ClusterRegistry', () => {
  const registries: ClusterRegistry[] = [];
  const logger = mockServices.logger.mock();
  const make = (suppliers: ExternalSecretsClusterSupplier[], defaults = {}) => {
    const registry = new ClusterRegistry({
      suppliers,
      strategies: new ClusterAuthStrategies({
        config: new ConfigReader({}),
        logger,
      }),
      defaults,
      logger,
      sourceOptions: { startTimeoutMs: 100 },
    });
    registries.push(registry);
    return registry;
  };
  afterEach(async () => {
    await Promise.all(registries.splice(0).map(r => r.stop()));
  });

  it('refuses at start a configured cluster that cannot be watched, saying why', async () => {
    const config = new ListSupplier('config');
    config.clusters = [cluster('ok'), cluster('gke', 'google')];
    await expect(make([config]).start()).rejects.toThrow(InputError);
    await expect(make([config]).start()).rejects.toThrow(
      /cluster 'gke' uses authProvider 'google', which cannot serve the External Secrets backend/,
    );
  });

  it("starts, stops and replaces clusters as suppliers change, keeping a failed supplier's last clusters", async () => {
    const catalog = new ListSupplier('catalog');
    catalog.clusters = [cluster('a'), cluster('oidc-one', 'oidc')];
    const registry = make([catalog], { secrets: 'none' });
    const changes = jest.fn();
    registry.onChange(changes);
    await registry.start();
    expect(registry.list().map(s => s.name)).toEqual(['a', 'oidc-one']);
    // Defaults apply; a catalog cluster that cannot be watched is shown in error, not fatal.
    expect(registry.get('a')?.secrets).toBe('none');
    expect(registry.get('oidc-one')?.state()).toMatchObject({
      status: 'error',
      error: expect.stringContaining("authProvider 'oidc'"),
    });

    catalog.clusters = [cluster('a'), cluster('b')];
    await registry.refresh();
    expect(registry.list().map(s => s.name)).toEqual(['a', 'b']);
    const a = registry.get('a');

    catalog.fail = true;
    await registry.refresh();
    expect(registry.list().map(s => s.name)).toEqual(['a', 'b']);
    expect(logger.warn).toHaveBeenCalledWith(
      "cluster supplier 'catalog' failed, keeping its last clusters: Error: catalog down",
    );

    catalog.fail = false;
    catalog.clusters = [cluster('a', 'serviceAccount', { namespaces: ['x'] })];
    await registry.refresh();
    expect(registry.list().map(s => s.name)).toEqual(['a']);
    expect(registry.get('a')).not.toBe(a);
    expect(changes).toHaveBeenCalledTimes(3);
  });

  it('keeps the first of two clusters with one name', async () => {
    const one = new ListSupplier('config');
    one.clusters = [cluster('same')];
    const two = new ListSupplier('catalog');
    two.clusters = [cluster('same', 'aws')];
    const registry = make([one, two]);
    await registry.start();
    expect(registry.list()).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      "cluster 'same' from supplier 'catalog' is ignored: another cluster has that name",
    );
  });
});

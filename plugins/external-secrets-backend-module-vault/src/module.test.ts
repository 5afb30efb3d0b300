import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// A module is tested inside the plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import externalSecretsPlugin from '@eso-health/plugin-external-secrets-backend';
import {
  ExternalSecretStatus,
  ServiceReport,
} from '@eso-health/plugin-external-secrets-common';
import { serviceEntity } from '@eso-health/test-harness';
import { resolve } from 'node:path';
import request from 'supertest';
import { externalSecretsModuleVault } from './module';

// The bundled demo with its Vault KV metadata dump, as the portal runs it: the plugin reads the
// dump (externalSecrets.providerDumps), and only with this module installed are Vault-backed
// stores judged.

const demo = resolve(__dirname, '../../../examples/demo-cluster');

async function checkoutAndLedger(withModule: boolean) {
  const { server } = await startTestBackend({
    features: [
      externalSecretsPlugin,
      ...(withModule ? [externalSecretsModuleVault] : []),
      mockServices.rootConfig.factory({
        data: {
          externalSecrets: {
            clusters: [{ name: 'demo', manifests: demo }],
            providerDumps: {
              vaultMetadata: [resolve(demo, 'vault-metadata.json')],
            },
            replay: { capturedAt: '2026-11-23T12:00:00Z', clock: 'frozen' },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [
          serviceEntity('checkout', 'group:default/team-checkout'),
          serviceEntity('ledger', 'group:default/team-ledger'),
        ],
      }),
    ],
  });
  const report = async (service: string): Promise<ServiceReport> =>
    (
      await request(server)
        .get('/api/external-secrets/v1/report')
        .query({ entityRef: `component:default/${service}` })
    ).body;
  let checkout = await report('checkout');
  for (let i = 0; i < 100 && !checkout.externalSecrets?.length; i++) {
    await new Promise(r => setTimeout(r, 100));
    checkout = await report('checkout');
  }
  return { checkout, ledger: await report('ledger') };
}

const es = (r: ServiceReport, name: string): ExternalSecretStatus =>
  r.externalSecrets.find(e => e.name === name)!;

describe('the Vault module on the demo', () => {
  it('judges the demo’s Vault-backed stores from its metadata dump', async () => {
    const { checkout, ledger } = await checkoutAndLedger(true);
    expect(checkout.providers).toContainEqual(
      expect.objectContaining({
        provider: 'vault',
        title: 'HashiCorp Vault KV v2',
        status: 'ok',
      }),
    );
    expect(es(checkout, 'checkout-gateway-3ds')).toMatchObject({
      store: { provider: 'vault', providerTitle: 'HashiCorp Vault KV v2' },
      findings: [
        expect.objectContaining({
          rule: 'provider-expiring',
          severity: 'warning',
        }),
      ],
    });
    expect(
      es(ledger, 'ledger-signing-key-v2').findings.map(f => f.rule),
    ).toEqual(['provider-secret-missing']);
  });

  it('leaves them unjudged without the module', async () => {
    const { checkout } = await checkoutAndLedger(false);
    expect(es(checkout, 'checkout-gateway-3ds')).toMatchObject({
      store: { provider: 'vault' },
      findings: [],
    });
    expect(es(checkout, 'checkout-gateway-3ds').store.providerTitle).toBe(
      undefined,
    );
  });
});

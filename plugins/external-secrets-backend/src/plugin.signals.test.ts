import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { EXTERNAL_SECRETS_SIGNAL_CHANNEL } from '@eso-health/plugin-external-secrets-common';
import {
  eventually,
  liveBackendFeatures,
  putOrdersExternalSecret,
  useOrdersCluster,
} from './__testUtils__/ordersCluster';

// A watch event that changes a report is announced on the signals channel: a broadcast with a
// bare revision, no entity or ExternalSecret names (signals skip the permission framework).

describe('external-secrets change signals', () => {
  const kube = useOrdersCluster();

  it('publishes a revision after a watch event changes an ExternalSecret', async () => {
    const published: SignalPayload[] = [];
    await startTestBackend({
      features: [
        ...liveBackendFeatures(kube),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: SignalPayload<any>) => {
              published.push(signal);
            },
          }),
        }),
      ],
    });

    // The first list is a change too (the cluster's ExternalSecrets appear).
    await eventually(() => (published.length ? true : undefined));
    const before = published.length;
    const revisionBefore = Number(published[before - 1].message.revision);

    putOrdersExternalSecret(kube, 'orders-db', 'failing');
    const signal = await eventually(() =>
      published.length > before ? published[published.length - 1] : undefined,
    );
    expect(signal).toEqual({
      recipients: { type: 'broadcast' },
      channel: EXTERNAL_SECRETS_SIGNAL_CHANNEL,
      message: { revision: expect.any(Number) },
    });
    expect(Number(signal.message.revision)).toBeGreaterThan(revisionBefore);
    expect(JSON.stringify(published)).not.toMatch(/orders/);
  });
});

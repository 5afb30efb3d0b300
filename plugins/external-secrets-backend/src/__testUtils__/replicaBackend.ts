/*
 * One backend replica for the replicas test: a real Backstage backend process with the
 * catalog and the External Secrets plugin, configured by the --config file the test writes,
 * and a provider collector that appends one line per run to $COLLECT_LOG (pid and time), so the
 * test can tell whether scheduled work ran once across replicas.
 */
import fs from 'node:fs';
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { externalSecretsProvidersExtensionPoint } from '@eso-health/plugin-external-secrets-node';

const countingCollector = createBackendModule({
  pluginId: 'external-secrets',
  moduleId: 'replicas-test-collector',
  register(env) {
    env.registerInit({
      deps: { providers: externalSecretsProvidersExtensionPoint },
      async init({ providers }) {
        providers.addCollector({
          provider: 'test',
          scopes: () => ['test/replicas'],
          async collect() {
            const started = Date.now();
            // Long enough that two replicas running the same slot would overlap.
            await new Promise(resolve => setTimeout(resolve, 300));
            fs.appendFileSync(
              process.env.COLLECT_LOG!,
              `${process.pid} ${started} ${Date.now()}\n`,
            );
            return {
              listing: {
                provider: 'test',
                region: 'test',
                refreshedAt: new Date().toISOString(),
                secrets: [],
              },
              apiCalls: {},
              warnings: [],
            };
          },
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('../index'));
// Notifications: the replicas test checks that both replicas together send each one once.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(countingCollector);
backend.start();

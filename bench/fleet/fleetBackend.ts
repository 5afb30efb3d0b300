// The backend under test: a real Backstage backend with the catalog, the Kubernetes plugin, the
// External Secrets plugin (its package's default export, nothing else) and the bench plugin.
// With FLEET_BACKEND_AUTH=1 it also runs the auth backend with the guest provider, so that the
// frontend (the browser measurement) can sign in against it. Config comes from `--config`:
//
//   node --expose-gc -r @backstage/cli-node/config/nodeTransform.cjs bench/fleet/fleetBackend.ts \
//     --config <generated app-config.yaml>
import { createBackend } from '@backstage/backend-defaults';
// Imported first: its event-loop monitor starts with the process.
import { benchPlugin } from './benchPlugin';

const backend = createBackend();
backend.add(benchPlugin);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@eso-health/plugin-external-secrets-backend'));
if (process.env.FLEET_BACKEND_AUTH === '1') {
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
}
backend.start();

// The generated files the backend (and the frontend dev server) start with: an app-config with
// the simulated clusters, a static token for the driver and the bench catalog, and the catalog
// itself: 1,000 Components `svc-<k>` annotated with their kubernetes-id.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KUBERNETES_ID, SERVICES } from './generator';

export interface BackendConfigOptions {
  dir: string;
  backendPort: number;
  simPort: number;
  clusters: number;
  token: string;
  /** The frontend's origin, when the browser measurement runs (CORS, guest sign-in). */
  appOrigin?: string;
  /**
   * PostgreSQL connection string (as in production), or undefined for in-memory SQLite, whose
   * synchronous driver blocks the event loop on every query of every plugin (the catalog's
   * processing of the bench's 1,000 entities included), so stalls measure SQLite, not the plugins.
   */
  postgres?: string;
}

export const clusterName = (i: number) => `c${i}`;

export function catalogEntity(k: number) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `svc-${k}`,
      namespace: 'default',
      title: `Service ${k}`,
      annotations: { [KUBERNETES_ID]: `svc-${k}` },
    },
    spec: { type: 'service', lifecycle: 'production', owner: `team-${k % 20}` },
  };
}

export function writeCatalog(dir: string): string {
  const path = join(dir, 'catalog-info.yaml');
  const docs = Array.from({ length: SERVICES }, (_, k) =>
    stringify(catalogEntity(k)),
  );
  writeFileSync(path, docs.join('---\n'));
  return path;
}

export function writeBackendConfig(options: BackendConfigOptions): string {
  const { dir, backendPort, simPort, token, appOrigin } = options;
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const config = {
    app: { baseUrl: appOrigin ?? backendUrl },
    backend: {
      baseUrl: backendUrl,
      listen: { host: '127.0.0.1', port: backendPort },
      database: options.postgres
        ? {
            client: 'pg',
            connection: options.postgres,
            // A fresh set of plugin databases per run and size.
            prefix: `fleet_${Date.now().toString(36)}_`,
          }
        : { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
      ...(appOrigin
        ? {
            cors: {
              origin: appOrigin,
              methods: ['GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'DELETE'],
              credentials: true,
            },
          }
        : {}),
    },
    ...(appOrigin
      ? {
          auth: {
            providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
          },
        }
      : {}),
    catalog: {
      locations: [{ type: 'file', target: writeCatalog(dir) }],
      rules: [{ allow: ['Component', 'Location'] }],
      // Backstage's default processing interval (100–150 s), as in a real portal: the catalog
      // processing its entities every few seconds would stall the shared event loop itself.
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Array.from({ length: options.clusters }, (_, i) => ({
            name: clusterName(i),
            url: `http://127.0.0.1:${simPort}/c/${i}`,
            authProvider: 'serviceAccount',
            serviceAccountToken: 'simulated-token',
            skipTLSVerify: true,
          })),
        },
      ],
      customResources: [
        {
          group: 'external-secrets.io',
          apiVersion: 'v1',
          plural: 'externalsecrets',
        },
      ],
    },
    // No externalSecrets.clusters: the plugin reads the Kubernetes plugin's clusters.
    externalSecrets: { evaluationIntervalSeconds: 30 },
  };
  const path = join(dir, 'app-config.bench.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

/** Overrides for the frontend dev server, on top of the repository's app-config.yaml. */
export function writeAppConfig(
  dir: string,
  appOrigin: string,
  backendPort: number,
): string {
  const path = join(dir, 'app-config.frontend.yaml');
  const port = Number(new URL(appOrigin).port);
  writeFileSync(
    path,
    stringify({
      app: { baseUrl: appOrigin, listen: { host: '127.0.0.1', port } },
      backend: { baseUrl: `http://127.0.0.1:${backendPort}` },
    }),
  );
  return path;
}

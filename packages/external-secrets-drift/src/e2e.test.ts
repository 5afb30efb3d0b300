/**
 * End-to-end tests: spawn the real bin (`node bin/external-secrets-drift`) with the project's
 * Node on the bundled demo cluster (examples/demo-cluster) and on broken inputs.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { RULE_IDS } from '@eso-health/plugin-external-secrets-common';
import { stringify } from 'yaml';
import {
  clusterSecretStoreObject,
  externalSecretObject,
} from './__testUtils__/externalSecretObject';

jest.setTimeout(60_000);

const PACKAGE_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(PACKAGE_DIR, '../..');
const BIN = path.join(PACKAGE_DIR, 'bin', 'external-secrets-drift');
const DEMO = path.join(REPO_ROOT, 'examples', 'demo-cluster');
const DEMO_AWS = path.join(DEMO, 'aws-list-secrets.json');
const DEMO_SSM = path.join(DEMO, 'ssm-parameters.json');
const DEMO_VAULT = path.join(DEMO, 'vault-metadata.json');
/** `--manifests` for each of `files` of the demo cluster. */
const demoManifests = (...files: string[]) =>
  files.flatMap(file => ['--manifests', path.join(DEMO, file)]);
const CAPTURED_AT = '2026-11-23T12:00:00Z';

/** A RegExp matching the text literally. */
const literally = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

function drift(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (result.error) {
    throw result.error;
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const demoArgs = [
  '--manifests',
  DEMO,
  '--aws-secrets',
  DEMO_AWS,
  '--ssm-parameters',
  DEMO_SSM,
  '--vault-metadata',
  DEMO_VAULT,
  '--now',
  CAPTURED_AT,
];

describe('external-secrets-drift (spawned)', () => {
  describe('on the demo cluster', () => {
    let code: number | null;
    let stderr: string;
    let report: any;

    beforeAll(() => {
      const run = drift([...demoArgs, '--json']);
      code = run.code;
      stderr = run.stderr;
      report = JSON.parse(run.stdout);
    });

    const byName = () => {
      const map = new Map<string, any>();
      for (const es of [
        ...report.services.flatMap((s: any) => s.externalSecrets),
        ...report.unassigned,
      ]) {
        map.set(`${es.namespace}/${es.name}`, es);
      }
      return map;
    };

    it('exits 1 (ledger has errors) without warnings', () => {
      expect(code).toBe(1);
      expect(stderr).toBe('');
    });

    it('prints the JSON contract', () => {
      expect(Object.keys(report).sort()).toEqual([
        'generatedAt',
        'services',
        'unassigned',
      ]);
      expect(report.generatedAt).toBe('2026-11-23T12:00:00.000Z');
      for (const service of report.services) {
        expect(Object.keys(service).sort()).toEqual([
          'externalSecrets',
          'health',
          'service',
        ]);
      }
      const keys = [
        'apiVersion',
        'cluster',
        'findings',
        'health',
        'lastSyncTime',
        'name',
        'namespace',
        'ready',
        'refreshInterval',
        'refreshPolicy',
        'secretChangedAt',
        'store',
        'targetSecret',
      ];
      for (const es of byName().values()) {
        expect(Object.keys(es)).toEqual(expect.arrayContaining(keys));
        expect(es.cluster).toBe('default');
      }
    });

    it('gives each service the health the demo README describes', () => {
      expect(
        Object.fromEntries(
          report.services.map((s: any) => [s.service, s.health]),
        ),
      ).toEqual({
        'payments-api': 'healthy',
        checkout: 'warning',
        ledger: 'error',
      });
      expect(
        report.unassigned.map((es: any) => [
          `${es.namespace}/${es.name}`,
          es.health,
        ]),
      ).toEqual([['monitoring/grafana-admin', 'healthy']]);
    });

    it('fires every drift rule', () => {
      const fired = new Set(
        [...byName().values()].flatMap((es: any) =>
          es.findings.map((f: any) => f.rule),
        ),
      );
      expect([...RULE_IDS].filter(rule => !fired.has(rule))).toEqual([]);
    });

    it('gives each ExternalSecret the findings the demo README lists', () => {
      const findings = Object.fromEntries(
        [...byName().entries()].map(([name, es]) => [
          name,
          es.findings.map((f: any) => `${f.rule}/${f.severity}`).sort(),
        ]),
      );
      expect(findings).toEqual({
        'payments/payments-api-db': [],
        'payments/payments-api-feature-flags': [],
        'payments/payments-stripe': [],
        'checkout/checkout-db': ['provider-ahead/warning'],
        'checkout/checkout-gateway-3ds': ['provider-expiring/warning'],
        'checkout/checkout-payment-gateway': [
          'stale-env/info',
          'stale-env/warning',
          'stale-subpath/warning',
          'volume-propagating/info',
        ],
        'checkout/checkout-redis': ['rotation-overdue/warning'],
        'ledger/ledger-db': ['store-not-ready/error', 'sync-failed/error'],
        'ledger/ledger-api-keys': ['sync-failed/error'],
        'ledger/ledger-signing-key': ['store-missing/error'],
        'ledger/ledger-signing-key-v2': ['provider-secret-missing/error'],
        'ledger/ledger-reports': ['target-missing/error'],
        'ledger/ledger-audit-export': ['sync-overdue/warning'],
        'ledger/ledger-batch-token': ['not-reconciled/error'],
        'ledger/ledger-legacy-cert': ['provider-secret-missing/error'],
        'monitoring/grafana-admin': [],
      });
    });

    it('claims checkout through its Deployments and lists each workload once', () => {
      const checkout = report.services.find(
        (s: any) => s.service === 'checkout',
      );
      expect(checkout.externalSecrets.map((es: any) => es.name).sort()).toEqual(
        [
          'checkout-db',
          'checkout-gateway-3ds',
          'checkout-payment-gateway',
          'checkout-redis',
        ],
      );
      const gateway = byName().get('checkout/checkout-payment-gateway');
      const workloads = (rule: string, severity: string) =>
        gateway.findings
          .filter((f: any) => f.rule === rule && f.severity === severity)
          .flatMap((f: any) =>
            f.workloads.map((w: any) => ({
              name: w.name,
              reloader: w.reloader,
              pods: w.pods.map((p: any) => `${p.container}:${p.readsVia}`),
            })),
          );
      // only the pod whose container started before the change; the OOM-restarted one is current
      expect(workloads('stale-env', 'warning')).toEqual([
        { name: 'checkout-api', reloader: false, pods: ['api:envFrom'] },
      ]);
      expect(workloads('stale-env', 'info')).toEqual([
        { name: 'checkout-worker', reloader: true, pods: ['worker:env'] },
      ]);
      expect(workloads('stale-subpath', 'warning')).toEqual([
        { name: 'checkout-edge', reloader: false, pods: ['nginx:subPath'] },
      ]);
      expect(workloads('volume-propagating', 'info')).toEqual([
        { name: 'checkout-web', reloader: false, pods: ['web:volume'] },
      ]);
      expect(gateway.findings[0].workloads[0].remedy ?? '').toMatch(
        /kubectl rollout restart deployment\//,
      );
    });

    it('reads the change time from ESO’s field manager only, and the v1beta1 object', () => {
      const all = byName();
      // a later kubectl-annotate entry (2026-11-22) does not count
      expect(all.get('payments/payments-api-db').secretChangedAt).toBe(
        '2026-11-20T08:00:03Z',
      );
      // nor does a later argocd-controller entry
      expect(all.get('checkout/checkout-redis').secretChangedAt).toBe(
        '2026-10-22T04:00:05Z',
      );
      expect(all.get('payments/payments-stripe').apiVersion).toBe(
        'external-secrets.io/v1beta1',
      );
      expect(all.get('ledger/ledger-api-keys').findings[0].message).toMatch(
        /AccessDenied/,
      );
      expect(all.get('checkout/checkout-db').findings[0].message).toMatch(
        /LastChangedDate/,
      );
    });

    it('judges the Vault and Parameter Store keys from their metadata dumps', () => {
      const all = byName();
      // delete_version_after 720h on a version written 2026-10-27 13:45:12
      const expiring = all.get('checkout/checkout-gateway-3ds').findings[0];
      expect(expiring.message).toMatch(
        /^Vault secret "checkout\/payment-gateway" expires at 2026-11-26T13:45:12\.604Z \(in 3d1h,/,
      );
      expect(expiring.remedy).toMatch(/delete_version_after/);
      const deleted = all.get('ledger/ledger-signing-key-v2').findings[0];
      expect(deleted.message).toMatch(
        /^Vault secret "ledger\/signing-key" has its current version 2 deleted \(deleted 2026-11-23T09:12:06\.448Z,/,
      );
      expect(deleted.remedy).toMatch(
        /vault kv undelete -mount=secret -versions=2 ledger\/signing-key/,
      );
      // Parameter Store: changed 2026-11-18 16:42, synced since
      const flags = all.get('payments/payments-api-feature-flags');
      expect(flags.store).toEqual(
        expect.objectContaining({
          kind: 'ClusterSecretStore',
          name: 'parameter-store',
        }),
      );
      expect(flags.secretChangedAt).toBe('2026-11-18T16:58:03Z');
      expect(flags.findings).toEqual([]);
    });

    it('prints the same report as a table', () => {
      const run = drift(demoArgs);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('payments-api: HEALTHY');
      expect(run.stdout).toContain('checkout: WARNING');
      expect(run.stdout).toContain('ledger: ERROR');
      expect(run.stdout).toContain(
        'kubectl rollout restart deployment/checkout-api -n checkout',
      );
      expect(run.stdout).toMatch(/16 ExternalSecrets/);
      expect(run.stdout).toContain(
        'Provider data: AWS Secrets Manager eu-west-1: 12 secrets listed at 2026-11-23T12:00:00.000Z; AWS Parameter Store eu-west-1: 5 secrets listed at 2026-11-23T12:00:00.000Z; HashiCorp Vault KV v2 secret: 4 secrets listed at 2026-11-23T12:00:00.000Z.',
      );
    });

    it('without provider dumps, provider rules stay silent', () => {
      const run = drift(['--manifests', DEMO, '--now', CAPTURED_AT, '--json']);
      expect(run.code).toBe(1);
      const rules = new Set(
        [
          ...JSON.parse(run.stdout).services.flatMap(
            (s: any) => s.externalSecrets,
          ),
        ].flatMap((es: any) => es.findings.map((f: any) => f.rule)),
      );
      expect(rules.has('provider-ahead')).toBe(false);
      expect(rules.has('provider-secret-missing')).toBe(false);
      expect(rules.has('rotation-overdue')).toBe(false);
      expect(rules.has('provider-expiring')).toBe(false);
      // The provider dumps in the demo folder are recognised and left out, each with its flag.
      expect(run.stderr).toBe(
        [
          `note: ${DEMO_AWS} holds aws secretsmanager list-secrets output, not Kubernetes objects: it was left out; pass it with --aws-secrets to use it.`,
          `note: ${DEMO_SSM} holds aws ssm describe-parameters output, not Kubernetes objects: it was left out; pass it with --ssm-parameters to use it.`,
          `note: ${DEMO_VAULT} holds a Vault KV metadata dump, not Kubernetes objects: it was left out; pass it with --vault-metadata to use it.`,
          '',
        ].join('\n'),
      );
    });
  });

  it('exits 0 when no ExternalSecret has an error (the payments files only)', () => {
    const run = drift([
      ...demoManifests('stores.yaml', 'payments.yaml'),
      '--aws-secrets',
      DEMO_AWS,
      '--ssm-parameters',
      DEMO_SSM,
      '--now',
      CAPTURED_AT,
      '--cluster',
      'demo',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.services.map((s: any) => [s.service, s.health])).toEqual([
      ['payments-api', 'healthy'],
    ]);
    expect(report.services[0].externalSecrets[0].cluster).toBe('demo');
    expect(report.services[0].externalSecrets).toHaveLength(3);
  });

  it('exits 0 with warnings only (checkout)', () => {
    const run = drift([
      ...demoManifests('stores.yaml', 'checkout.yaml'),
      '--aws-secrets',
      DEMO_AWS,
      '--vault-metadata',
      DEMO_VAULT,
      '--now',
      CAPTURED_AT,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('checkout: WARNING');
    expect(run.stdout).toContain(
      'WARNING provider-expiring: Vault secret "checkout/payment-gateway" expires at 2026-11-26T13:45:12.604Z',
    );
  });

  it('prints the help and exits 0', () => {
    const run = drift(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: external-secrets-drift');
    expect(run.stdout).toContain('--manifests <path>');
    expect(run.stderr).toBe('');
  });

  describe('on bad input', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'drift-e2e-'));
      writeFileSync(
        path.join(dir, 'broken.yaml'),
        'apiVersion: v1\nkind: Secret\ndata:\n  password: QmFkSW5wdXRWYWx1ZQ==\n oops: [\n',
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ['missing --manifests', [] as string[], /--manifests is required/],
      [
        'unreadable path',
        ['--manifests', '/nonexistent/cluster.yaml'],
        /Cannot read --manifests \/nonexistent\/cluster\.yaml: no such file or directory/,
      ],
      [
        'unparseable file',
        ['--manifests', 'BROKEN'],
        /Cannot parse .*broken\.yaml as YAML or JSON: .* at line \d+, column \d+/,
      ],
      [
        'invalid --now',
        ['--manifests', DEMO, '--now', 'last tuesday'],
        /--now last tuesday is not an ISO date-time/,
      ],
      [
        'unknown flag',
        ['--manifests', DEMO, '--verbose'],
        /unknown option '--verbose'/,
      ],
      [
        'invalid --aws-secrets',
        ['--manifests', DEMO, '--aws-secrets', path.join(DEMO, 'stores.yaml')],
        /is not valid JSON/,
      ],
      [
        'unreadable --ssm-parameters',
        ['--manifests', DEMO, '--ssm-parameters', '/nonexistent/ssm.json'],
        /Cannot read --ssm-parameters \/nonexistent\/ssm\.json: no such file or directory/,
      ],
      [
        '--ssm-parameters not JSON',
        [
          '--manifests',
          DEMO,
          '--ssm-parameters',
          path.join(DEMO, 'stores.yaml'),
        ],
        literally(
          `--ssm-parameters ${path.join(
            DEMO,
            'stores.yaml',
          )} is not valid JSON`,
        ),
      ],
      [
        '--ssm-parameters given another dump',
        ['--manifests', DEMO, '--ssm-parameters', DEMO_AWS],
        literally(
          `--ssm-parameters ${DEMO_AWS} is not the output of \`aws ssm describe-parameters --output json\``,
        ),
      ],
      [
        'unreadable --vault-metadata',
        ['--manifests', DEMO, '--vault-metadata', '/nonexistent/vault.json'],
        /Cannot read --vault-metadata \/nonexistent\/vault\.json: no such file or directory/,
      ],
      [
        '--vault-metadata not JSON',
        ['--manifests', DEMO, '--vault-metadata', 'BROKEN'],
        /--vault-metadata .*broken\.yaml is not valid JSON/,
      ],
      [
        '--vault-metadata given another dump',
        ['--manifests', DEMO, '--vault-metadata', DEMO_SSM],
        literally(
          `--vault-metadata ${DEMO_SSM} is not a Vault KV metadata dump`,
        ),
      ],
    ])(
      '%s: exit 2, a message on stderr, nothing on stdout',
      (_, args, message) => {
        const run = drift(
          (args as string[]).map(a =>
            a === 'BROKEN' ? path.join(dir, 'broken.yaml') : a,
          ),
        );
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(message as RegExp);
        expect(run.stderr).not.toContain('QmFkSW5wdXRWYWx1ZQ==');
      },
    );
  });

  describe('on input that is not a manifest dump', () => {
    const VALUE = 'Tm90LWEtZHVtcC12YWx1ZQ=='; // must never be echoed
    let dir: string;
    let at: (name: string) => string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'drift-not-a-dump-'));
      at = (name: string) => path.join(dir, name);
      const payments = readFileSync(path.join(DEMO, 'payments.yaml'));
      writeFileSync(at('payments.yaml.gz'), gzipSync(payments));
      writeFileSync(
        at('table.txt'),
        [
          'NAMESPACE   NAME             STORETYPE            STORE   REFRESH INTERVAL   STATUS         READY',
          `payments    ${VALUE}   ClusterSecretStore   aws     1h                 SecretSynced   True`,
          '',
        ].join('\n'),
      );
      writeFileSync(at('empty.yaml'), '');
      writeFileSync(
        at('values.yaml'),
        `# not a dump\nreplicaCount: 2\npassword: ${VALUE}\n---\n- a\n- b\n`,
      );
      // a folder of per-namespace dumps, one of which is a table
      cpSync(path.join(DEMO, 'stores.yaml'), at('mixed/a-stores.yaml'));
      cpSync(path.join(DEMO, 'payments.yaml'), at('mixed/b-payments.yaml'));
      cpSync(at('table.txt'), at('mixed/c-ledger.yaml'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      [
        'a gzip file',
        'payments.yaml.gz',
        'is gzip-compressed: decompress it first (gunzip); expected the YAML or JSON output of kubectl get <kinds> -A -o yaml (or -o json).',
      ],
      [
        'kubectl get table output',
        'table.txt',
        'holds kubectl get table output (NAME/NAMESPACE columns), not objects: re-run kubectl get with -o yaml (or -o json).',
      ],
      [
        'an empty file',
        'empty.yaml',
        'is empty (or holds only comments): expected the YAML or JSON output of kubectl get <kinds> -A -o yaml (or -o json). An empty dump usually means kubectl get failed',
      ],
      [
        'YAML without Kubernetes objects',
        'values.yaml',
        'holds no Kubernetes object (no document with apiVersion and kind): expected the YAML or JSON output of kubectl get <kinds> -A -o yaml (or -o json).',
      ],
    ])('%s: exit 2 naming the file, nothing on stdout', (_, name, message) => {
      for (const extra of [[], ['--json']]) {
        const run = drift([
          '--manifests',
          at(name),
          '--now',
          CAPTURED_AT,
          ...extra,
        ]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(
          run.stderr.startsWith(
            `external-secrets-drift: --manifests ${at(name)} ${message}`,
          ),
        ).toBe(true);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).not.toContain(VALUE);
      }
    });

    it('a folder mixing good dumps and a table file: exit 2 naming the table file', () => {
      const run = drift([
        '--manifests',
        at('mixed'),
        '--aws-secrets',
        DEMO_AWS,
        '--now',
        CAPTURED_AT,
      ]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `external-secrets-drift: ${at(
          'mixed/c-ledger.yaml',
        )} (in --manifests ${at(
          'mixed',
        )}) holds kubectl get table output (NAME/NAMESPACE columns), not objects: re-run kubectl get with -o yaml (or -o json). Remove it from the folder, or pass the dump files themselves.\n`,
      );
    });

    it('the good dumps of that folder, named, are read', () => {
      const run = drift([
        '--manifests',
        at('mixed/a-stores.yaml'),
        '--manifests',
        at('mixed/b-payments.yaml'),
        '--aws-secrets',
        DEMO_AWS,
        '--now',
        CAPTURED_AT,
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(
        JSON.parse(run.stdout).services.map((s: any) => s.service),
      ).toEqual(['payments-api']);
    });
  });

  describe('on an ExternalSecret dumped as both v1 and v1beta1', () => {
    let dir: string;
    let v1: string;
    let v1beta1: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'drift-versions-'));
      // The demo's failing ledger ExternalSecret, once as v1 (healthy here) and once as v1beta1
      // (failing): `kubectl get externalsecrets.v1.external-secrets.io` and `.v1beta1.` of one object.
      const es = (apiVersion: string, ready: 'True' | 'False') =>
        stringify(
          externalSecretObject({
            name: 'versions-db',
            namespace: 'versions',
            store: 'versions-aws',
            remoteRef: { key: 'versions/db' },
            ready,
            apiVersion,
            labels: { 'backstage.io/kubernetes-id': 'versions' },
            target: { creationPolicy: 'None' },
          }),
        );
      const store = stringify(clusterSecretStoreObject('versions-aws'));
      const secret = `apiVersion: v1
kind: Secret
metadata: {name: versions-db, namespace: versions}
`;
      v1 = path.join(dir, 'v1.yaml');
      v1beta1 = path.join(dir, 'v1beta1.yaml');
      writeFileSync(
        v1,
        [store, secret, es('external-secrets.io/v1', 'True')].join('---\n'),
      );
      writeFileSync(v1beta1, es('external-secrets.io/v1beta1', 'False'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ['v1 first', () => [v1, v1beta1]],
      ['v1beta1 first', () => [v1beta1, v1]],
    ])('reads the v1 copy (%s)', (_, files) => {
      const run = drift([
        ...files().flatMap(file => ['--manifests', file]),
        '--now',
        CAPTURED_AT,
        '--json',
      ]);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.services).toHaveLength(1);
      const [es] = report.services[0].externalSecrets;
      expect([es.name, es.apiVersion, es.health]).toEqual([
        'versions-db',
        'external-secrets.io/v1',
        'healthy',
      ]);
      expect(run.stderr).toContain(
        'note: 1 object appeared more than once in the dumps, in several API versions; the copy of the newest API version was used (external-secrets.io/v1 over v1beta1).',
      );
    });
  });

  describe('with secret values in the dump', () => {
    const VALUES = [
      'UzNjcjN0LWRhdGEtdmFsdWU=', // data
      'S3cr3t-stringData-value', // stringData
      'S3cr3t-last-applied-value', // last-applied-configuration
    ];
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'drift-values-'));
      cpSync(DEMO, dir, { recursive: true });
      // the same Secret as in the demo, dumped the way kubectl prints it: with its data
      const payments = readFileSync(path.join(dir, 'payments.yaml'), 'utf8');
      const withData = payments.replace(
        '\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    annotations:\n',
        `\n- apiVersion: v1\n  data:\n    DB_PASSWORD: ${VALUES[0]}\n  stringData:\n    DB_USER: ${VALUES[1]}\n  kind: Secret\n  metadata:\n    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"DB_PASSWORD":"${VALUES[2]}"}}'\n`,
      );
      if (withData === payments) {
        throw new Error(
          'the demo payments.yaml no longer holds the expected Secret',
        );
      }
      writeFileSync(path.join(dir, 'payments.yaml'), withData);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ['json', ['--json']],
      ['table', []],
    ])('never prints them (%s)', (_, extra) => {
      const run = drift([
        '--manifests',
        dir,
        '--aws-secrets',
        path.join(dir, 'aws-list-secrets.json'),
        '--now',
        CAPTURED_AT,
        ...(extra as string[]),
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('payments-api');
      for (const value of VALUES) {
        expect(run.stdout).not.toContain(value);
        expect(run.stderr).not.toContain(value);
      }
    });
  });
});

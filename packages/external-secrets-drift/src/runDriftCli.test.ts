import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  clusterSecretStoreObject,
  externalSecretObject,
} from './__testUtils__/externalSecretObject';
import { describeDuplicates, runDriftCli } from './runDriftCli';

const SECRET_VALUE = 'aHVudGVyMi1kby1ub3QtcHJpbnQ='; // base64 of a value that must never be printed

/** An ExternalSecret of shop, as an item of a kubectl List dump. */
const externalSecret = (
  name: string,
  ready: 'True' | 'False',
  labels: Record<string, string> = {},
) =>
  stringify([
    externalSecretObject({
      name,
      namespace: 'shop',
      store: 'aws',
      remoteRef: { key: `shop/${name}`, property: 'password' },
      ready,
      labels,
    }),
  ]);

function secret(name: string, managedFields: boolean) {
  return `- apiVersion: v1
  kind: Secret
  type: Opaque
  metadata:
    name: ${name}
    namespace: shop
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"${SECRET_VALUE}"}}'
${
  managedFields
    ? `    managedFields:
    - manager: externalsecrets.external-secrets.io/${name}
      operation: Apply
      time: "2026-11-20T00:00:00Z"
`
    : ''
}  data:
    password: ${SECRET_VALUE}
`;
}

const STORE = stringify([clusterSecretStoreObject('aws')]);

const list = (...items: string[]) =>
  `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;

describe('runDriftCli', () => {
  let dir: string;
  const write = (name: string, content: string) => {
    const full = path.join(dir, name);
    writeFileSync(full, content);
    return full;
  };
  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runDriftCli(argv, {
      stdout: text => {
        stdout += text;
      },
      stderr: text => {
        stderr += text;
      },
      clock: () => new Date('2026-11-23T12:00:00Z'),
    });
    return { code, stdout, stderr };
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'drift-cli-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 with a healthy report, and prints JSON with the contract shape', async () => {
    const dump = write(
      'ok.yaml',
      list(
        STORE,
        externalSecret('db', 'True', { 'backstage.io/kubernetes-id': 'shop' }),
        secret('db', true),
      ),
    );
    const { code, stdout, stderr } = await run([
      '--manifests',
      dump,
      '--json',
      '--cluster',
      'prod',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report).sort()).toEqual([
      'generatedAt',
      'services',
      'unassigned',
    ]);
    expect(report.generatedAt).toBe('2026-11-23T12:00:00.000Z');
    expect(report.services).toHaveLength(1);
    expect(Object.keys(report.services[0]).sort()).toEqual([
      'externalSecrets',
      'health',
      'service',
    ]);
    expect(report.services[0]).toMatchObject({
      service: 'shop',
      health: 'healthy',
      externalSecrets: [
        {
          cluster: 'prod',
          namespace: 'shop',
          name: 'db',
          targetSecret: 'db',
          lastSyncTime: '2026-11-23T11:30:00Z',
          secretChangedAt: '2026-11-20T00:00:00Z',
          health: 'healthy',
          findings: [],
        },
      ],
    });
    expect(report.unassigned).toEqual([]);
    expect(stdout).not.toContain(SECRET_VALUE);
  });

  it('exits 1 when an unassigned ExternalSecret has an error, and prints a table', async () => {
    const dump = write(
      'bad.yaml',
      list(STORE, externalSecret('db', 'False'), secret('db', true)),
    );
    const { code, stdout } = await run(['--manifests', dump]);
    expect(code).toBe(1);
    expect(stdout).toContain('Unassigned');
    expect(stdout).toContain('ERROR sync-failed');
    expect(stdout).not.toContain(SECRET_VALUE);
  });

  it('uses --now over the clock', async () => {
    const dump = write(
      'ok.yaml',
      list(STORE, externalSecret('db', 'True'), secret('db', true)),
    );
    const { code, stdout } = await run([
      '--manifests',
      dump,
      '--json',
      '--now',
      '2026-11-24T12:00:00+01:00',
    ]);
    const report = JSON.parse(stdout);
    expect(report.generatedAt).toBe('2026-11-24T11:00:00.000Z');
    // a day after the last sync with a 1h interval
    expect(report.unassigned[0].findings.map((f: any) => f.rule)).toContain(
      'sync-overdue',
    );
    expect(code).toBe(0);
  });

  it('warns on stderr about Secrets without managedFields and skipped kinds', async () => {
    const dump = write(
      'nomf.yaml',
      list(
        STORE,
        externalSecret('db', 'True'),
        secret('db', false),
        '- {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: shop}}\n',
      ),
    );
    const { code, stdout, stderr } = await run(['--manifests', dump]);
    expect(code).toBe(0);
    expect(stderr).toContain('1 of 1 Secrets carry no managedFields');
    expect(stderr).toContain('--show-managed-fields');
    expect(stderr).toContain(
      'skipped 1 object of kinds the report does not read (v1 ConfigMap)',
    );
    expect(stdout).not.toContain('managedFields');
    expect(`${stdout}${stderr}`).not.toContain(SECRET_VALUE);
  });

  it("reads dumps made without Secrets under --secrets none, from ESO's Updated Events", async () => {
    const pod = `- apiVersion: v1
  kind: Pod
  metadata: {name: api-1, namespace: shop}
  spec:
    containers:
    - name: api
      envFrom: [{secretRef: {name: db}}]
  status:
    containerStatuses:
    - name: api
      state: {running: {startedAt: "2026-11-23T10:00:00Z"}}
`;
    const updated = `- apiVersion: v1
  kind: Event
  type: Normal
  reason: Updated
  message: Updated Secret
  metadata: {name: db.1, namespace: shop}
  involvedObject: {kind: ExternalSecret, name: db, namespace: shop}
  lastTimestamp: "2026-11-23T11:30:00Z"
`;
    const dump = write(
      'no-secrets.yaml',
      list(STORE, externalSecret('db', 'True'), pod, updated),
    );

    const without = await run(['--manifests', dump, '--json']);
    expect(without.stderr).toContain(
      'the dumps hold no Secret, so every target Secret looks missing',
    );
    expect(without.code).toBe(1);

    const { code, stdout, stderr } = await run([
      '--manifests',
      dump,
      '--secrets',
      'none',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [es] = JSON.parse(stdout).unassigned;
    expect(es.secretChangedAt).toBe('2026-11-23T11:30:00Z');
    expect(es.secretChangeEvidence).toBe('eso-event');
    expect(es.findings.map((f: { rule: string }) => f.rule)).toEqual([
      'stale-env',
    ]);
    expect((await run(['--manifests', dump, '--secrets', 'some'])).code).toBe(
      2,
    );
  });

  it('leaves list-secrets output found among the manifests out, with a note', async () => {
    write(
      'es.yaml',
      list(STORE, externalSecret('db', 'True'), secret('db', true)),
    );
    const aws = write(
      'aws.json',
      JSON.stringify({
        SecretList: [
          {
            ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbC123',
            Name: 'shop/db',
            LastChangedDate: '2026-11-23T11:45:00+00:00',
          },
        ],
      }),
    );
    const alone = await run(['--manifests', dir]);
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain(
      `note: ${aws} holds aws secretsmanager list-secrets output`,
    );
    expect(alone.stderr).not.toContain('skipped');

    // the same file, named differently: no note
    const used = await run([
      '--manifests',
      dir,
      '--aws-secrets',
      path.relative(process.cwd(), aws),
      '--json',
    ]);
    expect(used.stderr).toBe('');
    const findings = JSON.parse(used.stdout).unassigned[0].findings;
    expect(findings.map((f: any) => f.rule)).toEqual(['provider-ahead']);
    expect(findings[0].message).toContain('LastChangedDate');
  });

  it.each([
    [[], /--manifests is required/],
    [['--manifests'], /argument missing/],
    [
      ['--manifests', '/nonexistent/dump.yaml'],
      /Cannot read --manifests \/nonexistent\/dump\.yaml: no such file or directory/,
    ],
    [
      ['--manifests', 'DUMP', '--now', 'yesterday'],
      /--now yesterday is not an ISO date-time/,
    ],
    [
      ['--manifests', 'DUMP', '--now', '2026-11-23T12:00:00'],
      /is not an ISO date-time with a time zone/,
    ],
    [['--manifests', 'DUMP', '--frobnicate'], /unknown option '--frobnicate'/],
    [['--manifests', 'DUMP', 'extra'], /too many arguments/],
    [
      ['--manifests', 'DUMP', '--aws-secrets', '/nonexistent.json'],
      /Cannot read --aws-secrets \/nonexistent\.json/,
    ],
    [
      ['--manifests', 'BROKEN'],
      /Cannot parse .*broken\.yaml as YAML or JSON: .* at line \d+, column \d+/,
    ],
    [['--manifests', 'DUMP', '--aws-secrets', 'BROKEN'], /is not valid JSON/],
    [['--manifests', 'DUMP', '--aws-secrets', 'DUMP'], /is not valid JSON/],
  ])('exits 2 on bad input %p, with stderr only', async (argv, message) => {
    const dump = write(
      'dump.yaml',
      list(STORE, externalSecret('db', 'True'), secret('db', true)),
    );
    const broken = write(
      'broken.yaml',
      `apiVersion: v1\nkind: Secret\ndata:\n  password: ${SECRET_VALUE}\n bad: [x\n`,
    );
    const files: Record<string, string> = { DUMP: dump, BROKEN: broken };
    const args = (argv as string[]).map(arg => files[arg] ?? arg);
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(SECRET_VALUE);
  });

  it.each([
    ['v1beta1 first', ['v1beta1', 'v1']],
    ['v1 first', ['v1', 'v1beta1']],
  ])(
    'reads an ExternalSecret dumped as v1 and v1beta1 as v1 (%s), with an accurate note',
    async (_, versions) => {
      // the v1beta1 copy is failing, the v1 copy healthy: only v1 must count
      const copies = versions.map(version =>
        externalSecret('db', version === 'v1' ? 'True' : 'False').replace(
          'external-secrets.io/v1\n',
          `external-secrets.io/${version}\n`,
        ),
      );
      const dump = write(
        'both.yaml',
        list(STORE, ...copies, secret('db', true)),
      );
      const { code, stdout, stderr } = await run([
        '--manifests',
        dump,
        '--json',
      ]);
      expect(code).toBe(0);
      const [es] = JSON.parse(stdout).unassigned;
      expect(es.apiVersion).toBe('external-secrets.io/v1');
      expect(es.health).toBe('healthy');
      expect(stderr).toBe(
        'note: 1 object appeared more than once in the dumps, in several API versions; the copy of the newest API version was used (external-secrets.io/v1 over v1beta1).\n',
      );
    },
  );

  it('describes duplicates by which copy was used', () => {
    expect(describeDuplicates(0, 0)).toBeUndefined();
    expect(describeDuplicates(2, 0)).toBe(
      'note: 2 objects appeared more than once in the dumps; the last copy was used.',
    );
    expect(describeDuplicates(3, 1)).toBe(
      'note: 3 objects appeared more than once in the dumps (1 in several API versions); the copy of the newest API version was used (external-secrets.io/v1 over v1beta1), else the last copy.',
    );
  });

  it.each([
    ['an empty file', '', /dump\.yaml is empty/],
    [
      'kubectl get table output',
      'NAME   STORE   READY\ndb     aws     True\n',
      /holds kubectl get table output/,
    ],
    ['YAML without objects', '- db\n- cache\n', /holds no Kubernetes object/],
  ])('exits 2 on %s, naming the file', async (_, content, message) => {
    const given = write('dump.yaml', content);
    const { code, stdout, stderr } = await run(['--manifests', given]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain(`--manifests ${given} `);
  });

  it('prints the help on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const flag of [
      '--manifests <path>',
      '--cluster <name>',
      '--aws-secrets <file>',
      '--now <time>',
      '--json',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('--show-managed-fields');
    expect(stdout).toContain('list-secrets --include-planned-deletion');
  });
});

import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockServices } from '@backstage/backend-test-utils';
import { ProviderRegionMetadata } from '@eso-health/plugin-external-secrets-common';
import {
  createIamRole,
  createIamUser,
  iamUserArn,
  motoAccount,
  TestWrites,
  useMoto,
} from '@eso-health/test-harness';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { AwsAccountConfig } from './awsAccounts';
import { AwsSecretsManagerCollector } from './AwsSecretsManagerCollector';
import { awsFailureReason } from './describeAwsError';
import {
  ProviderCollectContext,
  ProviderCollectError,
} from '../providers/types';

const REGION = 'eu-west-1';
const SCOPE = `aws/test/${REGION}`;

describe('AwsSecretsManagerCollector against moto', () => {
  const moto = useMoto();
  let admin: SecretsManagerClient;
  // Each test owns what it writes: when it ends (even by a timeout), its writes still running are
  // aborted and awaited before the next test resets moto.
  let writes: TestWrites;

  beforeEach(async () => {
    writes = new TestWrites();
    await moto.reset();
    admin = new SecretsManagerClient({
      region: REGION,
      endpoint: moto.endpoint,
      credentials: moto.credentials,
    });
  });
  afterEach(() => writes.end());

  const account = (
    extra: Partial<AwsAccountConfig> = {},
  ): AwsAccountConfig => ({ ...motoAccount(moto, REGION), ...extra });
  const context = (
    extra: Partial<ProviderCollectContext> = {},
  ): ProviderCollectContext => ({
    providerAheadCandidates: () => [],
    readSecrets: listing => listing.secrets,
    logger: mockServices.logger.mock(),
    ...extra,
  });
  const create = (name: string) =>
    writes.run(abortSignal =>
      admin.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }), {
        abortSignal,
      }),
    );

  it('lists every secret through pages of 100 and counts the calls', async () => {
    // 250 secrets, created 25 at a time: moto serves several requests at once.
    const names = Array.from(
      { length: 250 },
      (_, i) => `app/s${String(i).padStart(3, '0')}`,
    );
    for (let i = 0; i < names.length; i += 25)
      await Promise.all(names.slice(i, i + 25).map(create));
    const collector = new AwsSecretsManagerCollector([account()]);

    const result = await collector.collect(SCOPE, context());

    expect(result.listing.secrets).toHaveLength(250);
    expect(result.apiCalls).toEqual({ ListSecrets: 3 });
    expect(result.listing).toMatchObject({
      provider: 'aws',
      region: REGION,
      accountId: '123456789012',
      roleArn: null,
    });
    expect(result.warnings).toEqual([]);
  });

  it('keeps secrets pending deletion, with their deletion date', async () => {
    await create('app/live');
    await create('app/gone');
    await writes.run(abortSignal =>
      admin.send(
        new DeleteSecretCommand({
          SecretId: 'app/gone',
          RecoveryWindowInDays: 7,
        }),
        { abortSignal },
      ),
    );
    const { listing } = await new AwsSecretsManagerCollector([
      account(),
    ]).collect(SCOPE, context());
    const gone = listing.secrets.find(s => s.name === 'app/gone');
    expect(gone?.deletedDate).toEqual(expect.any(String));
    expect(
      listing.secrets.find(s => s.name === 'app/live')?.deletedDate,
    ).toBeNull();
  });

  it('lists only the configured name prefixes and records them', async () => {
    await create('payments/db');
    await create('ledger/db');
    const { listing } = await new AwsSecretsManagerCollector([
      account({ namePrefixes: ['payments/'] }),
    ]).collect(SCOPE, context());
    expect(listing.secrets.map(s => s.name)).toEqual(['payments/db']);
    expect(listing.namePrefixes).toEqual(['payments/']);
  });

  it('reads rotation settings', async () => {
    await create('app/rotated');
    await writes.run(abortSignal =>
      admin.send(
        new RotateSecretCommand({
          SecretId: 'app/rotated',
          RotationRules: { AutomaticallyAfterDays: 1 },
        }),
        { abortSignal },
      ),
    );
    // moto's RotateSecret leaves the new version empty until a value is put.
    await writes.run(abortSignal =>
      admin.send(
        new PutSecretValueCommand({
          SecretId: 'app/rotated',
          SecretString: 'v2',
        }),
        { abortSignal },
      ),
    );
    const { listing } = await new AwsSecretsManagerCollector([
      account(),
    ]).collect(SCOPE, context());
    const rotated = listing.secrets.find(s => s.name === 'app/rotated');
    expect(rotated?.rotationEnabled).toBe(true);
    expect(Date.parse(rotated!.nextRotationDate!)).toBeGreaterThan(Date.now());
  });

  it('confirms only candidates, once per change, and caps the time at LastChangedDate', async () => {
    await create('app/a');
    await create('app/b');
    const collector = new AwsSecretsManagerCollector([account()]);
    const candidates = (listing: ProviderRegionMetadata) =>
      listing.secrets.filter(s => s.name === 'app/a');

    const first = await collector.collect(
      SCOPE,
      context({ providerAheadCandidates: candidates }),
    );
    expect(first.apiCalls).toEqual({ ListSecrets: 1, ListSecretVersionIds: 1 });
    const a = first.listing.secrets.find(s => s.name === 'app/a')!;
    expect(a.currentVersionCreatedDate).toEqual(expect.any(String));
    expect(Date.parse(a.currentVersionCreatedDate!)).toBeLessThanOrEqual(
      Date.parse(a.lastChangedDate!),
    );
    expect(
      first.listing.secrets.find(s => s.name === 'app/b')!
        .currentVersionCreatedDate,
    ).toBeUndefined();

    // Nothing changed: the confirmation carries over, the candidate function sees it confirmed.
    const second = await collector.collect(
      SCOPE,
      context({
        previous: first.listing,
        providerAheadCandidates: listing =>
          candidates(listing).filter(
            s => s.currentVersionCreatedDate === undefined,
          ),
      }),
    );
    expect(second.apiCalls).toEqual({ ListSecrets: 1 });
    expect(
      second.listing.secrets.find(s => s.name === 'app/a')!
        .currentVersionCreatedDate,
    ).toBe(a.currentVersionCreatedDate);
  });

  it('names the scope, the action and the next step when the endpoint is down', async () => {
    const collector = new AwsSecretsManagerCollector([
      account({ endpoint: 'http://127.0.0.1:9' }),
    ]);
    const error = await collector.collect(SCOPE, context()).catch(e => e);
    expect(error).toBeInstanceOf(ProviderCollectError);
    expect(error.reason).toBe('unavailable');
    expect(error.message).toContain(
      'AWS account test (eu-west-1): secretsmanager:ListSecrets failed',
    );
  });

  describe('with IAM enforced', () => {
    let users = 0;
    const userWithPolicy = (actions: string[]) =>
      createIamUser(moto, `reader-${++users}`, actions);

    it('works with metadata-only permissions, which cannot read a value', async () => {
      await create('app/db');
      const keys = await userWithPolicy([
        'secretsmanager:ListSecrets',
        'secretsmanager:ListSecretVersionIds',
        'secretsmanager:DescribeSecret',
      ]);
      await moto.enforceIam();

      const { listing, warnings } = await new AwsSecretsManagerCollector([
        account({ staticCredentials: keys }),
      ]).collect(SCOPE, context({ providerAheadCandidates: l => l.secrets }));
      expect(listing.secrets.map(s => s.name)).toEqual(['app/db']);
      expect(listing.secrets[0].currentVersionCreatedDate).toEqual(
        expect.any(String),
      );
      expect(warnings).toEqual([]);

      const sameUser = new SecretsManagerClient({
        region: REGION,
        endpoint: moto.endpoint,
        credentials: keys,
        maxAttempts: 1,
      });
      const denied = async (call: Promise<unknown>) =>
        awsFailureReason(
          await call.then(
            () => undefined,
            e => e,
          ),
        );
      expect(
        await denied(
          sameUser.send(new GetSecretValueCommand({ SecretId: 'app/db' })),
        ),
      ).toBe('access-denied');
      expect(
        await denied(
          sameUser.send(
            new TagResourceCommand({
              SecretId: 'app/db',
              Tags: [{ Key: 'k', Value: 'v' }],
            }),
          ),
        ),
      ).toBe('access-denied');
    });

    it("reads through the configured role, with none of the caller's own permissions", async () => {
      await create('app/db');
      // The backend's own identity may only assume the role.
      const keys = await userWithPolicy(['sts:AssumeRole']);
      const roleArn = await createIamRole(
        moto,
        'backstage-external-secrets-reader',
        [
          'secretsmanager:ListSecrets',
          'secretsmanager:ListSecretVersionIds',
          'secretsmanager:DescribeSecret',
        ],
        iamUserArn(`reader-${users}`),
      );
      await moto.enforceIam();

      const alone = await new AwsSecretsManagerCollector([
        account({ staticCredentials: keys }),
      ])
        .collect(SCOPE, context())
        .catch(e => e);
      expect(alone.reason).toBe('access-denied');
      expect(alone.message).toContain(
        'access denied to secretsmanager:ListSecrets',
      );

      const { listing, warnings } = await new AwsSecretsManagerCollector([
        account({
          staticCredentials: keys,
          roleArn,
          externalId: 'backstage',
        }),
      ]).collect(SCOPE, context({ providerAheadCandidates: l => l.secrets }));
      expect(listing).toMatchObject({ roleArn, accountId: '123456789012' });
      expect(listing.secrets.map(s => s.name)).toEqual(['app/db']);
      expect(listing.secrets[0].currentVersionCreatedDate).toEqual(
        expect.any(String),
      );
      expect(warnings).toEqual([]);
    });

    it('reports a denied ListSecrets once, naming the action', async () => {
      await create('app/db');
      const keys = await userWithPolicy(['secretsmanager:DescribeSecret']);
      await moto.enforceIam();
      const error = await new AwsSecretsManagerCollector([
        account({ staticCredentials: keys }),
      ])
        .collect(SCOPE, context())
        .catch(e => e);
      expect(error).toBeInstanceOf(ProviderCollectError);
      expect(error.reason).toBe('access-denied');
      expect(error.message).toContain(
        'AWS account test (eu-west-1): access denied to secretsmanager:ListSecrets',
      );
      expect(error.apiCalls).toEqual({ ListSecrets: 1 });
    });

    it('still lists when confirmations are denied, with one warning', async () => {
      await create('app/a');
      await create('app/b');
      const keys = await userWithPolicy(['secretsmanager:ListSecrets']);
      await moto.enforceIam();
      const { listing, warnings, apiCalls } =
        await new AwsSecretsManagerCollector([
          account({ staticCredentials: keys }),
        ]).collect(SCOPE, context({ providerAheadCandidates: l => l.secrets }));
      expect(listing.secrets).toHaveLength(2);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(
        'access denied to secretsmanager:ListSecretVersionIds',
      );
      expect(apiCalls.ListSecretVersionIds).toBeLessThanOrEqual(2);
    });
  });

  describe('under throttling and server errors', () => {
    /**
     * An HTTP front for moto that answers the first `failures` requests itself, with the
     * throttling error or 5xx AWS would send, then passes everything through.
     */
    async function faultyFront(failures: { status: number; type: string }[]) {
      const queue = [...failures];
      const server = http.createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const failure = queue.shift();
        if (failure) {
          res.writeHead(failure.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-errortype': failure.type,
          });
          res.end(
            JSON.stringify({ __type: failure.type, message: 'injected' }),
          );
          return;
        }
        const upstream = await fetch(`${moto.endpoint}${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? '',
        });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      const { port } = server.address() as AddressInfo;
      return {
        endpoint: `http://127.0.0.1:${port}`,
        close: () => new Promise(resolve => server.close(resolve)),
      };
    }

    it('retries throttling and 5xx answers and counts every attempt', async () => {
      await create('app/db');
      const front = await faultyFront([
        { status: 400, type: 'ThrottlingException' },
        { status: 500, type: 'InternalServiceError' },
        { status: 503, type: 'ServiceUnavailable' },
      ]);
      try {
        const { listing, apiCalls } = await new AwsSecretsManagerCollector([
          account({ endpoint: front.endpoint }),
        ]).collect(SCOPE, context());
        expect(listing.secrets.map(s => s.name)).toEqual(['app/db']);
        expect(apiCalls).toEqual({ ListSecrets: 4 });
      } finally {
        await front.close();
      }
    });

    it('gives up after five attempts and says the service was unavailable', async () => {
      const front = await faultyFront(
        Array.from({ length: 5 }, () => ({
          status: 500,
          type: 'InternalServiceError',
        })),
      );
      try {
        const error = await new AwsSecretsManagerCollector([
          account({ endpoint: front.endpoint }),
        ])
          .collect(SCOPE, context())
          .catch(e => e);
        expect(error).toBeInstanceOf(ProviderCollectError);
        expect(error.reason).toBe('unavailable');
        expect(error.apiCalls).toEqual({ ListSecrets: 5 });
      } finally {
        await front.close();
      }
    });
  });
});

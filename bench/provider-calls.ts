// API calls and wall time of one provider refresh for Vault KV v2 (a real dev-mode Vault) and
// Parameter Store (moto) at 1,000 secrets, beside the naive approach measured in the same run:
// one value read per secret (GET data/ on Vault, GetParameter on Parameter Store), which is
// what a tool reading values to compare them would do, and which our grants forbid.
//
//   . scripts/toolchain.sh && bash lab/build/all.sh &&
//   node -r @backstage/cli-node/config/nodeTransform.cjs bench/provider-calls.ts [1000]
import {
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { ParameterStoreCollector } from '@eso-health/plugin-external-secrets-backend-module-aws-parameter-store';
import { VaultKvCollector } from '@eso-health/plugin-external-secrets-backend-module-vault';
import { startVault } from '@eso-health/test-harness';
import { ProviderCollectContext } from '@eso-health/plugin-external-secrets-node';
import { inParallel, motoAws, silentLogger, withMoto } from './shared';

const REGION = 'eu-west-1';
/** Folders the Vault paths are spread over (team/service/key), as a shared mount usually is. */
const TEAMS = 10;
const SERVICES_PER_TEAM = 10;

const total = (calls: Record<string, number>) =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

async function vaultRow(count: number) {
  const vault = await startVault();
  try {
    await vault.writePolicy(
      'eso-health-metadata',
      'path "secret/metadata/*" { capabilities = ["read", "list"] }\npath "secret/data/*" { capabilities = ["deny"] }',
    );
    const token = await vault.createToken(['eso-health-metadata']);
    const paths = Array.from(
      { length: count },
      (_, i) =>
        `team-${i % TEAMS}/service-${
          Math.floor(i / TEAMS) % SERVICES_PER_TEAM
        }/key-${i}`,
    );
    await inParallel(paths, 16, path =>
      vault.putKv('secret', path, { value: `bench-${path}` }),
    );
    const collector = new VaultKvCollector([
      {
        name: 'bench',
        url: vault.address,
        servers: [vault.address],
        mounts: ['secret'],
        paths: [],
        auth: { method: 'token', token },
      },
    ]);
    // Every key read by an ExternalSecret (the worst case), then one key in ten.
    const reading = (share: number): ProviderCollectContext => ({
      providerAheadCandidates: () => [],
      readSecrets: listing =>
        listing.secrets.filter((_, i) => i % Math.round(1 / share) === 0),
      logger: silentLogger,
    });
    const [first, firstMs] = await timed(() =>
      collector.collect('vault/bench/secret', reading(1)),
    );
    const [, secondMs] = await timed(() =>
      collector.collect('vault/bench/secret', reading(1)),
    );
    const [tenth, tenthMs] = await timed(() =>
      collector.collect('vault/bench/secret', reading(0.1)),
    );
    // The naive way: read every value (with the root token: our policy denies it).
    const [, naiveMs] = await timed(() =>
      inParallel(paths, 8, path => vault.request('GET', `secret/data/${path}`)),
    );
    return [
      {
        provider: 'Vault KV v2, every key read by an ExternalSecret',
        secrets: first.listing.secrets.length,
        calls: first.apiCalls,
        ms: [firstMs, secondMs],
        naive: { calls: paths.length, ms: naiveMs },
      },
      {
        provider: 'Vault KV v2, one key in ten read by an ExternalSecret',
        secrets: tenth.listing.secrets.length,
        calls: tenth.apiCalls,
        ms: [tenthMs],
        naive: { calls: paths.length, ms: naiveMs },
      },
    ];
  } finally {
    await vault.stop();
  }
}

async function parameterStoreRow(count: number) {
  return withMoto(async moto => {
    const aws = motoAws(moto, REGION);
    const admin = new SSMClient(aws.client);
    const names = Array.from(
      { length: count },
      (_, i) => `/team-${i % TEAMS}/service-${i % 100}/key-${i}`,
    );
    await inParallel(names, 8, name =>
      admin.send(
        new PutParameterCommand({
          Name: name,
          Value: `bench-${name}`,
          Type: 'SecureString',
        }),
      ),
    );
    const collector = new ParameterStoreCollector([aws.account]);
    const scope = `aws-parameter-store/bench/${REGION}`;
    const [first, firstMs] = await timed(() => collector.collect(scope));
    const [, secondMs] = await timed(() => collector.collect(scope));
    const [, naiveMs] = await timed(() =>
      inParallel(names, 4, name =>
        admin.send(
          new GetParameterCommand({ Name: name, WithDecryption: true }),
        ),
      ),
    );
    return {
      provider: 'Parameter Store (moto: 10 a page; AWS: 50)',
      secrets: first.listing.secrets.length,
      calls: first.apiCalls,
      ms: [firstMs, secondMs],
      naive: { calls: names.length, ms: naiveMs },
      onAws: Math.ceil(first.listing.secrets.length / 50),
    };
  });
}

async function main() {
  const count = Number(process.argv[2] ?? 1000);
  const rows = [...(await vaultRow(count)), await parameterStoreRow(count)];
  const lines = [
    `| provider | secrets listed | calls per refresh (by operation) | total | refresh ms (1st, 2nd) | naive: one value read per secret | naive ms |`,
    `|---|---|---|---|---|---|---|`,
    ...rows.map(
      r =>
        `| ${r.provider} | ${r.secrets} | ${Object.entries(r.calls)
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')} | ${total(r.calls)}${
          'onAws' in r ? ` (on AWS: ${r.onAws})` : ''
        } | ${r.ms.map(ms => ms.toFixed(0)).join(', ')} | ${
          r.naive.calls
        } | ${r.naive.ms.toFixed(0)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

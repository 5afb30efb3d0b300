// AWS API calls and wall time of one provider refresh, at 10 / 1,000 / 10,000 secrets in moto,
// beside the naive approach measured in the same run: one DescribeSecret per ExternalSecret.
// Every secret is read by one ExternalSecret; 1% of them changed after their last sync, so the
// collector confirms those with ListSecretVersionIds (the second refresh, with nothing new,
// carries the confirmations over: the steady state).
//
//   . scripts/toolchain.sh && bash lab/build/install-moto.sh &&
//   node -r @backstage/cli-node/config/nodeTransform.cjs bench/aws-refresh.ts [10,1000,10000]
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  ClusterModel,
  emptyClusterObjects,
  ProviderRegionMetadata,
  providerAheadCandidates,
  readProviderSecrets,
} from '@eso-health/plugin-external-secrets-common';
import { AwsSecretsManagerCollector } from '@eso-health/plugin-external-secrets-node';
import { inParallel, motoAws, silentLogger, withMoto } from './shared';

const REGION = 'eu-west-1';
/** Concurrency of the naive approach: the collector's own confirmation concurrency. */
const NAIVE_CONCURRENCY = 4;

/** One ExternalSecret per secret; 1 in 100 last synced an hour before its secret changed. */
function clusterReading(names: string[], now: Date) {
  const objects = emptyClusterObjects();
  objects.clusterSecretStores.push({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'aws' },
    spec: { provider: { aws: { region: REGION } } },
  });
  names.forEach((key, i) => {
    const synced = i % 100 === 0 ? now.getTime() - 86_400_000 : now.getTime();
    objects.externalSecrets.push({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: `es-${i}`, namespace: 'bench' },
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
        target: { name: `es-${i}` },
        data: [{ secretKey: 'v', remoteRef: { key } }],
      },
      status: { refreshTime: new Date(synced).toISOString() },
    });
  });
  return objects;
}

async function measure(count: number) {
  return withMoto(async moto => {
    const aws = motoAws(moto, REGION);
    const admin = new SecretsManagerClient(aws.client);
    const names = Array.from(
      { length: count },
      (_, i) => `bench/${String(i).padStart(5, '0')}`,
    );
    // One at a time: moto answers 500 to concurrent CreateSecret calls at this scale.
    await inParallel(names, 1, name =>
      admin.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })),
    );
    // The candidates are judged on a cluster's model, as the backend keeps one per cluster.
    const cluster = new ClusterModel(
      clusterReading(names, new Date(Date.now() + 60_000)),
    );

    const collector = new AwsSecretsManagerCollector([aws.account]);
    const scope = `aws/bench/${REGION}`;
    const context = (previous?: ProviderRegionMetadata) => ({
      previous,
      providerAheadCandidates: (listing: ProviderRegionMetadata) =>
        providerAheadCandidates([cluster], { [scope]: listing }, scope),
      readSecrets: (listing: ProviderRegionMetadata) =>
        readProviderSecrets([cluster], { [scope]: listing }, scope),
      logger: silentLogger,
    });
    let started = Date.now();
    const first = await collector.collect(scope, context());
    const firstMs = Date.now() - started;
    started = Date.now();
    const steady = await collector.collect(scope, context(first.listing));
    const steadyMs = Date.now() - started;

    let naiveCalls = 0;
    started = Date.now();
    await inParallel(names, NAIVE_CONCURRENCY, async name => {
      naiveCalls++;
      await admin.send(new DescribeSecretCommand({ SecretId: name }));
    });
    const naiveMs = Date.now() - started;

    const total = (calls: Record<string, number>) =>
      Object.values(calls).reduce((a, b) => a + b, 0);
    return {
      count,
      listed: first.listing.secrets.length,
      first: {
        calls: first.apiCalls,
        total: total(first.apiCalls),
        ms: firstMs,
      },
      steady: { total: total(steady.apiCalls), ms: steadyMs },
      naive: { calls: naiveCalls, ms: naiveMs },
    };
  });
}

async function main() {
  const sizes = (process.argv[2] ?? '10,1000,10000').split(',').map(Number);
  const rows = [];
  for (const size of sizes) {
    process.stderr.write(`[bench] ${size} secrets…\n`);
    rows.push(await measure(size));
  }
  console.log(
    '| secrets | refresh: calls (ListSecrets + ListSecretVersionIds) | refresh: wall ms | steady refresh: calls | steady refresh: wall ms | naive DescribeSecret per ExternalSecret: calls | naive: wall ms |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.count.toLocaleString('en')} | ${r.first.total} (${
        r.first.calls.ListSecrets ?? 0
      } + ${r.first.calls.ListSecretVersionIds ?? 0}) | ${r.first.ms} | ${
        r.steady.total
      } | ${r.steady.ms} | ${r.naive.calls.toLocaleString('en')} | ${
        r.naive.ms
      } |`,
    );
    if (r.listed !== r.count)
      throw new Error(`listed ${r.listed} of ${r.count} secrets`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

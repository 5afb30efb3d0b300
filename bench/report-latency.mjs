// Median and p95 latency of GET /v1/report for a demo entity, against a running portal backend
// (./scripts/start.sh), beside the catalog entity lookup the report itself makes per request as
// the baseline. Sequential requests, one client: this measures the answer path, not throughput.
//
//   node bench/report-latency.mjs [--base http://localhost:7007] [--entity component:default/checkout] [--requests 500]
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:7007' },
    entity: { type: 'string', default: 'component:default/checkout' },
    requests: { type: 'string', default: '500' },
  },
});
const base = values.base;
const count = Number(values.requests);
const [kind, rest] = values.entity.split(':');
const [namespace, name] = rest.split('/');

// A guest session token, as the portal's frontend gets one.
const session = await fetch(`${base}/api/auth/guest/refresh`, {
  headers: { 'X-Requested-With': 'XMLHttpRequest' },
}).then(r => r.json());
const token = session.backstageIdentity?.token;
if (!token)
  throw new Error(
    `no guest token from ${base}: ${JSON.stringify(session).slice(0, 200)}`,
  );
const headers = { Authorization: `Bearer ${token}` };

async function measure(label, url) {
  const first = await fetch(url, { headers });
  if (!first.ok)
    throw new Error(`${label}: HTTP ${first.status} ${await first.text()}`);
  await first.arrayBuffer();
  for (let i = 0; i < 20; i++)
    await (await fetch(url, { headers })).arrayBuffer(); // warm-up
  const times = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = q =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    label,
    median: at(0.5),
    p95: at(0.95),
    max: times[times.length - 1],
    bytes,
  };
}

const rows = [
  await measure(
    'catalog entity lookup (baseline)',
    `${base}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
  ),
  await measure(
    `GET /v1/report ${values.entity}`,
    `${base}/api/external-secrets/v1/report?entityRef=${encodeURIComponent(
      values.entity,
    )}`,
  ),
  await measure(
    'GET /v1/overview (first page)',
    `${base}/api/external-secrets/v1/overview?limit=50`,
  ),
];

console.log(`${count} sequential requests each against ${base}`);
console.log('| request | median ms | p95 ms | max ms | bytes |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.median.toFixed(2)} | ${r.p95.toFixed(
      2,
    )} | ${r.max.toFixed(2)} | ${r.bytes} |`,
  );
}

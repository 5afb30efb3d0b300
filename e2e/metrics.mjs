// Scrapes the portal's Prometheus endpoint (packages/backend/src/instrumentation.js) and checks
// it against the running demo: ExternalSecrets by health and findings by rule equal what the
// overview API answers, and every metric and label the shipped alert rules and Grafana
// dashboard use exists in the scrape, so the docs cannot drift from the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const metricsUrl =
  process.env.ESO_METRICS_URL ?? 'http://localhost:9464/metrics';

/** Prometheus text format → samples ({ name, labels, value }). */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    ))
      labels[key] = value.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

async function guestToken(backendUrl) {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

const sumBy = (samples, name, key, filter = () => true) => {
  const sums = {};
  for (const s of samples)
    if (s.name === name && filter(s))
      sums[s.labels[key]] = (sums[s.labels[key]] ?? 0) + s.value;
  return sums;
};

const nonZero = counts =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

/** Our metric names and label names an expression uses (ESO's own metrics are skipped). */
function referencesIn(expr) {
  const refs = [];
  for (const [, name, matchers] of expr.matchAll(
    /\b(external_secrets_\w+)(?:\{([^}]*)\})?/g,
  )) {
    const labels = [...(matchers ?? '').matchAll(/(\w+)\s*[=!]~?/g)].map(
      m => m[1],
    );
    refs.push({ name, labels });
  }
  const grouped = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap(
    m =>
      m[1]
        .split(',')
        .map(l => l.trim())
        .filter(Boolean),
  );
  return { refs, grouped };
}

/** Every expression of the alert rules and of the dashboard, with where it comes from. */
export function documentedExpressions(root) {
  const rules = readFileSync(
    join(root, 'docs/alerting/external-secrets.rules.yaml'),
    'utf8',
  );
  const expressions = [];
  // `expr: |` blocks: the indented lines that follow.
  const lines = rules.split('\n');
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(\|)?\s*(.*)$/.exec(line);
    if (!m) return;
    let expr = m[3] ?? '';
    if (m[2]) {
      const indent = m[1].length;
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j];
        if (next.trim() && next.search(/\S/) <= indent) break;
        expr += `\n${next}`;
      }
    }
    expressions.push({ where: `rules line ${i + 1}`, expr, legend: '' });
  });
  const dashboard = JSON.parse(
    readFileSync(
      join(root, 'docs/grafana/external-secrets-health.json'),
      'utf8',
    ),
  );
  for (const panel of dashboard.panels)
    for (const target of panel.targets ?? [])
      expressions.push({
        where: `dashboard panel "${panel.title}"`,
        expr: target.expr,
        legend: target.legendFormat ?? '',
      });
  for (const variable of dashboard.templating?.list ?? [])
    if (variable.type === 'query')
      expressions.push({
        where: `dashboard variable ${variable.name}`,
        expr: variable.definition.replace(
          /label_values\((\w+),\s*(\w+)\)/,
          '$1 by ($2)',
        ),
        legend: '',
      });
  return expressions;
}

/** Throws with every difference found; returns a short summary otherwise. */
export async function checkMetricsAgainstDemo({ root, backendUrl }) {
  const token = await guestToken(backendUrl);
  let problems = [];
  let samples = [];
  // The overview and the scrape are two reads; retry briefly if the demo moved in between.
  for (let attempt = 0; attempt < 5; attempt++) {
    const scrape = await fetch(metricsUrl);
    if (!scrape.ok) throw new Error(`${metricsUrl}: HTTP ${scrape.status}`);
    samples = parsePrometheus(await scrape.text());
    const overviewRes = await fetch(
      `${backendUrl}/api/external-secrets/v1/overview?limit=1`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!overviewRes.ok)
      throw new Error(`overview: HTTP ${overviewRes.status}`);
    const overview = await overviewRes.json();

    problems = [];
    const byHealth = sumBy(samples, 'external_secrets_resources', 'health');
    for (const [health, count] of Object.entries(
      overview.totals.externalSecrets,
    ))
      if ((byHealth[health] ?? 0) !== count)
        problems.push(
          `ExternalSecrets ${health}: metrics ${
            byHealth[health] ?? 0
          }, overview ${count}`,
        );
    const byRule = nonZero(sumBy(samples, 'external_secrets_findings', 'rule'));
    const expectedRules = nonZero(overview.findingsByRule);
    if (
      JSON.stringify(Object.entries(byRule).sort()) !==
      JSON.stringify(Object.entries(expectedRules).sort())
    )
      problems.push(
        `findings by rule: metrics ${JSON.stringify(
          byRule,
        )}, overview ${JSON.stringify(expectedRules)}`,
      );
    const severities = new Set(
      samples
        .filter(s => s.name === 'external_secrets_findings')
        .map(s => s.labels.severity),
    );
    if (!severities.has('error') || !severities.has('warning'))
      problems.push(`findings severities: ${[...severities].join(', ')}`);
    for (const cluster of overview.clusters) {
      const up = samples.find(
        s =>
          s.name === 'external_secrets_cluster_status' &&
          s.labels.cluster === cluster.name &&
          s.labels.status === cluster.status,
      );
      if (up?.value !== 1)
        problems.push(
          `cluster ${cluster.name}: status ${cluster.status} not 1`,
        );
    }
    if (!problems.length) break;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }

  // Docs against the scrape: each metric exists, with each label the docs use.
  const labelsOf = new Map();
  for (const s of samples) {
    const base = s.name.replace(/_(bucket|sum|count)$/, '');
    for (const name of new Set([s.name, base])) {
      if (!labelsOf.has(name)) labelsOf.set(name, new Set());
      Object.keys(s.labels).forEach(l => labelsOf.get(name).add(l));
    }
  }
  let checkedNames = 0;
  for (const { where, expr, legend } of documentedExpressions(root)) {
    const { refs, grouped } = referencesIn(expr);
    const available = new Set(['le']);
    for (const { name, labels } of refs) {
      checkedNames++;
      const known = labelsOf.get(name);
      if (!known) {
        problems.push(`${where}: metric ${name} is not exported`);
        continue;
      }
      known.forEach(l => available.add(l));
      for (const label of labels)
        if (!known.has(label))
          problems.push(`${where}: ${name} has no label ${label}`);
    }
    if (!refs.length) continue;
    for (const label of [
      ...grouped,
      ...[...legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(m => m[1]),
    ])
      if (!available.has(label))
        problems.push(`${where}: label ${label} is on none of its metrics`);
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return `${samples.length} samples; ${checkedNames} documented metric references checked`;
}

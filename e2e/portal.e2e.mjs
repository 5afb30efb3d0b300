// Browser test of the real portal: starts the README's run command (scripts/start.sh), drives
// Debian's Chromium with playwright-core through a demo service page and the overview page,
// and saves the screenshots the README shows (docs/images/).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const images = join(root, 'docs', 'images');
const appUrl = 'http://localhost:3000';
const backendUrl = 'http://localhost:7007';
const startupTimeoutMs = 8 * 60_000;

const results = [];
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(
      `  ✗ ${name}\n    ${String(error?.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n    ')}`,
    );
  }
}

async function waitForHttp(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${startupTimeoutMs / 1000} s`);
}

const log = [];
const portal = spawn('bash', ['scripts/start.sh'], {
  cwd: root,
  detached: true,
  env: { ...process.env, BROWSER: 'none' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const stream of [portal.stdout, portal.stderr]) {
  stream.on('data', chunk => {
    log.push(chunk.toString());
    if (log.length > 400) log.shift();
  });
}
const stopPortal = () => {
  try {
    process.kill(-portal.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopPortal);

let browser;
try {
  const deadline = Date.now() + startupTimeoutMs;
  console.log('portal: waiting for the backend and the app to answer');
  await waitForHttp(`${backendUrl}/.backstage/health/v1/readiness`, deadline);
  await waitForHttp(appUrl, deadline);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1100 },
  });
  mkdirSync(images, { recursive: true });

  console.log('portal e2e');
  await check('signs in as guest', async () => {
    await page.goto(appUrl, { waitUntil: 'domcontentloaded' });
    const enter = page.getByRole('button', { name: /enter/i });
    if (await enter.isVisible({ timeout: 60_000 }).catch(() => false))
      await enter.click();
    await page
      .getByText(/payments-api|checkout|ledger/i)
      .first()
      .waitFor({ timeout: 120_000 });
  });

  await check('entity card shows drift findings for checkout', async () => {
    await page.goto(`${appUrl}/catalog/default/component/checkout`, {
      waitUntil: 'domcontentloaded',
    });
    await page
      .getByText('External Secrets', { exact: false })
      .first()
      .waitFor({ timeout: 120_000 });
    await page
      .getByText(/provider ahead/i)
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .getByText(/stale env/i)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({
      path: join(images, 'entity-card.png'),
      fullPage: true,
    });
  });

  await check('entity card shows the failing store for ledger', async () => {
    await page.goto(`${appUrl}/catalog/default/component/ledger`, {
      waitUntil: 'domcontentloaded',
    });
    await page
      .getByText(/store not ready/i)
      .first()
      .waitFor({ timeout: 120_000 });
  });

  await check('overview page lists services worst first', async () => {
    await page.goto(`${appUrl}/external-secrets`, {
      waitUntil: 'domcontentloaded',
    });
    await page
      .getByText(/ledger/)
      .first()
      .waitFor({ timeout: 120_000 });
    await page
      .getByText(/stores not ready/i)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({
      path: join(images, 'overview.png'),
      fullPage: true,
    });
  });
} catch (error) {
  results.push({ name: 'portal starts', ok: false });
  console.log(`  ✗ portal starts: ${error}`);
} finally {
  await browser?.close();
  stopPortal();
}

const failed = results.filter(r => !r.ok).length;
if (failed) {
  console.log('--- last portal output ---');
  console.log(log.join('').split('\n').slice(-80).join('\n'));
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

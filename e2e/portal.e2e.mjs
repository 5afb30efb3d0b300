// Browser test of the real portal: starts the README's run command (scripts/start.sh, its demo
// cluster read from a copy of examples/demo-cluster so that one check can change it), drives
// Debian's Chromium with playwright-core through a demo service page and the overview page,
// and saves the screenshots the README shows (docs/images/).
import { spawn } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appUrl,
  backendUrl,
  createChecks,
  externalSecretsCard,
  launchChromium,
  openAsGuest,
  openOverviewLedgerFirst,
} from './browser.mjs';
import { checkLiveUpdates } from './liveUpdates.mjs';
import { checkMetricsAgainstDemo } from './metrics.mjs';
import { checkLedgerNotification } from './notifications.mjs';
import { checkFindingsOverTime, checkHistoryTimeline } from './timeline.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const images = join(root, 'docs', 'images');
const startupTimeoutMs = 8 * 60_000;

const { check, fail, failed, summary } = createChecks();

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

// The demo cluster is served from a copy of its folder, so the live-update check can change it
// as ESO would; everything else is the README's run command with its own config.
const work = mkdtempSync(join(tmpdir(), 'eso-health-e2e-'));
const demoCopy = join(work, 'demo-cluster');
cpSync(join(root, 'examples/demo-cluster'), demoCopy, { recursive: true });
const overlay = join(work, 'app-config.e2e.yaml');
writeFileSync(
  overlay,
  `externalSecrets:\n  clusters:\n    - name: demo\n      manifests: ${JSON.stringify(
    demoCopy,
  )}\n`,
);

const log = [];
// The whole portal output, for a failure the last lines do not explain.
const portalLogPath = join(tmpdir(), 'eso-health-portal-e2e.log');
const portalLog = createWriteStream(portalLogPath);
const portal = spawn(
  'bash',
  [
    'scripts/start.sh',
    '--config',
    join(root, 'app-config.yaml'),
    '--config',
    overlay,
  ],
  {
    cwd: root,
    detached: true,
    env: { ...process.env, BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
for (const stream of [portal.stdout, portal.stderr]) {
  stream.on('data', chunk => {
    portalLog.write(chunk);
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

  browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1100 },
  });
  mkdirSync(images, { recursive: true });

  console.log('portal e2e');

  const open = (path, text, timeout) => openAsGuest(page, path, text, timeout);

  /** The External Secrets card of the current entity page. */
  const card = () => externalSecretsCard(page);

  await check(
    'signs in as guest and lists the demo services in the catalog',
    async () => {
      await open('/', /Catalog/);
      await page.getByText('All', { exact: true }).first().click();
      await page
        .getByText(/checkout/i)
        .first()
        .waitFor({ timeout: 120_000 });
    },
  );

  await check('entity card shows drift findings for checkout', async () => {
    await open('/catalog/default/component/checkout', /provider ahead/i);
    for (const finding of [
      /stale env/i,
      /stale subpath/i,
      /volume propagating/i,
      /rotation overdue/i,
    ]) {
      await card().getByText(finding).first().waitFor({ timeout: 30_000 });
    }
    // The rotated secret's details: what to do, and which pods still read the old value.
    await page
      .getByRole('button', { name: 'Show details of checkout-payment-gateway' })
      .click();
    await card()
      .getByText('kubectl rollout restart deployment/checkout-api -n checkout')
      .first()
      .waitFor({ timeout: 30_000 });
    await page.mouse.move(1400, 10); // keep the sidebar collapsed
    await card().screenshot({ path: join(images, 'entity-card.png') });
  });

  await check('an expanded row draws its 30-day timeline', async () =>
    console.log(`    ${await checkHistoryTimeline(page, { images })}`),
  );

  await check('entity card shows the failing store for ledger', async () => {
    await open('/catalog/default/component/ledger', /store not ready/i);
    await page
      .getByRole('button', { name: 'Show details of ledger-api-keys' })
      .click();
    // ESO's own provider error, from the ExternalSecret's Warning event.
    await card()
      .getByText(/AccessDeniedException/)
      .first()
      .waitFor({ timeout: 30_000 });
  });

  await check(
    'the card opens the secret pipeline template, pre-filled with the entity and owner',
    async () => {
      await open('/catalog/default/component/payments-api', /Payments API/);
      await card()
        .getByRole('button', { name: /New secret pipeline/ })
        .click();
      await page.waitForURL(
        /\/create\/templates\/default\/external-secret-pipeline/,
        {
          timeout: 60_000,
        },
      );
      await page
        .getByRole('heading', { name: 'New secret pipeline' })
        .waitFor({ timeout: 60_000 });
      const entity = page.locator('#root_entity');
      const owner = page.locator('#root_owner');
      await entity.waitFor({ timeout: 60_000 });
      for (const [field, expected] of [
        [entity, 'component:default/payments-api'],
        [owner, 'group:default/team-payments'],
      ]) {
        const deadline = Date.now() + 30_000;
        while ((await field.inputValue()) !== expected) {
          if (Date.now() > deadline) {
            throw new Error(
              `expected ${expected}, the form shows "${await field.inputValue()}"`,
            );
          }
          await page.waitForTimeout(250);
        }
      }
      await page.mouse.move(1400, 10);
      await page.screenshot({ path: join(images, 'secret-pipeline-form.png') });
    },
  );

  await check(
    'the pipeline form refuses bad input with its own messages, a repeated Secret key included',
    async () => {
      // Continues on the form the previous check opened.
      const fill = async fields => {
        for (const [id, value] of Object.entries(fields))
          await page.locator(`#root_${id}`).fill(value);
      };
      /** Fills `fields`, clicks Next and, when given, waits for the form's `message`. */
      const step = async (fields, message) => {
        await fill(fields);
        await page.getByRole('button', { name: 'Next' }).click();
        if (message)
          await page.getByText(message).first().waitFor({ timeout: 30_000 });
      };
      await step(
        { cluster: 'Prod_EU', namespace: 'payments' },
        'Use lower-case letters, digits and "-", starting and ending with a letter or digit.',
      );
      await step({ cluster: 'prod-eu' });
      await fill({
        storeName: 'aws-prod',
        awsRegion: 'eu-west-1',
        awsAccountId: '111122223333',
        remoteKey: 'payments/prod/db',
        secretName: 'payments-db',
      });
      // The template's default entry maps "password" to DB_PASSWORD; a second one repeats it.
      await page.getByTitle('Add Item').click();
      await step(
        { mappings_1_property: 'username', mappings_1_envName: 'DB_PASSWORD' },
        'Entries 1 and 2 write the same Secret key "DB_PASSWORD": give each its own Secret key.',
      );
      await step({ mappings_1_envName: 'DB_USER' });
      await step(
        { refreshInterval: '30s' },
        'At least 1m (e.g. 1h, 15m), or allow a shorter interval below.',
      );
    },
  );

  await check('overview page lists services worst first', async () => {
    await openOverviewLedgerFirst(page);
    await page
      .getByText(/stores not ready/i)
      .first()
      .waitFor({ timeout: 30_000 });
    console.log(`    ${await checkFindingsOverTime(page)}`);
    await page.mouse.move(1400, 10);
    await page.screenshot({
      path: join(images, 'overview.png'),
      fullPage: true,
    });
  });

  await check(
    'Prometheus metrics on :9464 match the demo and the docs',
    async () =>
      console.log(`    ${await checkMetricsAgainstDemo({ root, backendUrl })}`),
  );

  await check(
    'the guest is notified of the Ledger error, with its link',
    async () =>
      console.log(`    ${await checkLedgerNotification(page, { images })}`),
  );

  // Last: it changes the cluster (and puts it back), which other pages would show.
  await check(
    'the card and the overview change live when the cluster does',
    async () =>
      console.log(`    ${await checkLiveUpdates(page, { demoCopy })}`),
  );

  await check('the sidebar names the overview in full', async () => {
    const link = page.locator('nav a[href="/external-secrets"]').first();
    await link.waitFor({ timeout: 30_000 });
    const label = link.getByText('Secrets', { exact: true });
    await label.waitFor({ timeout: 10_000 });
    const cut = await label.evaluate(el => el.scrollWidth > el.clientWidth);
    if (cut) throw new Error('the sidebar label "Secrets" is cut off');
  });
} catch (error) {
  fail('portal starts', error);
} finally {
  await browser?.close();
  stopPortal();
  rmSync(work, { recursive: true, force: true });
}

if (failed()) {
  console.log(`--- last portal output (all of it: ${portalLogPath}) ---`);
  console.log(log.join('').split('\n').slice(-80).join('\n'));
}
process.exit(summary() ? 1 : 0);

// The lab walk-through of docs/lab.md, run for real, and a test of ./scripts/lab.sh: starts
// it (lab, seed, portal), drives Debian's Chromium with playwright-core through the checkout
// card while checkout's database password is rotated in moto, asserts each stage (healthy →
// provider ahead → stale env vars → rollout restart → healthy), saves docs/images/lab-*.png,
// then presses Ctrl-C and checks that nothing is left running.
//
//   . scripts/toolchain.sh && node e2e/lab.screenshots.mjs   (LAB_SKIP_SETUP=1 is passed on)
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  appUrl,
  backendUrl,
  createChecks,
  externalSecretsCard,
  launchChromium,
  openAsGuest,
  openOverviewLedgerFirst,
} from './browser.mjs';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const images = join(root, 'docs', 'images');
const labDir =
  process.env.LAB_DIR ?? join(homedir(), '.cache', 'eso-health-lab', 'run');
// A cold first run installs dependencies and builds the lab (about 15 minutes).
const startupTimeoutMs = 25 * 60_000;
// The card reloads every 30 s; the backend reads moto every 15 s; ESO refreshes every 2 min.
const providerAheadTimeoutMs = 90_000;
const staleEnvTimeoutMs = 4 * 60_000;

const { check, fail, failed, summary } = createChecks({ stopOnFailure: true });

const log = [];
const t0 = Date.now();
const lab = spawn('bash', ['scripts/lab.sh'], {
  cwd: root,
  detached: true, // its own process group, so "Ctrl-C" below reaches it like a terminal's
  env: { ...process.env, BROWSER: 'none' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let labExit;
const labExited = new Promise(resolve =>
  lab.on('exit', (code, signal) => {
    labExit = { code, signal };
    resolve(labExit);
  }),
);
for (const stream of [lab.stdout, lab.stderr]) {
  stream.on('data', chunk => {
    log.push(chunk.toString());
    if (log.length > 2000) log.shift();
  });
}
const labOutput = () => log.join('');
/** Ctrl-C: SIGINT to lab.sh's process group, as a terminal sends it. */
const interrupt = () => {
  try {
    process.kill(-lab.pid, 'SIGINT');
  } catch {
    // already gone
  }
};
process.on('exit', interrupt);

async function waitFor(what, ok, timeoutMs, everyMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (labExit) throw new Error(`scripts/lab.sh exited (${labExit.code})`);
    if (await ok().catch(() => false)) return;
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}
const answers = async url => (await fetch(url)).status < 500;

let browser;
let secretValue = '';
try {
  console.log(
    'lab: waiting for ./scripts/lab.sh to start the lab and the portal',
  );
  await waitFor(
    'the portal',
    async () =>
      labOutput().includes('The lab portal is up') &&
      (await answers(`${backendUrl}/.backstage/health/v1/readiness`)) &&
      (await answers(appUrl)),
    startupTimeoutMs,
  );
  const env = JSON.parse(readFileSync(join(labDir, 'env.json'), 'utf8'));
  const kubectl = args =>
    run(env.LAB_KUBECTL, ['--kubeconfig', env.LAB_KUBECONFIG, ...args]);

  browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1100 },
  });
  mkdirSync(images, { recursive: true });

  const open = (path, text, timeout) => openAsGuest(page, path, text, timeout);
  /** The External Secrets card of the current entity page, and one of its rows. */
  const card = () => externalSecretsCard(page);
  const row = name => page.getByTestId(`es-row-lab/checkout/${name}`);
  const chip = (name, label) =>
    row(name).locator('.MuiChip-root', { hasText: label });
  async function shoot(file) {
    await page.mouse.move(1400, 10); // no tooltip, and the sidebar stays collapsed
    await page.waitForTimeout(500);
    await card().screenshot({ path: join(images, file) });
  }

  console.log('lab walk-through');

  const portalUp = Date.now();
  await check('1. the checkout card shows the lab, all healthy', async () => {
    await open('/catalog/default/component/checkout', 'External Secrets');
    console.log(
      `    portal up after ${Math.round(
        (portalUp - t0) / 1000,
      )} s; first page load with the card: ${Math.round(
        (Date.now() - portalUp) / 1000,
      )} s`,
    );
    for (const name of ['checkout-db', 'checkout-payment-gateway']) {
      await row(name)
        .getByTestId('health-healthy')
        .waitFor({ timeout: 120_000 });
    }
    await card()
      .getByText(/AWS metadata \(aws\/lab\/us-east-1\) refreshed/)
      .waitFor({ timeout: 60_000 });
    console.log(
      `    ./scripts/lab.sh to the card with the lab's data: ${Math.round(
        (Date.now() - t0) / 1000,
      )} s`,
    );
    await shoot('lab-1-healthy.png');
  });

  let rotateOutput = '';
  await check(
    '2. ./scripts/lab.sh rotate checkout → Provider ahead',
    async () => {
      const { stdout, stderr } = await run(
        'bash',
        ['scripts/lab.sh', 'rotate', 'checkout'],
        { cwd: root },
      );
      rotateOutput = stdout + stderr;
      const rotatedAt = Date.now();
      await chip('checkout-db', 'Provider ahead').waitFor({
        timeout: providerAheadTimeoutMs,
      });
      console.log(
        `    provider-ahead on the card ${Math.round(
          (Date.now() - rotatedAt) / 1000,
        )} s after the rotation`,
      );
      await page
        .getByRole('button', { name: 'Show details of checkout-db' })
        .click();
      await card()
        .getByTestId('finding-provider-ahead')
        .getByText(/got a new AWSCURRENT version/)
        .waitFor({ timeout: 10_000 });
      await shoot('lab-2-provider-ahead.png');
    },
  );

  await check('3. ESO syncs the new value → Stale env vars', async () => {
    const shown = Date.now();
    await chip('checkout-db', 'Stale env vars').waitFor({
      timeout: staleEnvTimeoutMs,
    });
    await chip('checkout-db', 'Provider ahead').waitFor({
      state: 'detached',
      timeout: 30_000,
    });
    console.log(
      `    stale-env on the card ${Math.round(
        (Date.now() - shown) / 1000,
      )} s after provider-ahead`,
    );
    await card()
      .getByTestId('finding-stale-env')
      .getByText('kubectl rollout restart deployment/checkout-api -n checkout')
      .first()
      .waitFor({ timeout: 10_000 });
    await shoot('lab-3-stale-env.png');
    // The new value is now in the Secret: it must appear in no output of the lab command.
    const { stdout } = await kubectl([
      '-n',
      'checkout',
      'get',
      'secret',
      'checkout-db',
      '-o',
      'jsonpath={.data.DB_PASSWORD}',
    ]);
    secretValue = Buffer.from(stdout, 'base64').toString();
    if (secretValue.length < 16) throw new Error('no password in checkout-db');
    if (rotateOutput.includes(secretValue) || labOutput().includes(secretValue))
      throw new Error('the rotated value was printed');
  });

  await check(
    '4. kubectl rollout restart deployment/checkout-api → Healthy',
    async () => {
      await kubectl([
        'rollout',
        'restart',
        'deployment/checkout-api',
        '-n',
        'checkout',
      ]);
      await row('checkout-db')
        .getByTestId('health-healthy')
        .waitFor({ timeout: 90_000 });
      await chip('checkout-db', 'Stale env vars').waitFor({
        state: 'detached',
        timeout: 10_000,
      });
      await shoot('lab-4-healthy-again.png');
    },
  );

  await check(
    '5. the overview lists ledger first (its broken ExternalSecret)',
    async () => {
      await openOverviewLedgerFirst(page);
      await page
        .getByText(/unassigned/i)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.mouse.move(1400, 10);
      await page.screenshot({
        path: join(images, 'lab-overview.png'),
        fullPage: true,
      });
    },
  );

  await check('6. Ctrl-C stops the portal and the lab', async () => {
    await browser.close();
    browser = undefined;
    // Every process the lab recorded (ESO's and moto's command lines do not name labDir).
    const pidsDir = join(labDir, 'pids');
    const recorded = readdirSync(pidsDir).map(file => ({
      file,
      pid: Number(readFileSync(join(pidsDir, file), 'utf8').split(' ')[0]),
    }));
    interrupt();
    await Promise.race([
      labExited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('still running after 90 s')), 90_000),
      ),
    ]);
    const left = await run('pgrep', ['-af', labDir]).then(
      r => r.stdout.trim(),
      () => '', // pgrep exits 1 when nothing matches
    );
    if (left) throw new Error(`still running:\n${left}`);
    const alive = recorded.filter(({ pid }) => existsSync(`/proc/${pid}`));
    if (alive.length)
      throw new Error(
        `still running: ${alive.map(a => `${a.file} ${a.pid}`).join(', ')}`,
      );
    for (const url of [appUrl, backendUrl]) {
      if (
        await fetch(url).then(
          () => true,
          () => false,
        )
      )
        throw new Error(`${url} still answers`);
    }
    if (existsSync(join(labDir, 'env')))
      throw new Error('the env file is left');
  });
} catch (error) {
  // A failed check has reported itself already; anything else failed before the checks.
  if (!failed()) fail('lab starts', error);
} finally {
  await browser?.close();
  if (!labExit) {
    interrupt();
    await Promise.race([
      labExited,
      new Promise(r => setTimeout(r, 90_000).unref()),
    ]);
  }
}

if (failed()) {
  console.log('--- last output of ./scripts/lab.sh ---');
  let text = labOutput();
  if (secretValue) text = text.split(secretValue).join('<redacted>');
  console.log(text.split('\n').slice(-80).join('\n'));
}
process.exit(summary() ? 1 : 0);

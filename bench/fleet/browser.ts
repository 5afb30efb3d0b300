// Overview first render in Chromium: the repository's frontend (packages/app) served by its
// development server (`backstage-cli package start`, webpack in memory), pointed at the bench
// backend, which then also runs the auth backend with the guest provider. Measures navigation to
// /external-secrets until the services table shows its first row: once cold (first load of the
// bundle in a fresh page), then as the median of a few reloads.
import { join } from 'node:path';
import { writeAppConfig } from './config';
import { Child, freePort, sleep, spawnLogged, waitFor } from './processes';
import { median } from './stats';

export interface BrowserTiming {
  firstMs: number;
  warm: number[];
  warmMedianMs: number;
  /** Of the reloads: navigation → the overview's answer arrived (the rest is the page's work). */
  warmAnswerMedianMs: number;
  /** How long the development server took to compile and answer. */
  devServerMs: number;
}

const ROOT = join(__dirname, '..', '..');

export async function startFrontend(options: {
  dir: string;
  appPort: number;
  backendPort: number;
  timeoutMs: number;
}): Promise<{ child: Child; url: string; devServerMs: number }> {
  const url = `http://127.0.0.1:${options.appPort}`;
  const config = writeAppConfig(options.dir, url, options.backendPort);
  const child = spawnLogged({
    name: 'frontend dev server',
    command: 'backstage-cli',
    args: [
      'package',
      'start',
      '--config',
      join(ROOT, 'app-config.yaml'),
      '--config',
      config,
    ],
    cwd: join(ROOT, 'packages', 'app'),
    env: { ...process.env, BROWSER: 'none' },
    logPath: join(options.dir, 'frontend.log'),
  });
  await waitFor(
    `the frontend at ${url}`,
    async () => {
      const res = await fetch(url);
      return res.status === 200 && (await res.text()).includes('<script')
        ? true
        : undefined;
    },
    { timeoutMs: options.timeoutMs, intervalMs: 2000, child },
  );
  return { child, url, devServerMs: Date.now() - child.startedAt };
}

export async function measureFirstRender(options: {
  url: string;
  reloads: number;
}): Promise<Omit<BrowserTiming, 'devServerMs'>> {
  // The repository's launcher: Debian's Chromium with the flags this machine needs.
  const { launchChromium } = await import('../../e2e/browser.mjs' as string);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    const firstRow = page.locator('tbody tr a').first();
    // When the page's request for the overview got its answer, per visit.
    let answeredAt: number | undefined;
    page.on('response', (response: { url(): string }) => {
      if (response.url().includes('/api/external-secrets/v1/overview'))
        answeredAt ??= Date.now();
    });
    const answers: number[] = [];
    const open = async () => {
      const started = Date.now();
      answeredAt = undefined;
      await page.goto(`${options.url}/external-secrets`, {
        waitUntil: 'commit',
      });
      const enter = page.getByRole('button', { name: /^enter$/i });
      await Promise.race([
        enter.waitFor({ timeout: 120_000 }),
        firstRow.waitFor({ timeout: 120_000 }),
      ]);
      if (await enter.isVisible()) {
        // Guest sign-in on the first visit: not part of what is measured.
        await enter.click();
        await firstRow.waitFor({ timeout: 120_000 });
        return undefined;
      }
      if (answeredAt !== undefined) answers.push(answeredAt - started);
      return Date.now() - started;
    };
    // The first visit signs in (if asked) and loads the bundle: measured again right after.
    const signIn = await open();
    const firstMs = signIn ?? (await open())!;
    const warm: number[] = [];
    answers.length = 0;
    for (let i = 0; i < options.reloads; i++) {
      await sleep(500);
      const ms = await open();
      if (ms !== undefined) warm.push(ms);
    }
    return {
      firstMs,
      warm,
      warmMedianMs: median(warm),
      warmAnswerMedianMs: median(answers),
    };
  } finally {
    await browser.close();
  }
}

export { freePort };

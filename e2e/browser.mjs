// What the browser scripts share: Debian's Chromium through playwright-core, guest sign-in,
// the External Secrets card, and named checks with a summary.
import { chromium } from 'playwright-core';

export const appUrl = 'http://localhost:3000';
export const backendUrl = 'http://localhost:7007';

/** Headless Chromium with the flags this machine needs (no sandbox, no GPU, no network extras). */
export function launchChromium() {
  return chromium.launch({
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
}

/** Opens a portal path, signing in as guest when the sign-in page shows, and waits for `text`. */
export async function openAsGuest(page, path, text, timeout = 120_000) {
  await page.goto(`${appUrl}${path}`, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: /^enter$/i });
  const target = page.getByText(text).first();
  await Promise.race([enter.waitFor({ timeout }), target.waitFor({ timeout })]);
  if (await enter.isVisible()) {
    await enter.click();
    await target.waitFor({ timeout });
  }
}

/** Opens the overview page and waits until ledger, the demo's worst service, is its first row. */
export async function openOverviewLedgerFirst(page) {
  await openAsGuest(page, '/external-secrets', /Services, worst first/i);
  const firstRow = page
    .locator('tbody tr')
    .filter({ hasText: /Ledger|Checkout|Payments/ })
    .first();
  await firstRow
    .getByRole('link', { name: 'Ledger', exact: true })
    .waitFor({ timeout: 60_000 });
}

/** The External Secrets card of the entity page shown. */
export const externalSecretsCard = page =>
  page.locator('.MuiCard-root', { hasText: 'New secret pipeline' }).first();

/**
 * Named checks printed as ✓/✗ with their time. With `stopOnFailure`, a failed check throws so
 * that later stages, which build on it, do not run.
 */
export function createChecks({ stopOnFailure = false } = {}) {
  const results = [];
  return {
    async check(name, fn) {
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
        if (stopOnFailure) throw error;
      }
    },
    /** Records a failure outside any check (e.g. the portal never started). */
    fail(name, error) {
      results.push({ name, ok: false });
      console.log(`  ✗ ${name}: ${error}`);
    },
    failed: () => results.filter(r => !r.ok).length,
    summary() {
      const failed = results.filter(r => !r.ok).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
      return failed;
    },
  };
}

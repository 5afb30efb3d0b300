// Browser checks of live updates: the portal serves the demo cluster from a copy of its folder
// (see portal.e2e.mjs), so a test can change the cluster as ESO would. With a page open and no
// reload, the change must show up through a signal: with signals the pages poll only every
// 5 minutes, so anything within a few seconds came from the push.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { externalSecretsCard, openAsGuest } from './browser.mjs';

const FILE = 'checkout.yaml';
const ROW = 'demo/checkout/checkout-db';
// checkout-db is the first ExternalSecret of the file: its Ready condition.
const SYNCED = `      message: secret synced
      reason: SecretSynced
      status: "True"`;
const FAILING = `      message: could not get secret data from provider
      reason: SecretSyncedError
      status: "False"`;

/** Longer than any signal round trip, far shorter than the 5-minute poll. */
const LIVE_TIMEOUT_MS = 20_000;

function setCheckoutDb(demoCopy, from, to) {
  const path = join(demoCopy, FILE);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from))
    throw new Error(`${FILE} does not hold the expected condition`);
  writeFileSync(path, text.replace(from, to));
}

/** Waits for `condition` without reloading; returns the milliseconds it took. */
async function measure(page, condition) {
  const started = Date.now();
  const deadline = started + LIVE_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) return undefined;
    await page.waitForTimeout(50);
  }
  return Date.now() - started;
}

/**
 * With checkout's card open, checkout-db starts failing in the cluster: its row turns to Error
 * without a reload. Then, on the overview, it recovers: the sync-failed count drops by one.
 * Leaves the demo copy as it found it. Returns the two delays, measured from the file write
 * (the manifests source notices a change after its 300 ms debounce, as a watch event would
 * arrive).
 */
export async function checkLiveUpdates(page, { demoCopy }) {
  await openAsGuest(page, '/catalog/default/component/checkout', 'checkout-db');
  const row = externalSecretsCard(page).getByTestId(`es-row-${ROW}`);
  await row.waitFor({ timeout: 60_000 });
  if (/Error/.test(await row.innerText()))
    throw new Error('checkout-db is in error before the change');

  setCheckoutDb(demoCopy, SYNCED, FAILING);
  const card = await measure(page, async () =>
    /Error/.test(await row.innerText()),
  );
  if (card === undefined) {
    setCheckoutDb(demoCopy, FAILING, SYNCED);
    throw new Error(
      `the card did not show the failure within ${LIVE_TIMEOUT_MS / 1000} s`,
    );
  }

  await openAsGuest(page, '/external-secrets', /Services, worst first/i);
  const rule = page.getByTestId('rule-sync-failed');
  await rule.waitFor({ timeout: 60_000 });
  const count = async () =>
    Number((await rule.getAttribute('aria-label'))?.split(': ')[1]);
  const before = await count();
  setCheckoutDb(demoCopy, FAILING, SYNCED);
  const overview = await measure(
    page,
    async () => (await count()) === before - 1,
  );
  if (overview === undefined)
    throw new Error(
      `the overview's sync-failed count stayed at ${await count()} (expected ${
        before - 1
      }) for ${LIVE_TIMEOUT_MS / 1000} s`,
    );
  return `card: Error ${card} ms after the change; overview: sync-failed ${before} → ${
    before - 1
  } ${overview} ms after the recovery`;
}

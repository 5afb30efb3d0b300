// Browser check of the notifications: the guest (a member of team-ledger in catalog-info.yaml)
// finds one notification about the demo's Ledger error on the notifications page, with the
// link to the entity page, and the sidebar's notifications item. Saves
// docs/images/notifications.png.
import { join } from 'node:path';
import { openAsGuest } from './browser.mjs';

const TITLE = /External Secrets error: Ledger \(/;
const LINK = '/catalog/default/component/ledger';

/**
 * Opens /notifications as the guest and waits (reloading; the task runs every 30 s in the demo)
 * for the Ledger alert. Returns a one-line description of what it found.
 */
export async function checkLedgerNotification(page, { images }) {
  await openAsGuest(page, '/notifications', /notifications/i);
  const deadline = Date.now() + 120_000;
  const rows = page.locator('tr', { hasText: TITLE });
  while ((await rows.count()) === 0) {
    if (Date.now() > deadline)
      throw new Error('no Ledger notification within 120 s');
    await page.waitForTimeout(3_000);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page
      .getByText(/notifications/i)
      .first()
      .waitFor({ timeout: 30_000 });
  }
  const count = await rows.count();
  if (count !== 1)
    throw new Error(`expected one Ledger notification, found ${count}`);
  const row = rows.first();
  const title = (await row.getByText(TITLE).first().textContent())?.trim();
  const link = row.locator(`a[href$="${LINK}"]`).first();
  await link.waitFor({ timeout: 10_000 });
  // Long descriptions are clamped; open it to read the remedy.
  const more = row.getByText(/show more/i).first();
  if (await more.isVisible()) await more.click();
  const description = (await row.textContent()) ?? '';
  if (!/Remedy:/.test(description))
    throw new Error(`the notification has no remedy: "${description}"`);
  const sidebar = page.locator('nav a[href="/notifications"]').first();
  await sidebar.waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(images, 'notifications.png') });
  return `${title} → ${await link.getAttribute('href')}`;
}

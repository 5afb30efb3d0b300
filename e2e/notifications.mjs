// Browser check of the notifications: the guest (a member of team-ledger in catalog-info.yaml)
// finds one notification about the demo's Ledger error on the notifications page, with the
// link to the entity page, and the sidebar's notifications item. Saves
// docs/images/notifications.png.
import { join } from 'node:path';
import { backendUrl, openAsGuest } from './browser.mjs';

const TITLE = /External Secrets error: Ledger \(/;
const LINK = '/catalog/default/component/ledger';

/** What the notifications backend holds for the guest (titles and read state), for a failure. */
async function guestNotifications() {
  try {
    const refresh = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const { backstageIdentity } = await refresh.json();
    const res = await fetch(`${backendUrl}/api/notifications/notifications`, {
      headers: { authorization: `Bearer ${backstageIdentity.token}` },
    });
    const { notifications } = await res.json();
    return JSON.stringify(
      notifications.map(n => ({ title: n.payload.title, read: n.read })),
    );
  } catch (error) {
    return `(could not be read: ${error})`;
  }
}

/**
 * Opens /notifications as the guest and waits (reloading; the task runs every 30 s in the demo)
 * for the Ledger alert. Returns a one-line description of what it found.
 */
export async function checkLedgerNotification(page, { images }) {
  await openAsGuest(page, '/notifications', /notifications/i);
  const deadline = Date.now() + 120_000;
  const rows = page.locator('tr', { hasText: TITLE });
  // The table loads after the page (the sidebar already says "Notifications"): give each load
  // time to show the row before reloading, or a slow table is never seen.
  for (;;) {
    const shown = await rows
      .first()
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (Date.now() > deadline)
      throw new Error(
        `no Ledger notification within 120 s; the page shows "${(
          await page.locator('main').first().innerText()
        )
          .replace(/\s+/g, ' ')
          .slice(
            0,
            400,
          )}"; the guest's notifications: ${await guestNotifications()}`,
      );
    await page.reload({ waitUntil: 'domcontentloaded' });
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

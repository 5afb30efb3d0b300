// Browser checks of the history charts: an expanded card row draws its 30-day timeline (health
// band, lanes, legend, tooltips) and the overview draws its findings over time. Saves
// docs/images/history-timeline.png. The demo's 30 days of history come from the backend's
// demo recorder (externalSecrets.demo.recordHistory), so the chart has marks to show.
import { join } from 'node:path';
import { externalSecretsCard, openAsGuest } from './browser.mjs';

/** The row the README shows: the demo's rotated secret, whose pods still read the old value. */
const ROW = { entity: 'checkout', name: 'checkout-payment-gateway' };

/**
 * Opens the row's entity page, expands the row, checks its timeline and saves a screenshot of
 * the row with its details. Returns the chart's accessible summary, e.g. "30 days: …".
 */
export async function checkHistoryTimeline(page, { images }) {
  await openAsGuest(page, `/catalog/default/component/${ROW.entity}`, ROW.name);
  const card = externalSecretsCard(page);
  const show = page.getByRole('button', {
    name: `Show details of ${ROW.name}`,
  });
  if (await show.isVisible()) await show.click();

  const details = card
    .locator(`[data-testid^="es-details-"][data-testid$="/${ROW.name}"]`)
    .first();
  const chart = details.getByTestId('timeline-chart');
  await chart.waitFor({ timeout: 60_000 });
  const summary = await chart.getAttribute('aria-label');
  if (!/^\d+ days?: /.test(summary ?? '')) {
    throw new Error(`the timeline has no summary, got "${summary}"`);
  }
  // Axis labels are drawn once recharts has measured the container (in their own SVG layer,
  // a long one wrapped over two lines): wait until every lane is named.
  const lanes = [
    'Health',
    'Provider change',
    'ESO sync',
    'Secret change',
    'Workload restart',
    'Sync request',
  ];
  const squash = text => text.replace(/\s+/g, '');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const texts = await chart.evaluate(figure =>
      Array.from(figure.querySelectorAll('.recharts-wrapper svg text')).map(
        text => text.textContent ?? '',
      ),
    );
    const named = new Set(texts.map(squash));
    const missing = lanes.filter(lane => !named.has(squash(lane)));
    if (missing.length === 0) break;
    if (Date.now() > deadline) {
      throw new Error(`lanes not named: ${missing.join(', ')}`);
    }
    await page.waitForTimeout(250);
  }
  const counts = await chart.evaluate(figure => ({
    health: figure.querySelectorAll('[data-testid^="timeline-health-"]').length,
    syncs: figure.querySelectorAll('[data-testid="timeline-sync"]').length,
    events: figure.querySelectorAll('.recharts-wrapper .recharts-symbols')
      .length,
  }));
  if (counts.health === 0 || counts.syncs === 0) {
    throw new Error(
      `the timeline draws ${counts.health} health segments and ${counts.syncs} sync marks; the demo history should give both`,
    );
  }

  // A tooltip on the newest event mark, as a reader hovering it would see.
  const marks = details.locator('.recharts-wrapper .recharts-symbols');
  if ((await marks.count()) > 0) {
    await marks.last().hover({ force: true });
    await details
      .locator('.recharts-tooltip-wrapper')
      .getByText(/·/)
      .first()
      .waitFor({ timeout: 10_000 });
  }

  // The row and its details, without the rest of the card. The viewport grows to the page's
  // height first, so the clip's viewport coordinates are page coordinates.
  const row = card
    .locator(`[data-testid^="es-row-"][data-testid$="/${ROW.name}"]`)
    .first();
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.body.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  try {
    const top = await row.boundingBox();
    const bottom = await details.boundingBox();
    if (!top || !bottom) throw new Error('the expanded row is not visible');
    await page.screenshot({
      path: join(images, 'history-timeline.png'),
      clip: {
        x: Math.min(top.x, bottom.x),
        y: top.y,
        width: Math.max(top.width, bottom.width),
        height: bottom.y + bottom.height - top.y,
      },
    });
  } finally {
    await page.setViewportSize(viewport);
  }
  return `${summary} (${counts.health} health segments, ${counts.syncs} sync buckets, ${counts.events} event marks)`;
}

/** Waits until the overview's "Findings over time" chart is drawn; returns its summary. */
export async function checkFindingsOverTime(page) {
  const chart = page.getByTestId('findings-over-time-chart');
  await chart.waitFor({ timeout: 60_000 });
  await chart.locator('.recharts-area').first().waitFor({ timeout: 30_000 });
  await chart.scrollIntoViewIfNeeded();
  return chart.getAttribute('aria-label');
}

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

interface Alert {
  spike: boolean;
  window: { from: string; to: string; minutes: number };
  failures: number;
  failed_payments: number;
  filter: Record<string, unknown>;
}

describe.runIf(browserAvailable())('a lead sees a failed-order spike and lands on its failing payments', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('widens the spike window in the settings, sees the banner, and follows it to the filtered payments', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'spike-alert'));
    await page.goto(`${paydesk.baseUrl}/`);
    await page.getByRole('button', { name: /· Admin$/ }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Failed-order monitoring').waitFor();
    // The demo data's spike ended 3 hours ago: the default 15-minute window does not see it.
    expect(await page.getByText('Failed-order spike').count()).toBe(0);

    // An admin widens the window to 4 hours, through the settings screen.
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page
      .getByRole('row', { name: /spike_window_minutes/ })
      .getByRole('link', { name: 'Edit' })
      .click();
    const value = page.getByLabel('Value *');
    await value.fill('240');
    // Saving refreshes monitoring at once (not at the next 30-second poll): the first answer with the new window.
    const alertAnswer = page.waitForResponse(
      async (r) =>
        r.url().endsWith('/api/monitoring/alerts') &&
        r.status() === 200 &&
        ((await r.json()) as Alert).window.minutes === 240,
    );
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#\/settings$/);

    // The banner, on whatever page the lead is.
    const alert = (await (await alertAnswer).json()) as Alert;
    expect(alert).toMatchObject({ spike: true, window: { minutes: 240 } });
    const banner = page.getByRole('alert').filter({ hasText: 'Failed-order spike' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`${alert.failures} of `);
    expect(await banner.textContent()).toContain('in the last 240 minutes');

    // Its link lands on the payments list, filtered to exactly the failing payments of the window.
    const listAnswer = page.waitForResponse(
      (r) => r.url().includes('/api/payments?') && decodeURIComponent(r.url()).includes('failed_attempt_from'),
    );
    await banner.getByRole('link', { name: `Show the ${alert.failed_payments} failing payments` }).click();
    await page.waitForURL(/#\/payments\?/);
    const urlFilter = JSON.parse(new URL(page.url().replace('/#/', '/')).searchParams.get('filter') ?? '{}');
    expect(urlFilter).toEqual(alert.filter);
    expect(urlFilter).toEqual({ failed_attempt_from: alert.window.from, failed_attempt_to: alert.window.to });

    const list = await listAnswer;
    expect(list.status()).toBe(200);
    expect(list.headers()['content-range']).toMatch(new RegExp(`/${alert.failed_payments}$`));
    const listed = (await list.json()) as { identifier: string; status: string }[];
    // What the list asked for is what the database holds: payments with a failed authorize or purchase in the window.
    const failing = await paydesk.database.db
      .selectFrom('payments')
      .innerJoin('log_entries', 'log_entries.payment_id', 'payments.id')
      .select('payments.identifier')
      .distinct()
      .where('log_entries.action', 'in', ['authorize', 'purchase'])
      .where('log_entries.success', '=', false)
      .where('log_entries.created_at', '>=', new Date(alert.window.from))
      .where('log_entries.created_at', '<', new Date(alert.window.to))
      .execute();
    expect(listed.map((p) => p.identifier).sort()).toEqual(failing.map((r) => r.identifier.trim()).sort());

    // The rows on the screen are those payments, and the list says what it is narrowed to.
    await page.getByText(/^Payments with a failed attempt between .+ and .+\.$/).waitFor();
    const shown = page.locator('tbody tr');
    await expect.poll(() => shown.count()).toBe(Math.min(listed.length, 25));
    for (const payment of listed.slice(0, 25))
      await page.getByRole('cell', { name: payment.identifier, exact: true }).waitFor();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signInAsDemo,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

interface Alert {
  spike: boolean;
  spiking: string[];
  signal: string;
  window: { from: string; to: string; minutes: number };
  failures: number;
  attempts: number;
  failed_payments: number;
  filter: Record<string, unknown>;
}

describe.runIf(browserAvailable())('a lead sees a failed-order spike and lands on its failing payments', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The demo as `pnpm start` seeds it (2,000 payments): the first start's spike is judged against that baseline.
    [paydesk, browser] = await Promise.all([startPaydesk({ payments: 2000 }), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('sees the live demo spike on every page, drills down by signal, and follows the banner to the failing payments', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'spike-alert'));
    const alertAnswer = page.waitForResponse((r) => r.url().endsWith('/api/monitoring/alerts') && r.status() === 200);
    await signInAsDemo(page, paydesk.baseUrl, 'Admin');
    await page.getByText('Failed-order monitoring').waitFor();

    // The demo data's spike of technical failures ends at the moment of seeding: the banner is up at first start.
    const alert = (await (await alertAnswer).json()) as Alert;
    expect(alert).toMatchObject({ spike: true, signal: 'technical' });
    expect(alert.spiking).toContain('technical');
    const banner = page.getByRole('alert').filter({ hasText: 'Failed-order spike' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Technical failures');
    expect(await banner.textContent()).toContain(`${alert.failures} of ${alert.attempts}`);

    // The dashboard's drill-down per signal: technical failures are a spike, issuer declines are not.
    const technical = page.getByRole('button', { name: 'Technical failures · Spike' });
    await technical.waitFor();
    const seriesAnswer = page.waitForResponse(
      (r) => r.url().includes('/api/monitoring/failures?') && r.url().includes('signal=technical'),
    );
    await technical.click();
    const series = (await (await seriesAnswer).json()) as { spikes: unknown[]; buckets: { band: unknown }[] };
    expect(series.spikes.length).toBeGreaterThan(0);
    expect(series.buckets.some((b) => b.band !== null)).toBe(true);
    await page.getByRole('img', { name: 'Failure rate over time' }).waitFor();
    const declinesAnswer = page.waitForResponse(
      (r) => r.url().includes('/api/monitoring/alerts?signal=declines') && r.status() === 200,
    );
    await page.getByRole('button', { name: 'Issuer declines', exact: true }).click();
    const declines = (await (await declinesAnswer).json()) as Alert;
    expect(declines.signal).toBe('declines');
    await expect
      .poll(async () => (await page.getByLabel('Failure rate now').textContent()) ?? '')
      .not.toContain('Spike');

    // Its link lands on the payments list, filtered to exactly the failing payments of the window.
    const listAnswer = page.waitForResponse(
      (r) => r.url().includes('/api/payments?') && decodeURIComponent(r.url()).includes('failed_attempt_from'),
    );
    await banner.getByRole('link', { name: `Show the ${alert.failed_payments} failing payments` }).click();
    await page.waitForURL(/#\/payments\?/);
    const urlFilter = JSON.parse(new URL(page.url().replace('/#/', '/')).searchParams.get('filter') ?? '{}');
    expect(urlFilter).toEqual(alert.filter);
    expect(urlFilter).toEqual({
      failed_attempt_from: alert.window.from,
      failed_attempt_to: alert.window.to,
      failed_attempt_kind: 'technical',
    });

    const list = await listAnswer;
    expect(list.status()).toBe(200);
    expect(list.headers()['content-range']).toMatch(new RegExp(`/${alert.failed_payments}$`));
    const listed = (await list.json()) as { identifier: string; status: string }[];
    // What the list asked for is what the database holds: payments with a technical failure of an authorize or
    // purchase in the window.
    const failing = await paydesk.database.db
      .selectFrom('payments')
      .innerJoin('log_entries', 'log_entries.payment_id', 'payments.id')
      .select('payments.identifier')
      .distinct()
      .where('log_entries.action', 'in', ['authorize', 'purchase'])
      .where('log_entries.success', '=', false)
      .where((eb) => eb(eb.fn<string>('monitoring_failure_kind', ['log_entries.error_code']), '=', 'technical'))
      .where('log_entries.created_at', '>=', new Date(alert.window.from))
      .where('log_entries.created_at', '<', new Date(alert.window.to))
      .execute();
    expect(listed.map((p) => p.identifier).sort()).toEqual(failing.map((r) => r.identifier.trim()).sort());

    // The rows on the screen are those payments, and the list says what it is narrowed to.
    await page.getByText(/^Payments with a technical failure between .+ and .+\.$/).waitFor();
    const shown = page.locator('tbody tr');
    await expect.poll(() => shown.count()).toBe(Math.min(listed.length, 25));
    for (const payment of listed.slice(0, 25))
      await page.getByRole('cell', { name: payment.identifier, exact: true }).waitFor();
  });

  it('adds an alert webhook URL under Settings, refusing a private address, and lists the spike alerts', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'spike-alert-settings'));
    await page.goto(`${paydesk.baseUrl}/#/settings/alert_webhook_urls`);
    await page.getByRole('button', { name: 'Add' }).click();
    const url = page.getByRole('textbox', { name: /URL/ }).last();
    await url.fill('http://192.168.0.10/hook');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Must not point at a loopback or private address').waitFor();
    await url.fill('https://hooks.example.com/paydesk');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/settings/alert_webhook_urls') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    const setting = await page.request.get(`${paydesk.baseUrl}/api/settings/alert_webhook_urls`);
    expect(((await setting.json()) as { value: string[] }).value).toEqual(['https://hooks.example.com/paydesk']);

    const deliveries = page.waitForResponse(
      (r) => r.url().includes('/api/monitoring/alert-deliveries?') && r.status() === 200,
    );
    await page.getByRole('menuitem', { name: 'Spike alerts' }).click();
    await deliveries;
    await page.getByRole('heading', { name: 'Spike alerts', exact: true }).waitFor();
  });
});

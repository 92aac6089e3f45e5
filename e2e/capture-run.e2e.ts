import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { givenPayment, givenPaymentMethod } from '../apps/bff/test/fixtures.ts';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signInAsDemo,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

/**
 * The bogus gateway declines a capture whose amount ends in 02 (minor units) and times out on 05 (README's
 * test cards): of these twelve totals two decline and one times out.
 */
const TOTALS = [
  '10.00',
  '11.00',
  '12.02',
  '13.00',
  '14.05',
  '15.00',
  '16.00',
  '17.02',
  '18.00',
  '19.00',
  '20.00',
  '21.00',
];

interface ApiRun {
  id: number;
  status: string;
  total: number;
  captured: number;
  failed: number;
  remaining: number;
}

describe.runIf(browserAvailable())('an operator captures a filtered set of payments as a run, in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page;
  let methodId: number;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk({ captureRuns: true }), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // One card method of its own, slow enough (one call at a time, 250 ms each) that the run is seen going.
    const method = await givenPaymentMethod(paydesk.database.db, {
      name: 'Run test card',
      preferences: { latency_ms: 250, max_concurrency: 1 },
    });
    methodId = method.id;
    for (const total of TOTALS) await givenPayment(paydesk.database.db, method, { status: 'preauth', total });
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('previews the run, starts it, follows its progress and shows the failed payments with their reasons', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'capture-run'));
    await signInAsDemo(page, paydesk.baseUrl, 'Operator');
    await page.getByRole('menuitem', { name: 'Capture queue' }).waitFor();

    // The payments list filtered to the method's authorizations: "Capture all that match" opens the preview.
    const filter = encodeURIComponent(JSON.stringify({ payment_method_id: methodId, status: 'preauth' }));
    await page.goto(`${paydesk.baseUrl}/#/payments?filter=${filter}`);
    const captureAll = page.getByRole('button', { name: 'Capture all that match' });
    await expect.poll(() => captureAll.isEnabled(), { timeout: 15_000 }).toBe(true);
    const preview = page.waitForResponse((r) => r.url().endsWith('/api/capture-runs/preview'));
    await captureAll.click();
    const previewed = await preview;
    expect(previewed.request().postDataJSON()).toEqual({ filter: { payment_method_id: methodId, status: 'preauth' } });
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('capture-run-preview-count').waitFor();
    expect(await dialog.getByTestId('capture-run-preview-count').textContent()).toBe(
      '12 of 12 payments will be captured, each for its full total, in the background.',
    );
    const perCurrency = dialog.getByRole('table', { name: 'Totals per currency' });
    const usd = perCurrency.getByRole('row').filter({ hasText: 'USD' });
    expect(await usd.textContent()).toContain('12');
    expect(await usd.textContent()).toContain('$186.09');

    // Start it: the run's page, whose progress moves while the run goes.
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/capture-runs') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Capture 12 payments' }).click();
    const response = await created;
    expect(response.status()).toBe(202);
    const run = (await response.json()) as ApiRun;
    expect(run).toMatchObject({ total: 12 });
    await page.waitForURL(new RegExp(`#/capture-runs/${run.id}/show`));
    await page
      .locator('#main-content')
      .getByRole('heading', { name: `Capture run #${run.id}`, exact: true })
      .waitFor();
    expect(await page.getByTestId('capture-run-total').textContent()).toBe('12');
    const progress = page.getByRole('progressbar');
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          seen.add(Number(await progress.getAttribute('aria-valuenow')));
          return page.getByTestId('capture-run-status').textContent();
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe('Done');
    // Between nothing and everything, at least once: the page showed the run going.
    expect(
      [...seen].some((value) => value > 0 && value < 100),
      `progress seen: ${[...seen].join(', ')}`,
    ).toBe(true);
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('capture-run-captured').textContent()).toBe('9');
    expect(await page.getByTestId('capture-run-failed').textContent()).toBe('3');
    expect(await page.getByTestId('capture-run-remaining').textContent()).toBe('0');

    // The failed payments and why: two declines, one gateway that did not answer; and a retry is offered.
    await page.getByText('3 failed payments').waitFor();
    const failed = page.getByTestId('capture-run-failed-item');
    await expect.poll(() => failed.count()).toBe(3);
    const rows = await failed.allTextContents();
    expect(rows.filter((row) => row.includes('GatewayDeclined'))).toHaveLength(2);
    expect(rows.filter((row) => row.includes('GatewayUnavailable'))).toHaveLength(1);
    await page.getByRole('button', { name: 'Retry the 3 failed' }).waitFor();
    const final = (await (await page.request.get(`${paydesk.baseUrl}/api/capture-runs/${run.id}`)).json()) as ApiRun;
    expect(final).toMatchObject({ status: 'done', captured: 9, failed: 3, remaining: 0 });
  });
});

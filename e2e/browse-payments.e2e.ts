import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

describe.runIf(browserAvailable())('a staff member browses payments in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('logs in, filters payments by status, opens one and sees its log entries', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'browse-payments'));
    await page.goto(`${paydesk.baseUrl}/`);
    // The login page offers the demo accounts, because the demo data was asked for.
    await page.getByText('Demo accounts').waitFor();
    await page.getByRole('button', { name: /· Admin$/ }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe('admin@paydesk.test');
    expect(await page.getByLabel('Password').inputValue()).toBe('paydesk-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('menuitem', { name: 'Payments' }).click();
    await page.waitForURL(/#\/payments/);
    await page.locator('tbody tr').first().waitFor();

    // Filter by status through the status filter: the server does the filtering.
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/payments?') && decodeURIComponent(r.url()).includes('"status":["refunded"]'),
    );
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Refunded' }).click();
    await page.keyboard.press('Escape');
    const response = await filtered;
    expect(response.status()).toBe(200);
    const expected = (await response.json()) as { identifier: string; status: string }[];
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((p) => p.status === 'refunded')).toBe(true);
    await page.getByRole('cell', { name: expected[0]!.identifier }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(Math.min(expected.length, 25));

    // Open the first one: its log entries show the gateway calls, ending with the refund.
    await rows.first().click();
    await page.waitForURL(/#\/payments\/\d+\/show/);
    await page.getByText(expected[0]!.identifier).first().waitFor();
    await page.getByText('Log entries').first().waitFor();
    await page.getByRole('cell', { name: 'Refund', exact: true }).first().waitFor();
    await page
      .getByRole('cell', { name: 'Capture', exact: true })
      .or(page.getByRole('cell', { name: 'Purchase', exact: true }))
      .first()
      .waitFor();
  });
});

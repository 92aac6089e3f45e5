import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signInAsDemo,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

interface ApiPayment {
  identifier: string;
  status: string;
}

const isRefundedList = (r: Response) =>
  r.url().includes('/api/payments?') && decodeURIComponent(r.url()).includes('"status":["refunded"]');

/** A filtered payments list saved as a view, its URL opened elsewhere, and the view applied after a reload. */
describe.runIf(browserAvailable())('saved views and shareable list URLs, in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  /** The rows the list shows are exactly the first page of what the API answered. */
  async function expectRows(page: Page, expected: ApiPayment[]) {
    await page.getByRole('cell', { name: expected[0]!.identifier }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(Math.min(expected.length, 25));
    const shown = await page.locator('tbody').textContent();
    for (const payment of expected.slice(0, 25)) expect(shown).toContain(payment.identifier);
  }

  it('saves a filtered payments view, opens its copied URL, and after a reload applies it from the menu', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    let page: Page | undefined = await context.newPage();
    onTestFailed(() => screenshotOnFailure(page, 'saved-views'));
    await signInAsDemo(page, paydesk.baseUrl, 'Finance');
    await page.getByRole('menuitem', { name: 'Payments' }).click();
    await page.locator('tbody tr').first().waitFor();

    const filtered = page.waitForResponse(isRefundedList);
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Refunded' }).click();
    await page.keyboard.press('Escape');
    const expected = (await (await filtered).json()) as ApiPayment[];
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((p) => p.status === 'refunded')).toBe(true);
    await expectRows(page, expected);

    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this view' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Refunded payments');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.getByText('View "Refunded payments" saved.').waitFor();

    // The address bar holds the list's filters: the same URL opened in another tab shows the same rows.
    const copied = page.url();
    expect(decodeURIComponent(copied)).toContain('"status":["refunded"]');
    const other = await context.newPage();
    page = other;
    const reopened = other.waitForResponse(isRefundedList);
    await other.goto(copied);
    expect((await (await reopened).json()) as ApiPayment[]).toEqual(expected);
    await expectRows(other, expected);
    await other.close();

    // Back to every payment, reloaded: then the saved view, picked from the menu, filters the list again.
    page = await context.newPage();
    await page.goto(`${paydesk.baseUrl}/#/payments?filter=%7B%7D&page=1`);
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    await expect.poll(() => page!.locator('tbody tr').count()).toBe(25);
    const applied = page.waitForResponse(isRefundedList);
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Refunded payments' }).click();
    expect((await (await applied).json()) as ApiPayment[]).toEqual(expected);
    await expectRows(page, expected);
    expect(decodeURIComponent(page.url())).toContain('"status":["refunded"]');
    await context.close();
  });
});

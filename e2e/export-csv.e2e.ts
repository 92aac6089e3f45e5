import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { csvRecords } from '../apps/bff/test/csv.ts';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signInAsDemo,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

describe.runIf(browserAvailable())('finance exports a filtered payments list in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
    page = await browser.newPage({ acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('downloads a CSV of exactly the payments the filter shows, in the list’s order', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'export-csv'));
    await signInAsDemo(page, paydesk.baseUrl, 'Finance');

    await page.getByRole('menuitem', { name: 'Payments' }).click();
    await page.waitForURL(/#\/payments/);
    await page.locator('tbody tr').first().waitFor();

    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/payments?') && decodeURIComponent(r.url()).includes('"status":["refunded"]'),
    );
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Refunded' }).click();
    await page.keyboard.press('Escape');
    expect((await filtered).status()).toBe(200);
    await page.locator('tbody tr').first().waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^payments-\d{4}-\d{2}-\d{2}\.csv$/);
    const records = csvRecords(await readFile((await download.path())!, 'utf8'));

    // Every refunded payment of the database, and nothing else, newest first.
    const refunded = await paydesk.database.db
      .selectFrom('payments')
      .select(['id', 'identifier'])
      .where('status', '=', 'refunded')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(refunded.length).toBeGreaterThan(0);
    expect(records.map((r) => r.identifier)).toEqual(refunded.map((p) => p.identifier));
    expect(records.every((r) => r.status === 'refunded' && r.refunded_amount === r.captured_amount)).toBe(true);
    expect(records.every((r) => /^\d+(\.\d{1,3})?$/.test(r.total!))).toBe(true);

    const audited = await paydesk.database.db
      .selectFrom('audit_events')
      .select(['note', 'outcome'])
      .where('action', '=', 'payments.export')
      .executeTakeFirstOrThrow();
    expect(audited.outcome).toBe('succeeded');
    expect(JSON.parse(audited.note!)).toMatchObject({ rows: refunded.length });
  });
});

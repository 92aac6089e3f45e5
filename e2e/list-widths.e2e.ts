import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signInAsDemo,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

/** The payments list's columns as the screen shows them: header text, and whether it lies inside the table's view. */
async function visibleColumns(page: Page): Promise<{ header: string; inView: boolean }[]> {
  return page.evaluate(() => {
    const wrapper = document.querySelector('.RaDatagrid-tableWrapper');
    if (!wrapper) return [];
    const view = wrapper.getBoundingClientRect();
    return [...document.querySelectorAll('thead th')].map((th) => {
      const box = th.getBoundingClientRect();
      return {
        header: (th.textContent ?? '').trim(),
        inView: box.width > 0 && box.left >= view.left - 1 && box.right <= Math.min(view.right, innerWidth) + 1,
      };
    });
  });
}

describe.runIf(browserAvailable())('the payments list fits the screen', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await paydesk?.stop();
  });

  async function openPayments(width: number): Promise<void> {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height: 900 } });
    page = await context.newPage();
    await signInAsDemo(page, paydesk.baseUrl, 'Admin');
    await page.getByRole('menuitem', { name: 'Payments' }).click();
    await page.waitForURL(/#\/payments/);
    await page.locator('.RaDatagrid-tableWrapper tbody tr').first().waitFor();
  }

  for (const width of [1280, 1440, 1920]) {
    it(`shows every money column at ${width} px without scrolling sideways`, async () => {
      onTestFailed(() => screenshotOnFailure(page, `list-widths-${width}`));
      await openPayments(width);
      const columns = await visibleColumns(page);
      const shown = columns.filter((c) => c.inView).map((c) => c.header);
      expect(shown).toEqual(expect.arrayContaining(['Identifier', 'Status', 'Total', 'Captured', 'Refunded']));
      expect(columns.filter((c) => !c.inView)).toEqual([]);
    });
  }

  it('keeps identifier, status, amount and currency at 1024 px', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'list-widths-1024'));
    await openPayments(1024);
    const columns = await visibleColumns(page);
    expect(columns.filter((c) => !c.inView)).toEqual([]);
    const shown = columns.map((c) => c.header);
    expect(shown).toEqual(expect.arrayContaining(['Identifier', 'Status', 'Total']));
    // The amount carries its currency: "$120.00", "¥2,450", "€12.30".
    const total = await page
      .locator('.RaDatagrid-tableWrapper tbody tr')
      .first()
      .locator('td.column-total')
      .textContent();
    expect(total).toMatch(/[$€£¥]|[A-Z]{3}/);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

interface Review {
  id: number;
  identifier: string;
  status: string;
  total: string;
  currency: string;
  payment_method_id: number;
  claimed_by_id: number | null;
}

/** The bogus gateway declines (…02) or times out (…05) a void by the total's last two minor-unit digits. */
const voidSucceeds = (total: string) => !/(02|05)$/.test(total.replace('.', ''));

describe.runIf(browserAvailable())('a fraud analyst works the review queue in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('claims a preauthorized review, rejects it with a note, and sees the payment voided', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'fraud-review'));
    await page.goto(`${paydesk.baseUrl}/`);
    await page.getByText('Demo accounts').waitFor();
    await page.getByRole('button', { name: /· Fraud analyst$/ }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe('fraud@paydesk.test');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The queue: oldest first, as the server sorts it.
    const listed = page.waitForResponse(
      (r) =>
        r.url().includes('/api/fraud-reviews?') &&
        decodeURIComponent(r.url()).includes('range=[0,24]') &&
        r.request().method() === 'GET',
    );
    await page.getByRole('menuitem', { name: 'Fraud reviews' }).click();
    const response = await listed;
    expect(response.status()).toBe(200);
    expect(decodeURIComponent(response.url())).toContain('sort=["created_at","ASC"]');
    const reviews = (await response.json()) as Review[];

    // A preauthorized review on a card method (the bogus gateway) whose void will go through.
    const methods = (await (await page.request.get(`${paydesk.baseUrl}/api/payment-methods?range=[0,99]`)).json()) as {
      id: number;
      type: string;
    }[];
    const bogus = new Set(methods.filter((method) => method.type === 'bogus').map((method) => method.id));
    const review = reviews.find(
      (r) =>
        r.status === 'preauth' && bogus.has(r.payment_method_id) && voidSucceeds(r.total) && r.claimed_by_id === null,
    );
    if (!review)
      throw new Error(`No unclaimed preauthorized review on a bogus method among ${reviews.length} reviews.`);

    await page.getByRole('cell', { name: review.identifier, exact: true }).click();
    await page.waitForURL(new RegExp(`#/fraud-reviews/${review.id}/show`));
    await page.getByRole('heading', { name: review.identifier, exact: true }).waitFor();
    await page.getByText('Unclaimed', { exact: true }).waitFor();

    // Claim it: the page now says it is the analyst's, for the claim's time.
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText(/^You · \d+ min left$/).waitFor();
    await page.getByRole('button', { name: 'Release' }).waitFor();

    // Reject with a note: the confirm button says the authorization is voided, for the payment's total.
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: /^Reject and void / });
    const digits = review.total.replace(/\D/g, '').replace(/^0+/, '');
    expect((await confirm.textContent())!.replace(/\D/g, '')).toBe(digits);
    await dialog
      .getByRole('textbox', { name: /Note/ })
      .fill('Billing and IP countries differ; the cardholder denies the order.');
    const decided = page.waitForResponse((r) => r.url().endsWith(`/api/payments/${review.id}/fraud-decision`));
    await confirm.click();
    const decision = await decided;
    expect(decision.status()).toBe(200);
    expect(decision.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    // The page moves on to the next review the analyst may take, in the queue's order (oldest first).
    const next = reviews.find((r) => r.id !== review.id && r.claimed_by_id === null);
    await page.getByText(`Payment ${review.identifier} rejected; its authorization`).waitFor();
    if (next) {
      await page.waitForURL(new RegExp(`#/fraud-reviews/${next.id}/show`));
      await page.getByRole('heading', { name: next.identifier, exact: true }).waitFor();
      // Its related payments: the others that share its email, card or IP address.
      await page.getByRole('heading', { name: 'Related payments', exact: true }).waitFor();
      await page.getByTestId('shared-email').waitFor();
    } else {
      await page.waitForURL(/#\/fraud-reviews$/);
      await page.getByText('No open review is left in the queue.').waitFor();
    }

    // The payment as it now stands: void, fraud rejected, and the void's log entry.
    await page.goto(`${paydesk.baseUrl}/#/payments/${review.id}/show`);
    await page.getByRole('heading', { name: review.identifier, exact: true }).waitFor();
    const header = page.locator('.MuiCard-root').first();
    await header.getByText('Void', { exact: true }).waitFor();
    await header.getByText('Fraud: rejected', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Void', exact: true }).first().waitFor();
    // Asked from the page (its own connection), as the console would.
    const payment = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/payments/${review.id}`)) as {
      status: string;
      fraud_status: string;
    };
    expect(payment).toMatchObject({ status: 'void', fraud_status: 'reject' });

    // The decision is in the history: who, the note, the void and its outcome.
    await page.getByRole('menuitem', { name: 'Fraud decisions' }).click();
    const row = page.locator('tbody tr', { hasText: review.identifier });
    await row.waitFor();
    await row.getByText('Felix Wagner').waitFor();
    await row.getByText('Rejected').waitFor();
    await row.getByText('Succeeded').waitFor();
    await row.getByText(/cardholder denies the order/).waitFor();
  });
});

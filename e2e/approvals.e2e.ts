import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { displayAmount, Money } from '../packages/domain/src/index.ts';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signIn,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

interface ApiPayment {
  id: number;
  identifier: string;
  order_id: number;
  currency: string;
  captured_amount: string;
  refunded_amount: string;
  reserved_amount: string;
  operation: string | null;
}
interface ApiOrder {
  payment_total: string;
  payment_state: string;
}
interface ApiApproval {
  id: number;
  payment_id: number;
  amount: string;
  status: string;
}

/**
 * Two-person approval, in Chromium: finance asks for a refund above the threshold, which refunds nothing; an
 * admin approves it from the inbox, and only then do the payment and its order change.
 */
describe.runIf(browserAvailable())('the approvals inbox, in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk({ payments: 1200 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, paydesk.baseUrl, email);
    return page;
  }

  /** The API with the page's session. */
  async function api<T>(page: Page, path: string): Promise<T> {
    const response = await page.request.get(`${paydesk.baseUrl}/api${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  }

  it('finance asks for a refund above the threshold, an admin approves it, and the payment and order change', async () => {
    let current: Page | undefined;
    onTestFailed(() => screenshotOnFailure(current, 'approvals'));
    const finance = await signedIn('finance@paydesk.test');
    current = finance;

    // A captured USD payment of the demo's premium orders, on the bogus gateway, with more left to refund than
    // the USD threshold and nothing held or in flight.
    const thresholds = await api<{ value: Record<string, string> }>(finance, '/settings/refund_approval_thresholds');
    const threshold = Money.of(thresholds.value.USD!, 'USD');
    const methods = await api<{ id: number; type: string }[]>(finance, '/payment-methods?range=[0,99]');
    const bogus = methods.filter((method) => method.type === 'bogus').map((method) => method.id);
    const filter = encodeURIComponent(
      JSON.stringify({
        status: ['confirmed'],
        currency: 'USD',
        total_gte: threshold.toString(),
        payment_method_id: bogus,
      }),
    );
    const candidates = await api<ApiPayment[]>(finance, `/payments?filter=${filter}&range=[0,99]`);
    const payment = candidates.find(
      (candidate) =>
        candidate.operation === null &&
        Money.of(candidate.reserved_amount, 'USD').isZero() &&
        Money.of(candidate.captured_amount, 'USD').minus(Money.of(candidate.refunded_amount, 'USD')).gt(threshold),
    );
    expect(payment, 'a captured premium USD payment in the demo data').toBeDefined();
    const { id, identifier, order_id: orderId } = payment!;
    // Above the threshold, and ending in 00 so that the bogus gateway accepts it.
    const amount = threshold.plus(Money.of('1.00', 'USD'));
    const shown = displayAmount(amount.toString(), 'USD');
    const orderBefore = await api<ApiOrder>(finance, `/orders/${orderId}`);

    // Finance asks: the dialog says it waits, and nothing is refunded.
    await finance.goto(`${paydesk.baseUrl}/#/payments/${id}/show`);
    await finance.getByRole('heading', { name: identifier, exact: true }).waitFor();
    await finance.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = finance.getByRole('dialog');
    await dialog.getByLabel(/Amount to refund/).fill(amount.toString());
    await dialog.getByRole('combobox', { name: /Reason/ }).click();
    await finance.getByRole('option', { name: 'Customer request' }).click();
    await dialog.getByLabel(/Note/).fill('Whole premium order returned (end-to-end test)');
    const asked = finance.waitForResponse((r) => r.url().endsWith(`/api/payments/${id}/refund`));
    await dialog.getByRole('button', { name: `Refund ${shown}` }).click();
    expect((await asked).status()).toBe(202);
    await finance.getByText(`The refund of ${shown} is above the two-person limit`).waitFor();
    const waiting = await api<ApiPayment>(finance, `/payments/${id}`);
    expect(waiting).toMatchObject({ refunded_amount: payment!.refunded_amount, reserved_amount: amount.toString() });

    // In the inbox, finance sees their own request without a decision to take.
    await finance.goto(`${paydesk.baseUrl}/#/refund-approvals`);
    const ownRow = finance.getByRole('row').filter({ hasText: identifier });
    await ownRow.waitFor();
    expect(await ownRow.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    // The admin approves it from the inbox.
    const admin = await signedIn('admin@paydesk.test');
    current = admin;
    await admin.getByRole('menuitem', { name: 'Approvals' }).click();
    const row = admin.getByRole('row').filter({ hasText: identifier });
    await row.waitFor();
    expect(await row.textContent()).toContain(shown);
    expect(await row.textContent()).toContain('Fiona Brennan');
    await row.getByRole('button', { name: 'Approve' }).click();
    const approveDialog = admin.getByRole('dialog');
    await approveDialog.getByText(`Approve the refund of ${shown} on ${identifier}?`).waitFor();
    const approved = admin.waitForResponse((r) => /\/api\/refund-approvals\/\d+\/approve$/.test(r.url()));
    await approveDialog.getByRole('button', { name: `Refund ${shown}` }).click();
    const response = await approved;
    expect(response.status()).toBe(200);
    expect(response.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await admin.getByText(`Refund of ${shown} approved`).waitFor();
    await row.waitFor({ state: 'detached' });

    // Now the money moved: once, for the asked amount, and the order's balance follows.
    const refunded = await api<ApiPayment>(admin, `/payments/${id}`);
    expect(refunded).toMatchObject({
      refunded_amount: Money.of(payment!.refunded_amount, 'USD').plus(amount).toString(),
      reserved_amount: '0.00',
    });
    const approvals = await api<ApiApproval[]>(
      admin,
      `/refund-approvals?filter=${encodeURIComponent(JSON.stringify({ status: 'approved' }))}&range=[0,99]`,
    );
    expect(approvals.filter((approval) => approval.payment_id === id)).toEqual([
      expect.objectContaining({ amount: amount.toString(), status: 'approved' }),
    ]);
    const orderAfter = await api<ApiOrder>(admin, `/orders/${orderId}`);
    expect(orderAfter.payment_total).toBe(Money.of(orderBefore.payment_total, 'USD').minus(amount).toString());
    // A refund does not move a paid order into balance_due: its balance is net of captures only.
    expect(orderAfter.payment_state).toBe(orderBefore.payment_state);

    // The payment's page shows the refund.
    await admin.goto(`${paydesk.baseUrl}/#/payments/${id}/show`);
    const refundRow = admin
      .locator('.MuiCard-root')
      .filter({ has: admin.getByRole('heading', { name: 'Refunds', exact: true }) })
      .locator('tbody tr')
      .filter({ hasText: 'Whole premium order returned' });
    await refundRow.waitFor();
    expect(await refundRow.textContent()).toContain(shown);
    expect(await refundRow.textContent()).toContain('Succeeded');
  });
});

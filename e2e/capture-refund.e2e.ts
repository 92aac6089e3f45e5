import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { displayAmount, Money } from '../packages/domain/src/index.ts';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  signInAsDemo,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

interface ApiPayment {
  id: number;
  identifier: string;
  order_id: number;
  payment_method_id: number;
  status: string;
  fraud_status: string;
  currency: string;
  total: string;
  captured_amount: string;
  refunded_amount: string;
  operation: string | null;
}
interface ApiOrder {
  id: number;
  number: string;
  payment_total: string;
  payment_state: string;
}

const PAYMENT_STATE_LABELS: Record<string, string> = {
  failed: 'Failed',
  void: 'Void',
  balance_due: 'Balance due',
  credit_owed: 'Credit owed',
  paid: 'Paid',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The bogus gateway declines capture/refund amounts whose last two minor-unit digits are 02 and times out on 05. */
function succeeds(amount: Money): boolean {
  const ending = amount.toMinor() % 100n;
  return ending !== 2n && ending !== 5n;
}

/** About two thirds of the total, nudged off the endings the bogus gateway refuses. */
function partOf(total: Money): Money {
  let minor = (total.toMinor() * 2n) / 3n;
  while (!succeeds(Money.fromMinor(minor, total.currency))) minor -= 1n;
  return Money.fromMinor(minor, total.currency);
}

describe.runIf(browserAvailable())(
  'a staff member captures part of a payment and refunds part of it, in Chromium',
  () => {
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

    /** The API with the browser's session (same cookies as the page). */
    async function api<T>(path: string): Promise<T> {
      const response = await page.request.get(`${paydesk.baseUrl}/api${path}`);
      expect(response.status(), path).toBe(200);
      return (await response.json()) as T;
    }

    /** The "Order" section of the payment page: its payment state chip. */
    const orderStateChip = () =>
      page
        .locator('.MuiCard-root')
        .filter({ has: page.getByRole('heading', { name: 'Order', exact: true }) })
        .locator('.MuiChip-root');

    it('captures part of a preauthorized payment, then refunds part of it with a reason', async () => {
      onTestFailed(() => screenshotOnFailure(page, 'capture-refund'));
      await signInAsDemo(page, paydesk.baseUrl, 'Admin');
      await page.getByRole('menuitem', { name: 'Capture queue' }).waitFor();

      // A preauthorized payment on a bogus (card gateway) method, not held for fraud review, whose total and
      // chosen amounts the bogus gateway accepts.
      const methods = await api<{ id: number; type: string }[]>(`/payment-methods?range=[0,99]`);
      const bogus = methods.filter((method) => method.type === 'bogus').map((method) => method.id);
      const filter = encodeURIComponent(
        JSON.stringify({ status: ['preauth'], fraud_status: ['unknown', 'accept'], payment_method_id: bogus }),
      );
      const candidates = await api<ApiPayment[]>(`/payments?filter=${filter}&range=[0,99]`);
      const payment = candidates.find((candidate) => {
        const total = Money.of(candidate.total, candidate.currency);
        return candidate.operation === null && succeeds(total) && partOf(total).toMinor() > 200n;
      });
      expect(payment, 'a preauthorized bogus payment in the demo data').toBeDefined();
      const { id, identifier, currency } = payment!;
      const total = Money.of(payment!.total, currency);
      const captured = partOf(total);
      const refunded = Money.fromMinor(100n, currency); // 1.00 (¥100): ends in 00, the gateway says yes.
      const money = (amount: Money) => displayAmount(amount.toString(), currency);
      const orderBefore = await api<ApiOrder>(`/orders/${payment!.order_id}`);

      // The payment's page: Capture and Void are offered; the order's state is the BFF's.
      await page.goto(`${paydesk.baseUrl}/#/payments/${id}/show`);
      await page.getByRole('heading', { name: identifier, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Capture', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Void', exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);
      await expect.poll(() => orderStateChip().getAttribute('data-value')).toBe(orderBefore.payment_state);

      // Capture part of it through the dialog.
      await page.getByRole('button', { name: 'Capture', exact: true }).click();
      const captureDialog = page.getByRole('dialog');
      const amount = captureDialog.getByLabel(/Amount to capture/);
      expect(await amount.inputValue()).toBe(total.toString());
      await amount.fill(captured.toString());
      const captureRequest = page.waitForRequest((request) => request.url().endsWith(`/api/payments/${id}/capture`));
      await captureDialog.getByRole('button', { name: `Capture ${money(captured)}` }).click();
      const sent = await captureRequest;
      expect(sent.method()).toBe('POST');
      expect(sent.postDataJSON()).toEqual({ amount: captured.toString() });
      expect(sent.headers()['idempotency-key']).toMatch(UUID);
      await page.getByText(`Captured ${money(captured)} of payment ${identifier}.`).waitFor();
      await captureDialog.waitFor({ state: 'detached' });

      // Confirmed, with a Capture log entry for that amount; Refund is offered now.
      await page.locator('.MuiChip-root[data-value="confirmed"]').first().waitFor();
      const captureEntry = page.locator('tr', { has: page.getByRole('cell', { name: 'Capture', exact: true }) });
      await captureEntry.first().waitFor();
      expect(await captureEntry.first().textContent()).toContain(money(captured));
      expect(await captureEntry.first().textContent()).toContain('Succeeded');
      const afterCapture = await api<ApiPayment>(`/payments/${id}`);
      expect(afterCapture).toMatchObject({ status: 'confirmed', captured_amount: captured.toString() });
      const orderAfterCapture = await api<ApiOrder>(`/orders/${payment!.order_id}`);
      expect(orderAfterCapture.payment_total).toBe(captured.toString());
      await expect.poll(() => orderStateChip().getAttribute('data-value')).toBe(orderAfterCapture.payment_state);
      expect(await orderStateChip().textContent()).toBe(PAYMENT_STATE_LABELS[orderAfterCapture.payment_state]);

      // Refund part of it, with a reason and a note.
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      const refundDialog = page.getByRole('dialog');
      const refundAmount = refundDialog.getByLabel(/Amount to refund/);
      expect(await refundAmount.inputValue()).toBe(captured.toString());
      await refundAmount.fill(refunded.toString());
      await refundDialog.getByRole('combobox', { name: /Reason/ }).click();
      await page.getByRole('option', { name: 'Customer request' }).click();
      await refundDialog.getByLabel(/Note/).fill('Returned one item (end-to-end test)');
      await refundDialog.getByRole('button', { name: `Refund ${money(refunded)}` }).click();
      await page.getByText(`Refunded ${money(refunded)} of payment ${identifier}.`).waitFor();
      await refundDialog.waitFor({ state: 'detached' });

      // The refund is listed, a Refund log entry appears, and the payment stays confirmed (not all refunded).
      const refundRow = page
        .locator('.MuiCard-root')
        .filter({ has: page.getByRole('heading', { name: 'Refunds', exact: true }) })
        .locator('tbody tr');
      await refundRow.filter({ hasText: 'Customer request' }).first().waitFor();
      expect(await refundRow.first().textContent()).toContain(money(refunded));
      expect(await refundRow.first().textContent()).toContain('Succeeded');
      expect(await refundRow.first().textContent()).toContain('Returned one item (end-to-end test)');
      await page.getByRole('cell', { name: 'Refund', exact: true }).first().waitFor();
      await page.locator('.MuiChip-root[data-value="confirmed"]').first().waitFor();
      const afterRefund = await api<ApiPayment>(`/payments/${id}`);
      expect(afterRefund).toMatchObject({
        status: 'confirmed',
        captured_amount: captured.toString(),
        refunded_amount: refunded.toString(),
      });

      // The order: what it has been paid went 0 → captured → captured − refunded; its state is the BFF's.
      const orderAfterRefund = await api<ApiOrder>(`/orders/${payment!.order_id}`);
      expect(orderBefore.payment_total).toBe(Money.zero(currency).toString());
      expect(orderAfterRefund.payment_total).toBe(captured.minus(refunded).toString());
      await expect.poll(() => orderStateChip().getAttribute('data-value')).toBe(orderAfterRefund.payment_state);
      await page.getByRole('link', { name: orderAfterRefund.number }).click();
      await page.waitForURL(/#\/orders\/\d+\/show/);
      const totals = page
        .locator('.MuiCard-root')
        .filter({ has: page.getByRole('heading', { name: 'Totals', exact: true }) });
      await totals.getByText(displayAmount(orderAfterRefund.payment_total, currency), { exact: true }).waitFor();
      expect(await totals.locator('.MuiChip-root').getAttribute('data-value')).toBe(orderAfterRefund.payment_state);
    });
  },
);

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

interface ApiPayment {
  id: number;
  identifier: string;
  total: string;
  operation: string | null;
  payment_method_id: number;
}

/** Each role sees only what it may do: a viewer no capture, an operator capture but no refund. */
describe.runIf(browserAvailable())('roles in the console, in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  async function signIn(role: 'Viewer' | 'Operator'): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    await signInAsDemo(page, paydesk.baseUrl, role);
    return page;
  }

  /** A preauthorized card payment the bogus gateway captures, and a confirmed one with money left to refund. */
  async function payments(p: Page) {
    const get = async <T>(path: string) => (await (await p.request.get(`${paydesk.baseUrl}/api${path}`)).json()) as T;
    const methods = await get<{ id: number; type: string }[]>('/payment-methods?range=[0,99]');
    const bogus = methods.filter((m) => m.type === 'bogus').map((m) => m.id);
    const list = (filter: object) =>
      get<ApiPayment[]>(`/payments?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,99]`);
    const capturable = (
      await list({ status: ['preauth'], fraud_status: ['unknown', 'accept'], payment_method_id: bogus })
    ).find((c) => c.operation === null && !/(02|05)$/.test(c.total.replace('.', '')));
    const refundable = (await list({ status: ['confirmed'], payment_method_id: bogus }))[0];
    expect(capturable).toBeDefined();
    expect(refundable).toBeDefined();
    return { capturable: capturable!, refundable: refundable! };
  }

  it('shows a viewer no capture button, and no staff or audit screens', async () => {
    const p = await signIn('Viewer');
    onTestFailed(() => screenshotOnFailure(page, 'roles-viewer'));
    const { capturable, refundable } = await payments(p);
    await p.goto(`${paydesk.baseUrl}/#/payments/${capturable.id}/show`);
    await p.getByRole('heading', { name: capturable.identifier, exact: true }).waitFor();
    await p.getByText('Log entries').first().waitFor();
    expect(await p.getByRole('button', { name: 'Capture', exact: true }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Void', exact: true }).count()).toBe(0);
    await p.goto(`${paydesk.baseUrl}/#/payments/${refundable.id}/show`);
    await p.getByRole('heading', { name: refundable.identifier, exact: true }).waitFor();
    await p.getByText('Log entries').first().waitFor();
    expect(await p.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);
    expect(await p.getByRole('menuitem', { name: 'Staff' }).count()).toBe(0);
    expect(await p.getByRole('menuitem', { name: 'Audit log' }).count()).toBe(0);
  });

  it('lets an operator capture but not refund', async () => {
    const p = await signIn('Operator');
    onTestFailed(() => screenshotOnFailure(page, 'roles-operator'));
    const { capturable, refundable } = await payments(p);
    await p.goto(`${paydesk.baseUrl}/#/payments/${refundable.id}/show`);
    await p.getByRole('heading', { name: refundable.identifier, exact: true }).waitFor();
    await p.getByText('Log entries').first().waitFor();
    expect(await p.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);

    await p.goto(`${paydesk.baseUrl}/#/payments/${capturable.id}/show`);
    await p.getByRole('heading', { name: capturable.identifier, exact: true }).waitFor();
    await p.getByRole('button', { name: 'Capture', exact: true }).click();
    const dialog = p.getByRole('dialog');
    const capture = p.waitForResponse((r) => r.url().endsWith(`/api/payments/${capturable.id}/capture`));
    await dialog.getByRole('button', { name: /^Capture / }).click();
    expect((await capture).status()).toBe(200);
    await p.getByText('Confirmed').first().waitFor();
    // Still no refund for an operator, even now that there is money to refund.
    expect(await p.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);
    // The payment's timeline: the operator's command beside the gateway's answer.
    await p.getByText('payment.capture', { exact: true }).waitFor();
    expect(await p.getByText('Omar Haddad').count()).toBeGreaterThan(0);
  });
});

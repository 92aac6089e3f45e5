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

const SECRET_KEY = 'sk_test_51E2eConsoleTypedSecretKey4242';
const NEW_SECRET_KEY = 'sk_test_51E2eConsoleReplacedSecretKey7777';

/** Gateway credentials typed into the console: saved sealed, shown only as set, never put back on a page. */
describe.runIf(browserAvailable())('payment method credentials in the console, in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk({ payments: 20 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  const storedText = async (name: string) =>
    JSON.stringify(
      (
        await paydesk.database.db
          .selectFrom('payment_methods')
          .select('preferences')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).preferences,
    );

  it('sets a Stripe secret key on create, replaces it on edit, and never shows it again', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'payment-method-secrets'));
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    const answers: string[] = [];
    page.on('response', async (response) => {
      if (response.url().includes('/api/')) answers.push(await response.text().catch(() => ''));
    });
    await signInAsDemo(page, paydesk.baseUrl, 'Admin');
    await page.getByRole('menuitem', { name: 'Payment methods' }).click();
    await page.getByRole('link', { name: 'Create' }).click();

    // The type first: the form is set up (its defaults in place) once its inputs answer.
    await page.getByRole('combobox', { name: /Type/ }).click();
    await page.getByRole('option', { name: 'Stripe', exact: true }).click();
    const setKey = page.getByLabel('Set secret key');
    expect(await setKey.getAttribute('type')).toBe('password');
    await setKey.fill(SECRET_KEY);
    const name = page.getByRole('textbox', { name: 'Name' });
    await name.fill('Stripe (e2e)');
    expect(await name.inputValue()).toBe('Stripe (e2e)');
    expect(await setKey.inputValue()).toBe(SECRET_KEY);
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('secret key: set (sk_test_…4242)').waitFor();
    await page.getByText('webhook signing secret: not set').waitFor();
    const stored = await storedText('Stripe (e2e)');
    expect(stored).toMatch(/"sealed":"pdsec:v1:/);
    expect(stored).not.toContain(SECRET_KEY);

    await page.getByRole('link', { name: 'Edit' }).click();
    const replace = page.getByLabel('Replace secret key');
    await replace.waitFor();
    expect(await replace.inputValue()).toBe('');
    await page.getByText('Set (sk_test_…4242). Paste a new value to replace it').waitFor();
    expect(await page.content()).not.toContain(SECRET_KEY);

    await replace.fill(NEW_SECRET_KEY);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('secret key: set (sk_test_…7777)').waitFor();
    expect(await page.content()).not.toContain(NEW_SECRET_KEY);
    expect(await storedText('Stripe (e2e)')).not.toContain(NEW_SECRET_KEY);
    // What the console was sent: never a secret, whichever page asked.
    expect(answers.join('\n')).not.toMatch(/E2eConsole/);
    await context.close();
  });
});

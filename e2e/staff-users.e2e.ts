import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  DEMO_PASSWORD,
  launchBrowser,
  screenshotOnFailure,
  signIn,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

const NEW_EMAIL = 'nina.new@paydesk.test';
const NEW_PASSWORD = 'nina-first-password';

/** An admin creates a staff member, who signs in; the admin deactivates them, and their session ends. */
describe.runIf(browserAvailable())('staff management in the console, in Chromium', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk({ payments: 50 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  async function signedIn(email: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, paydesk.baseUrl, email, password);
    return page;
  }

  it('creates an operator who signs in, then deactivates them: their session ends and sign-in is refused', async () => {
    let current: Page | undefined;
    onTestFailed(() => screenshotOnFailure(current, 'staff-users'));
    const admin = await signedIn('admin@paydesk.test', DEMO_PASSWORD);
    current = admin;

    await admin.getByRole('menuitem', { name: 'Staff' }).click();
    await admin.getByRole('link', { name: 'Create' }).click();
    // The form is ready once its defaults are in (the role starts as Viewer).
    await admin.getByRole('combobox', { name: 'Role' }).filter({ hasText: 'Viewer' }).waitFor();
    await admin.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Operator' }).click();
    await admin.getByRole('textbox', { name: 'Name' }).fill('Nina New');
    await admin.getByRole('textbox', { name: 'Email' }).fill(NEW_EMAIL);
    await admin.getByLabel('Initial password').fill(NEW_PASSWORD);
    expect(await admin.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('Nina New');
    await admin.getByRole('button', { name: 'Save' }).click();
    const row = admin.getByRole('row').filter({ hasText: NEW_EMAIL });
    await row.waitFor();
    expect(await row.textContent()).toContain('Operator');
    expect(await row.getByText('Active', { exact: true }).count()).toBe(1);

    const nina = await signedIn(NEW_EMAIL, NEW_PASSWORD);
    current = nina;
    // An operator sees no staff screen.
    expect(await nina.getByRole('menuitem', { name: 'Staff' }).count()).toBe(0);

    current = admin;
    await row.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('Deactivate Nina New?').waitFor();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByText('Nina New is deactivated and signed out everywhere.').waitFor();
    await row.getByText('Deactivated', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Reactivate' }).waitFor();

    current = nina;
    // Her next request finds the session ended (a background poll may already have shown it).
    await nina.goto(`${paydesk.baseUrl}/#/orders`);
    await nina.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await nina.getByLabel('Email').fill(NEW_EMAIL);
    await nina.getByLabel('Password').fill(NEW_PASSWORD);
    await nina.getByRole('button', { name: 'Sign in' }).click();
    await nina.getByText('Email or password is incorrect.').waitFor();
  });
});

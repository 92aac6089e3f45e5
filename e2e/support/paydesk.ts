import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createLogger } from '../../apps/bff/src/logger.ts';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { inject } from 'vitest';
import { createApp } from '../../apps/bff/src/app.ts';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../apps/bff/src/db/database.ts';
import { seedDemoData } from '../../apps/bff/src/seed/seed.ts';
import { CaptureRunner } from '../../apps/bff/src/capture-runs/capture-runner.ts';
import { registerRunner } from '../../apps/bff/src/capture-runs/capture-runs.ts';
import { defaultGateways } from '../../apps/bff/src/gateways/registry.ts';
import { openTemplateDatabase } from '../../apps/bff/test/pglite-template.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const consoleDir = path.join(root, 'apps/console/dist');
export const CHROMIUM = process.env.PAYDESK_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser tests can run here; in CI they must. */
export function browserAvailable(): boolean {
  const available = existsSync(CHROMIUM) && existsSync(path.join(consoleDir, 'index.html'));
  if (!available && process.env.CI)
    throw new Error(`End-to-end tests need Chromium at ${CHROMIUM} and a built console (pnpm build).`);
  if (!available)
    console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (set PAYDESK_CHROMIUM) or no built console.`);
  return available;
}

export interface RunningPaydesk {
  baseUrl: string;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated embedded database's files, from apps/bff/test/global-setup.ts. */
    pgliteTemplatePath: string | undefined;
  }
}

/**
 * A fresh embedded database with the schema. Under vitest, from the migrated template of the run
 * (apps/bff/test/global-setup.ts, once per run instead of once per file); elsewhere (the bench) migrated here.
 */
async function migratedDatabase(): Promise<DatabaseHandle> {
  // Imported only under vitest: outside its runner, vitest's module refuses to load.
  const vitest: { inject: typeof inject } | undefined = process.env.VITEST ? await import('vitest') : undefined;
  const templatePath = vitest?.inject('pgliteTemplatePath');
  if (templatePath) return openTemplateDatabase(templatePath);
  const database = openDatabase({});
  await migrateToLatest(database.db);
  return database;
}

/**
 * The real BFF serving the built console, on a fresh embedded database with demo data and demo staff; with
 * `captureRuns`, its capture runner too (as the server runs it beside the app).
 */
export async function startPaydesk(
  options: { payments?: number; captureRuns?: boolean } = {},
): Promise<RunningPaydesk> {
  const database = await migratedDatabase();
  await seedDemoData(database.db, { payments: options.payments ?? 300, demoStaff: true });
  const logger = createLogger('silent');
  const app = createApp({ database, logger, consoleDir });
  const runner = options.captureRuns
    ? new CaptureRunner({ db: database.db, gateways: defaultGateways(), logger, pollMs: 200 })
    : undefined;
  const unregister = runner ? registerRunner(runner) : undefined;
  runner?.start();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    database,
    async stop() {
      unregister?.();
      await runner?.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    },
  };
}

/** The demo staff's password (the seed's, for `pnpm start` and these tests). */
export const DEMO_PASSWORD = 'paydesk-demo';

/** Signs in on the login page with an email and password, and waits for the console's menu. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Payments' }).waitFor();
}

/** Signs in through the login page's demo account of that role ("Admin", "Finance" …), and waits for the menu. */
export async function signInAsDemo(page: Page, baseUrl: string, role: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: new RegExp(`· ${role}$`) }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Payments' }).waitFor();
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the page showed when a test failed: test-results/<name>.png. */
export async function screenshotOnFailure(page: Page | undefined, name: string): Promise<void> {
  const file = path.join(root, 'test-results', `${name}.png`);
  await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  console.error(`Screenshot of the failure: ${path.relative(process.cwd(), file)}`);
}

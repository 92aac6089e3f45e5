import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotOnFailure,
  startPaydesk,
  type RunningPaydesk,
} from './support/paydesk.ts';

/** axe-core's own script, run in the page (through the DevTools protocol, which the page's CSP does not govern). */
const AXE_SOURCE: string = createRequire(import.meta.url)('axe-core').source;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** The WCAG 2.1 A and AA rules (and axe's best practices) on the page as it stands; critical and serious only. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

function describeViolations(screen: string, violations: Violation[]): string[] {
  return violations.map(
    (v) =>
      `${screen}: ${v.id} (${v.impact}, ${v.nodes.length}×) ${v.help} — e.g. ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.html.slice(0, 160)} (${n.failureSummary?.replace(/\s+/g, ' ').slice(0, 200)})`)
        .join('; ')}`,
  );
}

/** The requests a page has sent and not yet had answered (or seen fail). */
function inFlight(page: Page): Set<Request> {
  const pending = new Set<Request>();
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  return pending;
}

const LOADING = '.MuiLinearProgress-root, .MuiCircularProgress-root';

/**
 * The screen has rendered: no request in flight, react-admin's loading indicators gone, and no transition half
 * way (a button fading in would be measured at a colour it only passes through). Checked after two animation
 * frames, in which React commits what the last answers brought and sends any request that rendering starts
 * (a reference field's), until a check finds nothing pending: conditions, not a fixed wait for a quiet network.
 */
async function settled(page: Page, pending: Set<Request>): Promise<void> {
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (pending.size === 0 && (await page.locator(LOADING).count()) === 0) return;
    if (Date.now() > deadline)
      throw new Error(`The screen did not settle: ${[...pending].map((r) => r.url()).join(', ') || 'still loading'}`);
    await Promise.race([
      page.waitForEvent('requestfinished', { timeout: 1_000 }).catch(() => undefined),
      page
        .locator(LOADING)
        .first()
        .waitFor({ state: 'detached', timeout: 1_000 })
        .catch(() => undefined),
    ]);
  }
}

describe.runIf(browserAvailable())('accessibility of the console (axe-core, in Chromium)', () => {
  let paydesk: RunningPaydesk;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pending: Set<Request>;

  beforeAll(async () => {
    [paydesk, browser] = await Promise.all([startPaydesk(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    pending = inFlight(page);
  });
  afterAll(async () => {
    await browser?.close();
    await paydesk?.stop();
  });

  it('finds no critical or serious violation on the login page', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'a11y-login'));
    await page.goto(`${paydesk.baseUrl}/`);
    await page.getByRole('button', { name: /· Admin$/ }).waitFor();
    await settled(page, pending);
    expect(describeViolations('login', await seriousViolations(page))).toEqual([]);
  });

  it('finds no critical or serious violation on any screen, signed in as an admin', async () => {
    onTestFailed(() => screenshotOnFailure(page, 'a11y-screens'));
    await page.getByRole('button', { name: /· Admin$/ }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('menuitem', { name: 'Payments' }).waitFor();
    const first = async (resource: string) => {
      const response = await page.request.get(`${paydesk.baseUrl}/api/${resource}?range=[0,0]`);
      return ((await response.json()) as { id: number | string }[])[0]?.id;
    };
    // Every screen of every resource (its list, and its show, edit and create pages where it has them, on its
    // first record), the dashboard and the custom pages.
    const views: Record<string, ('show' | 'edit' | 'create')[]> = {
      payments: ['show'],
      'capture-runs': ['show'],
      'fraud-reviews': ['show'],
      'fraud-decisions': [],
      orders: ['show'],
      refunds: ['show'],
      'refund-approvals': [],
      'log-entries': ['show'],
      'callback-deliveries': ['show'],
      'monitoring/alert-deliveries': ['show'],
      'payment-methods': ['show', 'edit', 'create'],
      products: ['edit', 'create'],
      'refund-reasons': ['edit', 'create'],
      'staff-users': ['edit', 'create'],
      'audit-events': [],
      'api-keys': ['create'],
      settings: ['edit'],
    };
    const screens = ['/', '/capture-queue', '/needs-attention'];
    for (const [resource, pages] of Object.entries(views)) {
      screens.push(`/${resource}`);
      const id = pages.some((v) => v !== 'create') ? await first(resource) : undefined;
      for (const view of pages) {
        if (view === 'create') screens.push(`/${resource}/create`);
        else if (id !== undefined)
          screens.push(`/${resource}/${encodeURIComponent(id)}${view === 'show' ? '/show' : ''}`);
      }
    }
    const found: string[] = [];
    for (const screen of screens) {
      await page.goto(`${paydesk.baseUrl}/#${screen}`);
      await settled(page, pending);
      found.push(...describeViolations(screen, await seriousViolations(page)));
    }
    expect(found).toEqual([]);
    // About forty screens, each rendered and checked by axe in the page: far longer than one user journey.
  }, 180_000);
});

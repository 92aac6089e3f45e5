import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CONSOLE_DIST } from './lib/config.ts';
import { BENCH_EMAIL, BENCH_PASSWORD, listPath, type Client } from './lib/http.ts';
import { median } from './lib/stats.ts';

/**
 * Benchmark 6: the console. The bytes the BFF sends (as served over HTTP, to `Accept-Encoding: br, gzip`) for the
 * JavaScript index.html loads before anything renders (its entry module and modulepreload links), and the time from opening #/payments in a fresh headless Chromium
 * (signed in, nothing cached) to the first payment row in the page (from the start of navigation).
 */

export interface ConsoleResult {
  available: boolean;
  reason?: string;
  builtAt?: Date;
  /** index.html's entry and modulepreload files. */
  firstPage?: { files: number; bytes: number; served: number };
  /** Every .js file Chromium fetched until the first row showed (lazy chunks included), as served. */
  loadedUntilList?: { files: number; served: number };
  /** ms from the start of navigation to the first row in the DOM, per run, and their median. */
  runs?: number[];
  medianMs?: number;
  /** The same seen from the bench: page.goto() until Playwright sees the row (includes its polling). */
  wallMedianMs?: number;
  /** Medians, in ms from the start of navigation: where the time goes. */
  phases?: Phases;
}

export interface Phases {
  /** The last JavaScript file fetched before the list's request went out. */
  scriptsLoaded: number;
  /** The session check (GET /api/auth/me or similar): the first API request. */
  firstApiStart: number;
  /** GET /api/payments: sent, and answered. */
  listRequested: number;
  listAnswered: number;
  /** The row in the DOM (a MutationObserver, by the page's clock). */
  rowVisible: number;
}

/** A file's body bytes as the server sends them to a browser (before any decoding). */
function servedSize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

/**
 * A copy of apps/console/dist taken when the bench starts, which the BFF serves (PAYDESK_CONSOLE_DIR) and the
 * console benchmark measures: a `pnpm build` running meanwhile (it empties dist first) cannot break the run.
 * A copy whose index.html names files it lacks (taken mid-build) is taken again, for up to a minute.
 */
export async function snapshotConsole(): Promise<{ dir: string; builtAt: Date; remove(): void } | undefined> {
  for (let attempt = 0; attempt < 12; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 5000));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-bench-console-'));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    try {
      cpSync(CONSOLE_DIST, dir, { recursive: true, preserveTimestamps: true });
      const builtAt = statSync(path.join(dir, 'index.html')).mtime;
      if (firstPageScripts(dir).every((file) => existsSync(file))) return { dir, builtAt, remove };
    } catch {
      // no dist, or it changed while being copied
    }
    remove();
  }
  return undefined;
}

export function firstPageScripts(dist: string): string[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set([...entry, ...preloads])].map((url) => path.join(dist, url.replace(/^\//, '')));
}

export async function benchConsole(options: {
  baseUrl: string;
  client: Client;
  chromiumPath: string;
  console: { dir: string; builtAt: Date } | undefined;
  runs?: number;
}): Promise<ConsoleResult> {
  const { baseUrl, client, chromiumPath, runs = 5 } = options;
  if (!options.console) return { available: false, reason: 'no built console in apps/console/dist (run pnpm build)' };
  const dist = options.console.dir;
  const scripts = firstPageScripts(dist);
  const firstPage = {
    files: scripts.length,
    bytes: scripts.reduce((sum, f) => sum + statSync(f).size, 0),
    served: 0,
  };
  for (const file of scripts)
    firstPage.served += await servedSize(`${baseUrl}/${path.relative(dist, file).split(path.sep).join('/')}`);
  const builtAt = options.console.builtAt;
  if (!existsSync(chromiumPath))
    return { available: false, reason: `no Chromium at ${chromiumPath}`, builtAt, firstPage };

  // The row to wait for: the newest payment.
  const newest = await client.get(listPath('payments', { sort: ['created_at', 'DESC'], range: [0, 0] }));
  const identifier: string = newest.body[0].identifier;

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
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
    const times: number[] = [];
    const wall: number[] = [];
    const phases: Phases[] = [];
    let loaded: { files: number; served: number } | undefined;
    // One warm-up run (the first launch pays for Chromium's own start), then the measured ones.
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext();
      try {
        // Sign in as the login form does; the context's requests share its cookies.
        const login = await context.request.post(`${baseUrl}/api/auth/login`, {
          data: { email: BENCH_EMAIL, password: BENCH_PASSWORD },
        });
        if (!login.ok()) throw new Error(`Sign-in from Chromium failed: ${login.status()}`);
        // The moment the newest payment's identifier is in a table cell, by the page's own clock (from the start
        // of navigation): a MutationObserver installed before any of the console's scripts run.
        await context.addInitScript((wanted: string) => {
          const w = window as unknown as { __firstRowAt?: number };
          const observer = new MutationObserver(() => {
            for (const cell of document.querySelectorAll('td')) {
              if (cell.textContent?.trim() === wanted) {
                w.__firstRowAt = performance.now();
                observer.disconnect();
                return;
              }
            }
          });
          document.addEventListener('DOMContentLoaded', () =>
            observer.observe(document.body, { childList: true, subtree: true, characterData: true }),
          );
        }, identifier);
        const page = await context.newPage();
        const js = new Set<string>();
        page.on('request', (request) => {
          const url = new URL(request.url());
          if (url.pathname.endsWith('.js')) js.add(url.pathname);
        });
        const started = performance.now();
        await page.goto(`${baseUrl}/#/payments`);
        await page.getByRole('cell', { name: identifier, exact: true }).first().waitFor({ timeout: 30_000 });
        const elapsed = performance.now() - started;
        const phase = await page.evaluate(() => {
          const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const list = resources.find((r) => r.name.includes('/api/payments?'));
          const api = resources.filter((r) => r.name.includes('/api/'));
          const scripts = resources.filter((r) => r.name.endsWith('.js') && (!list || r.startTime < list.startTime));
          return {
            scriptsLoaded: Math.max(0, ...scripts.map((r) => r.responseEnd)),
            firstApiStart: Math.min(...api.map((r) => r.startTime)),
            listRequested: list?.startTime ?? Number.NaN,
            listAnswered: list?.responseEnd ?? Number.NaN,
            rowVisible: (window as unknown as { __firstRowAt?: number }).__firstRowAt ?? performance.now(),
          };
        });
        if (i > 0) {
          times.push(phase.rowVisible);
          wall.push(elapsed);
          phases.push(phase);
        }
        if (i === 1) {
          // Each script's body as it came over the wire (compressed), by the page's Resource Timing.
          const served = await page.evaluate(
            (paths: string[]) => {
              const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
              return resources
                .filter((r) => paths.includes(new URL(r.name).pathname))
                .reduce((sum, r) => sum + r.encodedBodySize, 0);
            },
            [...js],
          );
          loaded = { files: js.size, served };
        }
      } finally {
        await context.close();
      }
    }
    const phase = (key: keyof Phases) => median(phases.map((p) => p[key]));
    return {
      available: true,
      builtAt,
      firstPage,
      loadedUntilList: loaded,
      runs: times,
      medianMs: median(times),
      wallMedianMs: median(wall),
      phases: {
        scriptsLoaded: phase('scriptsLoaded'),
        firstApiStart: phase('firstApiStart'),
        listRequested: phase('listRequested'),
        listAnswered: phase('listAnswered'),
        rowVisible: phase('rowVisible'),
      },
    };
  } finally {
    await browser?.close();
  }
}

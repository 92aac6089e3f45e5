import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { launchBrowser, startPaydesk } from '../e2e/support/paydesk.ts';
import { CONSOLE_DIST } from './lib/config.ts';

/**
 * `pnpm bench:served`: the console's bytes as the server sends them, over HTTP, with the Accept-Encoding a
 * browser sends. The BFF serves apps/console/dist in-process on the embedded database (300 demo payments); a
 * headless Chromium (nothing cached) opens the login page, then, signed in, the payments list until its first
 * row; then the list again in the same browser (its cache warm). Each response's body is counted as it came
 * over the wire (Playwright's request sizes), beside its decoded size and Content-Encoding. Last, every file of
 * the build fetched once with `Accept-Encoding: br, gzip`. Prints Markdown.
 */

interface Fetched {
  path: string;
  kind: string;
  encoding: string;
  cacheControl: string;
  /** Body bytes as sent (compressed when encoded); 0 when the browser took it from its cache. */
  wire: number;
  decoded: number;
  fromCache: boolean;
}

const kind = (p: string) =>
  p.startsWith('/api/') ? 'API' : /\.js$/.test(p) ? 'JS' : /\.css$/.test(p) ? 'CSS' : p === '/' ? 'HTML' : 'other';

/** Content-Encoding and Cache-Control of every response the context sees, by path. */
function headersOf(context: BrowserContext): Map<string, { encoding: string; cacheControl: string }> {
  const seen = new Map<string, { encoding: string; cacheControl: string }>();
  context.on('response', (response: Response) => {
    const headers = response.headers();
    seen.set(new URL(response.url()).pathname, {
      encoding: headers['content-encoding'] ?? 'identity',
      cacheControl: headers['cache-control'] ?? '',
    });
  });
  return seen;
}

/**
 * What the page fetched, by its own Resource Timing: encodedBodySize is the body as it came over the wire,
 * decodedBodySize after decoding, and a transferSize of 0 means the browser's cache answered.
 */
async function fetchedBy(page: Page, headers: Map<string, { encoding: string; cacheControl: string }>) {
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => {
      const r = e as PerformanceResourceTiming;
      return { url: r.name, wire: r.encodedBodySize, decoded: r.decodedBodySize, transfer: r.transferSize };
    }),
  );
  return entries
    .filter((e) => e.url.startsWith('http'))
    .map((e): Fetched => {
      const p = new URL(e.url).pathname;
      const h = headers.get(p) ?? { encoding: 'identity', cacheControl: '' };
      const fromCache = e.transfer === 0;
      return { path: p, kind: kind(p), ...h, wire: fromCache ? 0 : e.wire, decoded: e.decoded, fromCache };
    });
}

/** One file's body bytes as sent, counted before any decoding. */
function rawGet(url: string): Promise<{ bytes: number; encoding: string; cacheControl: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () =>
          resolve({
            bytes,
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
            cacheControl: String(res.headers['cache-control'] ?? ''),
          }),
        );
      })
      .on('error', reject);
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function summary(label: string, fetched: Fetched[]): string[] {
  const rows: string[] = [];
  for (const k of ['HTML', 'JS', 'CSS', 'API', 'other']) {
    const of = fetched.filter((f) => f.kind === k);
    if (!of.length) continue;
    const network = of.filter((f) => !f.fromCache);
    const encodings = [...new Set(network.map((f) => f.encoding))].join(', ') || '—';
    rows.push(
      `| ${label} | ${k} | ${network.length} of ${of.length} | ${kb(of.reduce((s, f) => s + f.decoded, 0))} | ${kb(network.reduce((s, f) => s + f.wire, 0))} | ${encodings} |`,
    );
  }
  const network = fetched.filter((f) => !f.fromCache && f.kind !== 'API');
  rows.push(
    `| ${label} | **all but API** | ${network.length} | ${kb(fetched.filter((f) => f.kind !== 'API').reduce((s, f) => s + f.decoded, 0))} | **${kb(network.reduce((s, f) => s + f.wire, 0))}** | |`,
  );
  return rows;
}

async function load(
  page: Page,
  url: string,
  headers: Map<string, { encoding: string; cacheControl: string }>,
  button?: RegExp,
): Promise<Fetched[]> {
  await page.goto(url);
  if (button) await page.getByRole('button', { name: button }).waitFor();
  else await page.locator('tbody tr').first().waitFor();
  await page.waitForLoadState('networkidle');
  return fetchedBy(page, headers);
}

async function main() {
  const paydesk = await startPaydesk({ payments: 300 });
  const browser = await launchBrowser();
  const out: string[] = [];
  try {
    const base = paydesk.baseUrl;
    // 1. The login page, nothing cached.
    const login = await browser.newContext();
    const loginPage = await login.newPage();
    const loginFetched = await load(loginPage, `${base}/`, headersOf(login), /· Admin$/);
    await login.close();

    // 2. Signed in, a fresh browser: the payments list until its first row. 3. The same again, cache warm.
    const list = await browser.newContext();
    const signIn = await list.request.post(`${base}/api/auth/login`, {
      data: { email: 'admin@paydesk.test', password: 'paydesk-demo' },
    });
    if (!signIn.ok()) throw new Error(`Sign-in failed: ${signIn.status()}`);
    const listHeaders = headersOf(list);
    const listFetched = await load(await list.newPage(), `${base}/#/payments`, listHeaders);
    const warmFetched = await load(await list.newPage(), `${base}/#/payments`, listHeaders);
    await list.close();

    out.push('| load | type | fetched from the server | decoded | as served | Content-Encoding |');
    out.push('|---|---|---|---|---|---|');
    out.push(...summary('login page, cold', loginFetched));
    out.push(...summary('payments list, cold', listFetched));
    out.push(...summary('payments list, cache warm', warmFetched));

    // 4. Every file of the build.
    const files = readdirSync(path.join(CONSOLE_DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    let served = 0;
    let raw = 0;
    const encodings = new Map<string, number>();
    for (const file of files) {
      const r = await rawGet(`${base}/assets/${file}`);
      served += r.bytes;
      raw += statSync(path.join(CONSOLE_DIST, 'assets', file)).size;
      encodings.set(r.encoding, (encodings.get(r.encoding) ?? 0) + 1);
    }
    const index = await rawGet(`${base}/`);
    const asset = await rawGet(`${base}/assets/${files[0]}`);
    out.push('');
    out.push(
      `Every .js and .css file of the build (${files.length}, ${kb(raw)}): ${kb(served)} as served (${[...encodings]
        .map(([e, n]) => `${n} ${e}`)
        .join(', ')}). Cache-Control: index.html "${index.cacheControl}", a hashed asset "${asset.cacheControl}".`,
    );
    console.log(out.join('\n'));
  } finally {
    await browser.close();
    await paydesk.stop();
  }
}

await main();

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DB, type TestApp } from './harness.ts';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A GET whose body is kept as it came over the wire (no decoding), on a connection of its own: a kept-alive socket
 * of the shared agent can be closed by the server just as it is reused ("socket hang up").
 */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe(`the console's files (${TEST_DB})`, () => {
  let app: TestApp;
  let dir: string;
  const page = `<!doctype html><html><body>${'<div id="root"></div>'.repeat(100)}</body></html>`;
  const script = `export const x = ${JSON.stringify('console '.repeat(500))};`;
  const small = 'export const y = 1;';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-console-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), page);
    writeFileSync(path.join(dir, 'index.html.br'), brotliCompressSync(page));
    writeFileSync(path.join(dir, 'index.html.gz'), gzipSync(page));
    writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js'), script);
    writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(dir, 'assets/index-Ab12Cd34.js.gz'), gzipSync(script));
    writeFileSync(path.join(dir, 'assets/small-Ef56Gh78.js'), small);
    app = await startTestApp({ consoleDir: dir });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed script as its brotli copy, cached for a year', async () => {
    const r = await rawGet(`${app.baseUrl}/assets/index-Ab12Cd34.js`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);
  });

  it('sends gzip to a client without brotli, and the file itself to one that accepts neither', async () => {
    const gz = await rawGet(`${app.baseUrl}/assets/index-Ab12Cd34.js`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await rawGet(`${app.baseUrl}/assets/index-Ab12Cd34.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // A file too small to have been compressed is sent as it is.
    const tiny = await rawGet(`${app.baseUrl}/assets/small-Ef56Gh78.js`, { 'Accept-Encoding': 'br, gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe(small);
  });

  it('sends the page compressed and never cached unasked, for / and for every client-side route', async () => {
    for (const route of ['/', '/payments/12/show', '/index.html']) {
      const r = await rawGet(`${app.baseUrl}${route}`, { 'Accept-Encoding': 'br, gzip' });
      expect(r.status, route).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['content-encoding']).toBe('br');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(r.body).toString()).toBe(page);
    }
    // Revalidation is cheap: the ETag answers 304 with no body.
    const first = await rawGet(`${app.baseUrl}/`, { 'Accept-Encoding': 'br' });
    const again = await rawGet(`${app.baseUrl}/`, {
      'Accept-Encoding': 'br',
      'If-None-Match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers 404 for a missing file instead of the page', async () => {
    const missing = await rawGet(`${app.baseUrl}/assets/index-OldHash1.js`, { 'Accept-Encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/text\/html/);
    expect((await rawGet(`${app.baseUrl}/favicon.ico`)).status).toBe(404);
  });

  it('leaves the API uncached and its answers as they were', async () => {
    const r = await rawGet(`${app.baseUrl}/api/health`, { 'Accept-Encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(r.body.toString()).status).toBe('ok');
  });
});

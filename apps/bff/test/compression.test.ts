import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { type ApiClient, startTestApp, TEST_DB, type TestApp } from './harness.ts';

/** One GET as it comes over the wire, on a connection of its own: the body's bytes as sent, not decoded. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            encoding: response.headers['content-encoding'],
            bytes: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

describe(`API answers compressed over HTTP (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  const page = '/api/payments?range=%5B0%2C24%5D&sort=%5B%22id%22%2C%22ASC%22%5D';

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    const method = await givenPaymentMethod(app.db, { name: 'Card' });
    for (let i = 0; i < 25; i++) await givenPayment(app.db, method, { status: 'preauth' });
  });
  afterAll(() => app.close());

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('a page of payments in %s: the same JSON in a fraction of the bytes', async (encoding, decode) => {
    const plain = await rawGet(app.baseUrl + page, { cookie: admin.cookie!, 'accept-encoding': 'identity' });
    expect(plain).toMatchObject({ status: 200, encoding: undefined });
    const rows = JSON.parse(plain.bytes.toString('utf8'));
    expect(rows).toHaveLength(25);

    const packed = await rawGet(app.baseUrl + page, { cookie: admin.cookie!, 'accept-encoding': encoding });
    expect(packed).toMatchObject({ status: 200, encoding });
    expect(JSON.parse(decode(packed.bytes).toString('utf8'))).toEqual(rows);
    expect(packed.bytes.length).toBeLessThan(plain.bytes.length / 4);
  });

  it('leaves a short answer as it is (under 1 KB)', async () => {
    const health = await rawGet(`${app.baseUrl}/api/health`, { 'accept-encoding': 'br, gzip' });
    expect(health).toMatchObject({ status: 200, encoding: undefined });
    expect(JSON.parse(health.bytes.toString('utf8'))).toMatchObject({ status: 'ok' });
  });
});

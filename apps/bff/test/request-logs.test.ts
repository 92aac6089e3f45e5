import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { startTestApp, TEST_DB, TEST_PASSWORD, createStaff, type TestApp } from './harness.ts';

describe(`request logs (${TEST_DB})`, () => {
  let app: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp({ logger: createLogger('info', sink) });
  });
  afterAll(() => app.close());

  it('logs each request without passwords, cookies, CSRF tokens or card numbers', async () => {
    await createStaff(app.db, 'admin', 'logs@example.test');
    const client = app.client();
    const login = await client.login('logs@example.test', TEST_PASSWORD);
    expect(login.status).toBe(200);
    const cookie = client.cookie!.split('=')[1]!;
    await client.post('/api/payment-methods', {
      type: 'bogus',
      name: '4111111111111111',
      number: '4111111111111111',
      cvv: '123',
    });
    await client.post('/api/auth/login', { email: 'logs@example.test', password: 'wrong-password-123' });
    await client.get('/api/payments?filter=%7B%22q%22%3A%224242424242424242%22%7D');

    const output = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(output).toContain('"url":"/api/auth/login"');
    // The list request is logged, its card number (in the URL's query, percent-encoded) masked.
    const listLine = lines.find((line) => line.includes('"url":"/api/payments?'));
    expect(listLine).toBeDefined();
    expect(listLine).toContain('4242');
    for (const secret of [
      TEST_PASSWORD,
      'wrong-password-123',
      cookie,
      login.body.csrf_token,
      '4111111111111111',
      '4242424242424242',
      '"123"',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});

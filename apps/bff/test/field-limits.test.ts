import { DESCRIPTION_MAX, EMAIL_MAX, FULL_NAME_MAX, NAME_MAX, PRODUCT_NAME_MAX } from '@paydesk/contract/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/** An email address of exactly `length` characters. */
const emailOf = (length: number) => `${'a'.repeat(length - '@example.test'.length)}@example.test`;

/**
 * The length limits the console's forms check before sending (packages/contract/src/rules.ts) are the BFF's:
 * a field at its limit is taken, one character more is refused on that field, and nothing is written.
 */
describe(`text fields' length limits (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
  });
  afterAll(() => app.close());

  const cases: { path: string; field: string; max: number; body: (value: string, n: number) => object }[] = [
    { path: '/api/payment-methods', field: 'name', max: NAME_MAX, body: (name) => ({ type: 'check', name }) },
    {
      path: '/api/payment-methods',
      field: 'description',
      max: DESCRIPTION_MAX,
      body: (description, n) => ({ type: 'check', name: `Check ${n}`, description }),
    },
    { path: '/api/refund-reasons', field: 'name', max: NAME_MAX, body: (name, n) => ({ name, code: `code_${n}` }) },
    { path: '/api/api-keys', field: 'name', max: NAME_MAX, body: (name) => ({ name }) },
    {
      path: '/api/products',
      field: 'name',
      max: PRODUCT_NAME_MAX,
      body: (name) => ({ name, price: '4.99', currency: 'USD' }),
    },
    {
      path: '/api/staff-users',
      field: 'full_name',
      max: FULL_NAME_MAX,
      body: (full_name, n) => ({
        full_name,
        email: `limit${n}@example.test`,
        role: 'viewer',
        password: 'a long enough password',
      }),
    },
  ];

  let made = 0;
  it.each(cases)('$path takes a $field of $max characters and refuses one more', async ({ path, field, max, body }) => {
    const before = (await admin.get(path)).headers.get('content-range');
    const refused = await admin.post(path, body('x'.repeat(max + 1), ++made));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('InvalidArgument');
    expect(Object.keys(refused.body.message)).toEqual([field]);
    expect((await admin.get(path)).headers.get('content-range')).toBe(before);

    const taken = await admin.post(path, body('x'.repeat(max), ++made));
    expect(taken.status).toBe(201);
    expect(taken.body[field]).toBe('x'.repeat(max));
  });

  it('takes a staff email of the longest length and refuses one more', async () => {
    const account = { full_name: 'Long Email', role: 'viewer', password: 'a long enough password' };
    const refused = await admin.post('/api/staff-users', { ...account, email: emailOf(EMAIL_MAX + 1) });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.message)).toEqual(['email']);
    const taken = await admin.post('/api/staff-users', { ...account, email: emailOf(EMAIL_MAX) });
    expect(taken.status).toBe(201);
    expect(taken.body.email).toBe(emailOf(EMAIL_MAX));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { UNREACHABLE_OPERATOR, givenPaymentMethod } from './fixtures.ts';
import { expectMatchesContract } from './contract.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

describe(`POST /api/v1/transactions (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let store: ApiClient;
  let key: string;
  let productId: number;
  let jpyProductId: number;

  const valid = (overrides: Record<string, unknown> = {}) => ({
    price: '4.99',
    currency: 'USD',
    pay_method: 'CARD',
    product_id: productId,
    carrier: 'TMOBILE',
    region: 310,
    callback_url: 'https://shop.example.com/paydesk/callback',
    card: { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' },
    ...overrides,
  });

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    await givenPaymentMethod(app.db, { name: 'Card', auto_capture: true });
    await givenPaymentMethod(app.db, {
      type: 'carrier',
      name: 'Carrier billing',
      auto_capture: true,
      preferences: UNREACHABLE_OPERATOR,
    });
    const created = await admin.post('/api/api-keys', { name: 'Web shop' });
    expect(created.status).toBe(201);
    key = created.body.key;
    productId = (await admin.post('/api/products', { name: 'Game', price: '4.99', currency: 'USD' })).body.id;
    jpyProductId = (await admin.post('/api/products', { name: 'Stickers', price: '120', currency: 'JPY' })).body.id;
    store = app.client();
  });
  afterAll(() => app.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    store.post('/api/v1/transactions', body, { authorization: `Bearer ${key}`, ...headers });

  /** The transaction once processing has moved it past `started`. */
  async function settled(token: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const read = await store.get(`/api/v1/transactions/${token}`, { authorization: `Bearer ${key}` });
      if (read.body.status !== 'started' || Date.now() > deadline) return read.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('needs a valid API key', async () => {
    expect((await store.post('/api/v1/transactions', valid())).status).toBe(401);
    const wrong = await store.post('/api/v1/transactions', valid(), { authorization: 'Bearer pdk_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('Unauthenticated');
  });

  it('shows a new key once, stores it hashed, and revokes it', async () => {
    const created = await admin.post('/api/api-keys', { name: 'Revoke me' });
    expectMatchesContract('POST', '/api/api-keys', created.status, created.body);
    expect(created.body.key).toMatch(/^pdk_/);
    expect(created.body.secret).toMatch(/^whsec_/);
    const read = await admin.get(`/api/api-keys/${created.body.id}`);
    expectMatchesContract('GET', `/api/api-keys/${created.body.id}`, read.status, read.body);
    const listed = await admin.list('api-keys');
    expectMatchesContract('GET', '/api/api-keys', listed.status, listed.body);
    expect(read.body).not.toHaveProperty('key');
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body).not.toHaveProperty('key_hash');
    const stored = await app.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.body.key);
    const revoked = await admin.delete(`/api/api-keys/${created.body.id}`);
    expectMatchesContract('DELETE', `/api/api-keys/${created.body.id}`, revoked.status, revoked.body);
    expect(revoked.body.revoked_at).not.toBeNull();
    expect(
      (await store.post('/api/v1/transactions', valid(), { authorization: `Bearer ${created.body.key}` })).status,
    ).toBe(401);
    const operator = await app.signedIn('operator');
    expect((await operator.post('/api/api-keys', { name: 'Not mine to make' })).status).toBe(403);
  });

  it.each([
    ['price', { price: undefined }, 'This field is required.'],
    ['currency', { currency: undefined }, 'This field is required.'],
    ['pay_method', { pay_method: undefined }, 'This field is required.'],
    ['product_id', { product_id: undefined }, 'This field is required.'],
    ['carrier', { carrier: undefined }, 'This field is required.'],
    ['region', { region: undefined }, 'This field is required.'],
    ['callback_url', { callback_url: undefined }, 'This field is required.'],
    ['price', { price: 4.99 }, 'Send the price as a decimal string, such as "0.99".'],
    ['price', { price: '4.999' }, 'USD amounts have at most 2 decimal places.'],
    ['price', { price: '5.99' }, 'The product costs 4.99 USD.'],
    ['currency', { currency: 'EUR', price: '4.99' }, 'The product is sold in USD.'],
    ['currency', { currency: 'XYZ' }, 'Must be an ISO 4217 currency code, such as "EUR".'],
    ['pay_method', { pay_method: 'CASH' }, 'Must be CARD or OPERATOR.'],
    ['product_id', { product_id: 999999 }, 'No such product on sale.'],
    ['region', { region: 42 }, 'Must be a mobile country code (200–799).'],
    ['callback_url', { callback_url: 'ftp://shop.example.com/x' }, 'Must be an http(s) URL.'],
    [
      'callback_url',
      { callback_url: 'http://127.0.0.1:8080/hook' },
      'Must not point at a loopback or private address.',
    ],
    ['callback_url', { callback_url: 'http://10.1.2.3/hook' }, 'Must not point at a loopback or private address.'],
    ['card', { card: undefined }, 'This field is required for CARD payments.'],
    ['card', { pay_method: 'OPERATOR' }, 'Only CARD payments carry a card.'],
    [
      'card.number',
      { card: { number: '4111111111111112', exp_month: 12, exp_year: 2031, cvv: '123' } },
      'Is not a valid card number.',
    ],
    [
      'card.exp_year',
      { card: { number: '4111111111111111', exp_month: 1, exp_year: 2020, cvv: '123' } },
      'The card has expired.',
    ],
    [
      'card.cvv',
      { card: { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '12' } },
      'Must be 3 or 4 digits.',
    ],
  ])('refuses a bad %s: %j', async (field, overrides, message) => {
    const before = await app.db.selectFrom('payments').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const response = await post(valid(overrides));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('InvalidArgument');
    expect(response.body.message[field]).toBe(message);
    expect(JSON.stringify(response.body)).not.toMatch(/4111111111111112|4111111111111111/);
    const after = await app.db.selectFrom('payments').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('takes a card payment: 201 with the transaction, the card kept only as brand, last four and expiry', async () => {
    const response = await post(valid());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'started',
      price: '4.99',
      currency: 'USD',
      pay_method: 'CARD',
      carrier: 'TMOBILE',
      region: 310,
      product_id: productId,
      resource_pk: expect.stringMatching(/^\d+$/),
    });
    expect(response.body.token).toMatch(/^[0-9a-f]{64}$/);
    expect(response.body.resource_uri).toBe(`/api/v1/transactions/${response.body.resource_pk}`);
    await settled(response.body.token);

    const payment = await app.db
      .selectFrom('transactions')
      .innerJoin('payments', 'payments.id', 'transactions.payment_id')
      .selectAll('payments')
      .where('token', '=', response.body.token)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({
      card_brand: 'visa',
      card_last4: '1111',
      card_exp_month: 12,
      card_exp_year: 2031,
      status: 'confirmed',
    });
    const everything = await sql<{ dump: string }>`
      SELECT (SELECT coalesce(json_agg(p), '[]')::text FROM payments p) || (SELECT coalesce(json_agg(l), '[]')::text FROM log_entries l)
          || (SELECT coalesce(json_agg(t), '[]')::text FROM transactions t) AS dump`.execute(app.db);
    expect(everything.rows[0]!.dump).not.toContain('4111111111111111');
    expect(everything.rows[0]!.dump).not.toMatch(/"cvv"/);

    const read = await store.get(`/api/v1/transactions/${response.body.token}`, { authorization: `Bearer ${key}` });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ token: response.body.token, status: 'completed', payment_status: 'confirmed' });
    const otherKey = (await admin.post('/api/api-keys', { name: 'Other shop' })).body.key;
    expect(
      (await store.get(`/api/v1/transactions/${response.body.token}`, { authorization: `Bearer ${otherKey}` })).status,
    ).toBe(404);
  });

  it('follows the method’s auto-capture setting, and the gateway’s answer', async () => {
    const authorizeOnly = await givenPaymentMethod(app.db, { name: 'Authorize only', auto_capture: false });
    await admin.put('/api/settings/store_default_payment_method_for_cards', { value: authorizeOnly.id });
    expect((await settled((await post(valid({ carrier: 'A' }))).body.token)).payment_status).toBe('preauth');
    const declined = await post(
      valid({ carrier: 'B', card: { number: '4000000000000002', exp_month: 12, exp_year: 2031, cvv: '123' } }),
    );
    expect(declined.status).toBe(201);
    expect(await settled(declined.body.token)).toMatchObject({ status: 'failed', payment_status: 'rejected' });
    const review = await post(
      valid({ carrier: 'C', card: { number: '4000000000009235', exp_month: 12, exp_year: 2031, cvv: '123' } }),
    );
    expect(await settled(review.body.token)).toMatchObject({
      status: 'authorized',
      payment_status: 'preauth',
      fraud_status: 'review',
    });
    await admin.put('/api/settings/store_default_payment_method_for_cards', { value: null });
  });

  it('takes operator billing without a card', async () => {
    const response = await post(
      valid({
        pay_method: 'OPERATOR',
        card: undefined,
        product_id: jpyProductId,
        price: '120',
        currency: 'JPY',
        region: 440,
      }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'started', price: '120', currency: 'JPY', pay_method: 'OPERATOR' });
  });

  it('replays an Idempotency-Key, refuses it for another body, and takes the same body again without a key', async () => {
    const body = valid({ carrier: 'IDEMPOTENT' });
    const first = await post(body, { 'idempotency-key': 'order-42' });
    const again = await post(body, { 'idempotency-key': 'order-42' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.token).toBe(first.body.token);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const payments = await app.db.selectFrom('transactions').select('id').where('carrier', '=', 'IDEMPOTENT').execute();
    expect(payments).toHaveLength(1);

    const other = await post(valid({ carrier: 'OTHER' }), { 'idempotency-key': 'order-42' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IdempotencyKeyReused');

    // Without a key, the same body is another buyer's purchase (an OPERATOR request identifies nobody).
    const dup = valid({ carrier: 'DUPLICATE' });
    expect((await post(dup)).status).toBe(201);
    expect((await post(dup)).status).toBe(201);
    expect(
      await app.db.selectFrom('transactions').select('id').where('carrier', '=', 'DUPLICATE').execute(),
    ).toHaveLength(2);
  });

  it('lists products for staff and refuses a bad price', async () => {
    const jpy = await admin.list('products', { filter: { currency: 'JPY' } });
    expectMatchesContract('GET', '/api/products', jpy.status, jpy.body);
    expect(jpy.body.map((p: { price: string }) => p.price)).toEqual(['120']);
    const one = await admin.get(`/api/products/${jpyProductId}`);
    expectMatchesContract('GET', `/api/products/${jpyProductId}`, one.status, one.body);
    const made = await admin.post('/api/products', { name: 'Ticket', price: '2.50', currency: 'usd' });
    expectMatchesContract('POST', '/api/products', made.status, made.body);
    expect(made.body).toMatchObject({ price: '2.50', currency: 'USD', active: true });
    const changed = await admin.put(`/api/products/${made.body.id}`, { name: 'Ticket', price: '3', currency: 'USD' });
    expectMatchesContract('PUT', `/api/products/${made.body.id}`, changed.status, changed.body);
    expect(changed.body.price).toBe('3.00');
    const deleted = await admin.delete(`/api/products/${made.body.id}`);
    expectMatchesContract('DELETE', `/api/products/${made.body.id}`, deleted.status, deleted.body);
    expect((await admin.post('/api/products', { name: 'X', price: '-1', currency: 'USD' })).status).toBe(400);
    expect((await admin.post('/api/products', { name: 'X', price: '1.234', currency: 'USD' })).body.message).toEqual({
      price: 'USD amounts have at most 2 decimal places.',
    });
    expect((await admin.post('/api/products', { name: 'X', price: '12345678901234567', currency: 'USD' })).status).toBe(
      400,
    );
    expect((await admin.delete(`/api/products/${productId}`)).status).toBe(409);
  });
});

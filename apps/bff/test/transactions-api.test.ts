import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesContract } from './contract.ts';
import { UNREACHABLE_OPERATOR, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/** The transactions API as the carrier-billing seed describes it, tried as a storefront developer would. */
describe(`/api/v1/transactions, the seed's API (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let store: ApiClient;
  let key: string;
  let otherKey: string;
  let productId: number;

  const card = { number: '4111111111111111', exp_month: 12, exp_year: 2031, cvv: '123' };
  const valid = (overrides: Record<string, unknown> = {}) => ({
    price: '0.99',
    currency: 'EUR',
    pay_method: 'CARD',
    product_id: productId,
    carrier: 'TMOBILE',
    region: 262,
    callback_url: 'https://shop.example.com/paydesk/callback',
    card,
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
    key = (await admin.post('/api/api-keys', { name: 'Web shop' })).body.key;
    otherKey = (await admin.post('/api/api-keys', { name: 'Another shop' })).body.key;
    productId = (await admin.post('/api/products', { name: 'Ringtone', price: '0.99', currency: 'EUR' })).body.id;
    store = app.client();
  }, 180_000);
  afterAll(() => app.close());

  const as = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });
  // Every answer of these tests is checked against the published contract too.
  const post = async (body: unknown, headers: Record<string, string> = {}, apiKey = key) => {
    const response = await store.post('/api/v1/transactions', body, { ...as(apiKey), ...headers });
    expectMatchesContract('POST', '/api/v1/transactions', response.status, response.body);
    return response;
  };
  const get = async (path: string, apiKey = key) => {
    const response = await store.get(path, as(apiKey));
    expectMatchesContract('GET', path, response.status, response.body);
    return response;
  };
  const paymentCount = async () =>
    Number((await app.db.selectFrom('payments').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  /** The transaction once processing has moved it past `started`. */
  async function settled(uri: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const read = await get(uri);
      if (read.body.status !== 'started' || Date.now() > deadline) return read;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('answers 201 with status "started" and the seed’s fields; resource_uri is the resource_pk', async () => {
    const response = await post(valid({ pay_method: 'OPERATOR', card: undefined, carrier: 'VODAFONE' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'started',
      price: '0.99',
      currency: 'EUR',
      pay_method: 'OPERATOR',
      carrier: 'VODAFONE',
      region: 262,
      product_id: productId,
    });
    expect(Object.keys(response.body)).toEqual(
      expect.arrayContaining([
        'status',
        'token',
        'price',
        'currency',
        'pay_method',
        'carrier',
        'region',
        'product_id',
        'resource_pk',
        'resource_uri',
      ]),
    );
    expect(response.body.resource_pk).toMatch(/^\d+$/);
    expect(response.body.resource_uri).toBe(`/api/v1/transactions/${response.body.resource_pk}`);
    expect(response.headers.get('location')).toBe(response.body.resource_uri);
  });

  it('reads a transaction by its resource_uri and by its token, for the key that made it only', async () => {
    const created = (await post(valid())).body;
    const byPk = await settled(created.resource_uri);
    expect(byPk.status).toBe(200);
    expect(byPk.body).toMatchObject({ token: created.token, resource_pk: created.resource_pk, status: 'completed' });
    const byToken = await get(`/api/v1/transactions/${created.token}`);
    expect(byToken.body).toEqual(byPk.body);

    for (const path of [created.resource_uri, `/api/v1/transactions/${created.token}`]) {
      const other = await get(path, otherKey);
      expect(other.status).toBe(404);
      expect(other.body).toEqual({ code: 'NotFound', message: 'No such transaction.' });
    }
    for (const ref of ['999999', '0', '99999999999', 'abc', `${created.token}x`]) {
      expect((await get(`/api/v1/transactions/${ref}`)).status, ref).toBe(404);
    }
  });

  it('maps the payment’s status to the transaction’s: a declined card is "failed"', async () => {
    const declined = await post(valid({ card: { ...card, number: '4000000000000002' } }));
    expect(declined.body.status).toBe('started');
    expect((await settled(declined.body.resource_uri)).body).toMatchObject({
      status: 'failed',
      payment_status: 'rejected',
    });
  });

  it('lets two buyers buy the same product on the same carrier and region: two transactions, no 409', async () => {
    const before = await paymentCount();
    const body = valid({ pay_method: 'OPERATOR', card: undefined, carrier: 'ORANGE', region: 208 });
    const first = await post(body);
    const second = await post(body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.token).not.toBe(first.body.token);
    expect(await paymentCount()).toBe(before + 2);
  });

  it('refuses a repeated external_id (409, unique per API key) and nothing else', async () => {
    const first = await post(valid({ external_id: 'order-7001' }));
    expect(first.status).toBe(201);
    expect(first.body.external_id).toBe('order-7001');
    const before = await paymentCount();
    const repeated = await post(valid({ external_id: 'order-7001', carrier: 'SOMETHING ELSE' }));
    expect(repeated.status).toBe(409);
    expect(repeated.body.code).toBe('Conflict');
    expect(repeated.body.message).toContain(first.body.resource_uri);
    expect(await paymentCount()).toBe(before);
    // Another storefront's references are its own.
    expect((await post(valid({ external_id: 'order-7001' }), {}, otherKey)).status).toBe(201);
    expect((await post(valid({ external_id: 'order-7002' }))).status).toBe(201);
    expect((await post(valid({ external_id: '' }))).body.message).toEqual({
      external_id: 'Must be 1 to 255 characters.',
    });
    expect((await post(valid({ external_id: 42 }))).body.message).toEqual({
      external_id: 'Must be a string: your own reference for this transaction.',
    });
  });

  it('replays an Idempotency-Key (the first answer again) and refuses it for another body (409)', async () => {
    const body = valid({ carrier: 'REPLAY' });
    const first = await post(body, { 'idempotency-key': 'checkout-1' });
    const again = await post(body, { 'idempotency-key': 'checkout-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await post(valid({ carrier: 'NOT THE SAME' }), { 'idempotency-key': 'checkout-1' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IdempotencyKeyReused');
  });

  it('asks for the price as a decimal string, and says so for a JSON number', async () => {
    const response = await post(valid({ price: 0.99 }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'InvalidArgument',
      message: { price: 'Send the price as a decimal string, such as "0.99".' },
    });
  });

  describe('GET /api/v1/transactions', () => {
    let listKey: string;
    const made: { resource_pk: string; token: string }[] = [];

    beforeAll(async () => {
      listKey = (await admin.post('/api/api-keys', { name: 'Lister' })).body.key;
      for (let i = 0; i < 5; i++) {
        const declined = i === 2;
        const body = valid({
          carrier: `LIST-${i}`,
          ...(declined ? { card: { ...card, number: '4000000000000002' } } : {}),
        });
        const created = await post(body, {}, listKey);
        expect(created.status).toBe(201);
        made.push(created.body);
        await settled(created.body.resource_uri).then(() => undefined);
      }
      // Spread their creation times: one a day, the oldest four days ago.
      for (const [i, t] of made.entries()) {
        await app.db
          .updateTable('transactions')
          .set({ created_at: new Date(Date.UTC(2026, 10, 20 + i, 12)) })
          .where('id', '=', Number(t.resource_pk))
          .execute();
      }
    });

    const list = (query = '', apiKey = listKey) => get(`/api/v1/transactions${query}`, apiKey);

    it('lists the key’s own transactions, newest first, each in the POST’s shape', async () => {
      const response = await list();
      expect(response.status).toBe(200);
      expect(response.body.meta).toEqual({ limit: 20, offset: 0, total_count: 5, next: null, previous: null });
      expect(response.body.objects.map((t: { resource_pk: string }) => t.resource_pk)).toEqual(
        made.map((t) => t.resource_pk).reverse(),
      );
      const one = await get(`/api/v1/transactions/${made[4]!.resource_pk}`, listKey);
      expect(response.body.objects[0]).toEqual(one.body);
      expect((await list('', key)).body.objects.map((t: { carrier: string }) => t.carrier)).not.toContain('LIST-0');
    });

    it('pages with limit and offset, with links to the next and previous pages', async () => {
      const first = await list('?limit=2');
      expect(first.body.meta).toMatchObject({ limit: 2, offset: 0, total_count: 5, previous: null });
      expect(first.body.meta.next).toBe('/api/v1/transactions?limit=2&offset=2');
      const second = await get(first.body.meta.next, listKey);
      expect(second.body.objects.map((t: { carrier: string }) => t.carrier)).toEqual(['LIST-2', 'LIST-1']);
      expect(second.body.meta.previous).toBe('/api/v1/transactions?limit=2&offset=0');
      const last = await list('?limit=2&offset=4');
      expect(last.body.objects.map((t: { carrier: string }) => t.carrier)).toEqual(['LIST-0']);
      expect(last.body.meta.next).toBeNull();
    });

    it('filters by status and by creation time, and keeps the filters in its links', async () => {
      const failed = await list('?status=failed');
      expect(failed.body.objects.map((t: { carrier: string }) => t.carrier)).toEqual(['LIST-2']);
      const both = await list('?status=completed,failed&limit=1');
      expect(both.body.meta.total_count).toBe(5);
      expect(both.body.meta.next).toBe('/api/v1/transactions?limit=1&offset=1&status=completed%2Cfailed');
      const window = await list('?created__gte=2026-11-21T00:00:00Z&created__lte=2026-11-23');
      expect(window.body.objects.map((t: { carrier: string }) => t.carrier)).toEqual(['LIST-2', 'LIST-1']);
      expect((await list('?status=pending')).body).toMatchObject({ meta: { total_count: 0 }, objects: [] });
    });

    it.each([
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?offset=-1', 'offset'],
      ['?status=confirmed', 'status'],
      ['?created__gte=yesterday', 'created__gte'],
      ['?created__lte=2026-13-45', 'created__lte'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('InvalidArgument');
      expect(Object.keys(response.body.message)).toEqual([field]);
    });

    it('refuses an unknown parameter and a repeated one', async () => {
      expect((await list('?sort=price')).status).toBe(400);
      expect((await list('?limit=1&limit=2')).status).toBe(400);
    });
  });

  describe('errors never speak of staff sessions', () => {
    const sessionWords = /session|sign in|csrf/i;

    it.each([
      ['GET', '/api/v1/transactions'],
      ['GET', '/api/v1/transactions/1'],
      ['POST', '/api/v1/transactions'],
      ['GET', '/api/v1/nothing-here'],
    ])('%s %s without an API key: 401 about the API key', async (method, path) => {
      const response = await store.request(method, path, method === 'POST' ? valid() : undefined);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        code: 'Unauthenticated',
        message: 'Send a valid API key: Authorization: Bearer <key>.',
      });
    });

    it('an unknown intake path with a valid key is the intake API’s 404', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/nothing-here'],
        ['POST', '/api/v1/transactions/1/refund'],
        ['DELETE', '/api/v1/transactions/1'],
      ] as const) {
        const response = await store.request(method, path, method === 'POST' ? {} : undefined, as(key));
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body.message).not.toMatch(sessionWords);
      }
    });

    it('malformed JSON is a 400 in the contract’s format', async () => {
      const response = await store.request('POST', '/api/v1/transactions', '{"price": ', {
        ...as(key),
        'content-type': 'application/json',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ code: 'InvalidArgument', message: 'The request body is not valid JSON.' });
    });
  });

  describe('twenty identical requests at once make one payment', () => {
    it('with one Idempotency-Key: one payment, every answer the same transaction', async () => {
      const before = await paymentCount();
      const body = valid({ carrier: 'RACE-KEY' });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post(body, { 'idempotency-key': 'race-checkout-1' })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.body.token)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect(await paymentCount()).toBe(before + 1);
      const rows = await app.db.selectFrom('transactions').select('id').where('carrier', '=', 'RACE-KEY').execute();
      expect(rows).toHaveLength(1);
      const charged = await app.db
        .selectFrom('log_entries')
        .innerJoin('transactions', 'transactions.payment_id', 'log_entries.payment_id')
        .select(sql<string>`count(*)`.as('n'))
        .where('transactions.carrier', '=', 'RACE-KEY')
        .where('log_entries.action', 'in', ['purchase', 'authorize'])
        .executeTakeFirstOrThrow();
      expect(Number(charged.n)).toBe(1);
    });

    it('with one external_id (and no key, or twenty keys): one payment, one 201 and nineteen 409s', async () => {
      for (const [round, withKeys] of [
        [1, false],
        [2, true],
      ] as const) {
        const before = await paymentCount();
        const body = valid({ carrier: `RACE-REF-${round}`, external_id: `race-order-${round}` });
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => post(body, withKeys ? { 'idempotency-key': `race-${round}-${i}` } : {})),
        );
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([201, ...Array(19).fill(409)]);
        for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.code).toBe('Conflict');
        expect(await paymentCount()).toBe(before + 1);
      }
    });
  });
});

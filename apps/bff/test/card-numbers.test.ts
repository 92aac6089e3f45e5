import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { type ApiClient, startTestApp, TEST_DB, type TestApp } from './harness.ts';

/** Luhn-valid test numbers, typed the ways people type them. */
const PANS = ['4111111111111111', '5500-0000-0000-0004', '4012 8888 8888 1881', '378282246310005'];
/** 16 digits that fail the Luhn check: an order or reference number, which must be kept as typed. */
const ORDER_LIKE = '1234567812345678';

/** A card number found anywhere in a text, whatever separators were used. */
function findPan(text: string): string | undefined {
  return PANS.find((pan) => new RegExp(pan.replace(/\D/g, '').split('').join('[ -]?')).test(text));
}

describe(`card numbers are never stored or logged (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp({ logger: createLogger('info', sink) });
    admin = await app.signedIn('admin');
  });
  afterAll(() => app.close());

  it('keeps each log line’s time readable: an ISO time, never 13 digits a Luhn check could take for a card', async () => {
    await admin.get('/api/payments');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line).time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  /** Every text, varchar and json(b) column of every table, as one text per table and column. */
  async function everyStoredText(): Promise<{ where: string; text: string }[]> {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')
    `.execute(app.db);
    const texts = [];
    for (const { table_name, column_name } of columns.rows) {
      const result = await sql<{ text: string | null }>`
        SELECT string_agg(${sql.ref(column_name)}::text, ' | ') AS text FROM ${sql.table(table_name)}
      `.execute(app.db);
      texts.push({ where: `${table_name}.${column_name}`, text: result.rows[0]?.text ?? '' });
    }
    return texts;
  }

  it('masks card numbers typed anywhere, in every table and every log line, and keeps other numbers', async () => {
    const [visa, mastercard, visa2, amex] = PANS as [string, string, string, string];
    const method = await givenPaymentMethod(app.db, { name: 'Card', auto_capture: false });
    const reason = await givenRefundReason(app.db);

    // Staff-typed names, descriptions and notes.
    expect((await admin.post('/api/refund-reasons', { code: 'card', name: `Card ${visa} typed here` })).status).toBe(
      201,
    );
    const product = await admin.post('/api/products', {
      name: `Game ${mastercard}, order ${ORDER_LIKE}`,
      price: '4.99',
      currency: 'USD',
    });
    expect(product.status).toBe(201);
    const created = await admin.post('/api/api-keys', { name: `Shop of ${amex}` });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('378282246310005');
    const staff = await admin.post('/api/staff-users', {
      email: 'card@example.test',
      full_name: `Pat ${visa}`,
      role: 'viewer',
      password: 'a long enough password',
    });
    expect(staff.status).toBe(201);
    const { payment } = await givenPayment(app.db, method, { status: 'preauth', fraud_status: 'review' });
    const decision = await admin.post(`/api/payments/${payment.id}/fraud-decision`, {
      decision: 'accept',
      note: `Customer read out ${mastercard} cvv 123 on the phone`,
    });
    expect(decision.status).toBe(200);
    const refunded = await givenPayment(app.db, method, {
      status: 'confirmed',
      captured_amount: '120.00',
    });
    await admin.post(`/api/payments/${refunded.payment.id}/refund`, {
      amount: '1.00',
      reason_id: reason.id,
      note: `refund to ${visa2}`,
    });

    // The intake API: carrier, a callback URL's query, the card itself.
    const store = app.client();
    const sale = await store.post(
      '/api/v1/transactions',
      {
        price: '4.99',
        currency: 'USD',
        pay_method: 'CARD',
        product_id: product.body.id,
        carrier: `T ${visa}`,
        region: 310,
        callback_url: `https://shop.example.com/paydesk/callback?card=${visa}&order=${ORDER_LIKE}`,
        card: { number: visa, exp_month: 12, exp_year: 2031, cvv: '123' },
      },
      { authorization: `Bearer ${created.body.key}` },
    );
    expect(sale.status).toBe(201);

    // URL paths and queries, which end in audit events (record ids), error messages and request logs.
    const inPath = await admin.post(`/api/payments/${visa}/capture`, {});
    expect(inPath.status).toBe(404);
    expect(findPan(JSON.stringify(inPath.body))).toBeUndefined();
    const dashed = await admin.get(`/api/orders/${encodeURIComponent(mastercard)}`);
    expect(dashed.status).toBe(404);
    const sorted = await admin.list('payments', { sort: [visa, 'ASC'] });
    expect(sorted.status).toBe(400);
    expect(findPan(JSON.stringify(sorted.body))).toBeUndefined();
    expect((await admin.list('orders', { filter: { q: visa2 } })).status).toBe(200);
    const viewer = await app.signedIn('viewer');
    expect((await viewer.post(`/api/payments/${visa}/capture`, {})).status).toBe(403);
    expect((await admin.get(`/api/unknown/${amex}?pan=${visa}`)).status).toBe(404);

    const stored = await everyStoredText();
    const leaks = stored
      .filter(({ text }) => findPan(text))
      .map(({ where, text }) => `${where}: ${text.slice(0, 200)}`);
    expect(leaks).toEqual([]);
    const kept = stored.filter(({ text }) => text.includes(ORDER_LIKE)).map(({ where }) => where);
    expect(kept).toEqual(expect.arrayContaining(['products.name', 'transactions.callback_url']));
    expect(stored.some(({ text }) => text.includes('[card ****1111]'))).toBe(true);

    const logged = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(findPan(logged)).toBeUndefined();
    expect(logged).toContain('/api/payments/[card ****1111]/capture');
    for (const line of lines) JSON.parse(line);
  });

  it('refuses an Idempotency-Key or external_id holding a card number (400): it could not be kept as sent', async () => {
    const [visa, , , amex] = PANS as [string, string, string, string];
    const method = await givenPaymentMethod(app.db, { name: 'Keyed card', auto_capture: false });
    const { payment } = await givenPayment(app.db, method, { status: 'preauth' });
    const keysBefore = await count('idempotency_keys');

    const capture = await admin.post(`/api/payments/${payment.id}/capture`, {}, { 'idempotency-key': `cap-${visa}` });
    expect(capture.status).toBe(400);
    expect(capture.body).toMatchObject({ code: 'InvalidArgument', message: { 'Idempotency-Key': expect.any(String) } });
    expect(findPan(JSON.stringify(capture.body))).toBeUndefined();
    const after = await app.db.selectFrom('payments').select('status').where('id', '=', payment.id).executeTakeFirst();
    expect(after?.status).toBe('preauth');
    expect(await count('idempotency_keys')).toBe(keysBefore);
    // The same command under a key with digits that are no card number runs.
    const fine = await admin.post(
      `/api/payments/${payment.id}/capture`,
      {},
      { 'idempotency-key': `cap-${ORDER_LIKE}` },
    );
    expect(fine.status).toBe(200);

    const product = await admin.post('/api/products', { name: 'Keyed game', price: '2.00', currency: 'USD' });
    const key = await admin.post('/api/api-keys', { name: 'Keyed shop' });
    const sale = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
      app.client().post(
        '/api/v1/transactions',
        {
          price: '2.00',
          currency: 'USD',
          pay_method: 'CARD',
          product_id: product.body.id,
          carrier: 'T-Mobile',
          region: 310,
          callback_url: 'https://shop.example.com/paydesk/callback',
          card: { number: visa, exp_month: 12, exp_year: 2031, cvv: '123' },
          ...extra,
        },
        { authorization: `Bearer ${key.body.key}`, ...headers },
      );
    const transactionsBefore = await count('transactions');
    const byKey = await sale({}, { 'idempotency-key': `order-${amex}` });
    expect(byKey.status).toBe(400);
    expect(byKey.body.message).toHaveProperty('Idempotency-Key');
    const byReference = await sale({ external_id: `ref ${visa}` });
    expect(byReference.status).toBe(400);
    expect(Object.keys(byReference.body.message)).toEqual(['external_id']);
    for (const answer of [byKey, byReference]) expect(findPan(JSON.stringify(answer.body))).toBeUndefined();
    expect(await count('transactions')).toBe(transactionsBefore);
    const accepted = await sale({ external_id: `ref ${ORDER_LIKE}` }, { 'idempotency-key': `order-${ORDER_LIKE}` });
    expect(accepted.body).toMatchObject({ external_id: `ref ${ORDER_LIKE}` });
    expect(accepted.status).toBe(201);
  });

  async function count(table: 'idempotency_keys' | 'transactions'): Promise<number> {
    const row = await app.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
});

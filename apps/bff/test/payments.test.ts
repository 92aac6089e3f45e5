import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

describe(`GET /api/payments (${TEST_DB})`, () => {
  let app: TestApp;
  let staff: ApiClient;
  let card: PaymentMethodRow;
  let check: PaymentMethodRow;
  const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('viewer');
    card = await givenPaymentMethod(app.db, { name: 'Credit card' });
    check = await givenPaymentMethod(app.db, { type: 'check', name: 'Check', auto_capture: null });
    await givenPayment(app.db, card, {
      status: 'confirmed',
      total: '91.00',
      captured_amount: '91',
      created_at: day(1),
      billing_email: 'grace@example.com',
      billing_first_name: 'Grace',
      billing_last_name: 'Hopper',
      card_last4: '1111',
    });
    await givenPayment(app.db, card, {
      status: 'preauth',
      total: '250.50',
      created_at: day(2),
      fraud_status: 'review',
      transaction_id: 'ch_3PqLmK2eZvKYlo2C1xYz',
    });
    await givenPayment(app.db, card, { status: 'rejected', currency: 'JPY', total: '5000', created_at: day(3) });
    await givenPayment(app.db, check, {
      status: 'confirmed',
      currency: 'EUR',
      total: '12.30',
      captured_amount: '12.30',
      refunded_amount: '2.30',
      created_at: day(4),
      card_last4: null,
    });
    await givenPayment(app.db, card, {
      status: 'refunded',
      currency: 'GBP',
      total: '40.00',
      captured_amount: '40',
      refunded_amount: '40',
      created_at: day(5),
    });
  });
  afterAll(() => app.close());

  it('lists newest first with a Content-Range and amounts in exact minor units', async () => {
    const response = await staff.list('payments');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-range')).toBe('payments 0-4/5');
    expect(response.body.map((p: { created_at: string }) => p.created_at)).toEqual(
      [day(5), day(4), day(3), day(2), day(1)].map((d) => d.toISOString()),
    );
    const [gbp, eur, jpy, , usd] = response.body;
    expect(usd).toMatchObject({
      total: '91.00',
      captured_amount: '91.00',
      refunded_amount: '0.00',
      refundable_amount: '91.00',
      currency: 'USD',
    });
    expect(jpy).toMatchObject({ total: '5000', captured_amount: '0', currency: 'JPY' });
    expect(eur).toMatchObject({ total: '12.30', refunded_amount: '2.30', refundable_amount: '10.00' });
    expect(gbp.refundable_amount).toBe('0.00');
    expect(usd.order_number).toMatch(/^R\d{9}$/);
    expect(usd.identifier).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });

  it('pages with range', async () => {
    const response = await staff.list('payments', { range: [1, 2], sort: ['created_at', 'ASC'] });
    expect(response.headers.get('content-range')).toBe('payments 1-2/5');
    expect(response.body.map((p: { created_at: string }) => p.created_at)).toEqual([
      day(2).toISOString(),
      day(3).toISOString(),
    ]);
  });

  it.each([
    [{ status: 'confirmed' }, ['EUR', 'USD']],
    [{ status: ['preauth', 'rejected'] }, ['JPY', 'USD']],
    [{ fraud_status: 'review' }, ['USD']],
    [{ currency: 'JPY' }, ['JPY']],
    [{ created_at_gte: '2026-11-02', created_at_lte: '2026-11-04' }, ['EUR', 'JPY', 'USD']],
    [{ currency: 'USD', total_gte: '40', total_lte: '250.50' }, ['USD', 'USD']],
    [{ currency: 'GBP', total_gte: '40', total_lte: '250.50' }, ['GBP']],
    [{ currency: 'JPY', total_gte: '800' }, ['JPY']],
    [{ q: 'GRACE@' }, ['USD']],
    [{ q: 'hopper' }, ['USD']],
    [{ q: 'Grace Hop' }, ['USD']],
    [{ q: 'ch_3PqLmK2eZvKYlo2C1xYz' }, ['USD']],
    [{ q: 'ch_3PqLmK' }, []],
    [{ q: '1111' }, ['USD']],
  ])('filters by %j on the server', async (filter, currencies) => {
    const response = await staff.list('payments', { filter });
    expect(response.status).toBe(200);
    expect(response.body.map((p: { currency: string }) => p.currency).sort()).toEqual(currencies);
    expect(response.headers.get('content-range')).toMatch(new RegExp(`/${currencies.length}$`));
  });

  it('filters by payment method, id list and order', async () => {
    const byMethod = await staff.list('payments', { filter: { payment_method_id: check.id } });
    expect(byMethod.body).toHaveLength(1);
    const all = await staff.list('payments');
    const ids = all.body.slice(0, 2).map((p: { id: number }) => p.id);
    expect(
      (await staff.list('payments', { filter: { id: ids } })).body.map((p: { id: number }) => p.id).sort(),
    ).toEqual([...ids].sort());
    const one = all.body[0];
    expect(
      (await staff.list('payments', { filter: { order_id: one.order_id } })).body.map((p: { id: number }) => p.id),
    ).toEqual([one.id]);
    const byOrderNumber = await staff.list('payments', { filter: { q: one.order_number } });
    expect(byOrderNumber.body.map((p: { id: number }) => p.id)).toEqual([one.id]);
    const byIdentifier = await staff.list('payments', { filter: { q: one.identifier.toLowerCase() } });
    expect(byIdentifier.body.map((p: { id: number }) => p.id)).toEqual([one.id]);
  });

  it('sorts by amount on the server', async () => {
    const response = await staff.list('payments', { sort: ['total', 'DESC'], filter: { currency: ['USD', 'EUR'] } });
    expect(response.body.map((p: { total: string }) => p.total)).toEqual(['250.50', '91.00', '12.30']);
  });

  it.each([
    ['an unknown filter key', { filter: JSON.stringify({ colour: 'red' }) }, 'filter.colour'],
    ['an unknown sort field', { sort: JSON.stringify(['password_hash', 'ASC']) }, 'sort'],
    ['a bad sort order', { sort: JSON.stringify(['total', 'SIDEWAYS']) }, 'sort'],
    ['a status that does not exist', { filter: JSON.stringify({ status: 'paid' }) }, 'filter.status'],
    ['a non-decimal amount', { filter: JSON.stringify({ currency: 'USD', total_gte: '12,50' }) }, 'filter.total_gte'],
    ['an amount without its currency', { filter: JSON.stringify({ total_gte: '800' }) }, 'filter.total_gte'],
    [
      'an amount in two currencies at once',
      { filter: JSON.stringify({ currency: ['USD', 'JPY'], total_lte: '800' }) },
      'filter.total_lte',
    ],
    [
      'more decimals than the currency has',
      { filter: JSON.stringify({ currency: 'JPY', total_gte: '800.50' }) },
      'filter.total_gte',
    ],
    ['a bad date', { filter: JSON.stringify({ created_at_gte: 'yesterday' }) }, 'filter.created_at_gte'],
    ['malformed JSON', { filter: '{"status":' }, 'filter'],
    ['a backwards range', { range: JSON.stringify([10, 2]) }, 'range'],
    ['a huge page', { range: JSON.stringify([0, 100_000]) }, 'range'],
  ])('answers 400 for %s', async (_label, params, field) => {
    const response = await staff.get(`/api/payments?${new URLSearchParams(params)}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('InvalidArgument');
    expect(Object.keys(response.body.message)).toEqual([field]);
  });

  it('shows one payment, and 404s for one that does not exist', async () => {
    const list = await staff.list('payments');
    expectMatchesContract('GET', '/api/payments', list.status, list.body);
    const [first] = list.body;
    const one = await staff.get(`/api/payments/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    expectMatchesContract('GET', `/api/payments/${first.id}`, one.status, one.body);
    for (const id of ['999999', 'abc', '-1', '1.5']) {
      const missing = await staff.get(`/api/payments/${id}`);
      expect(missing.status, id).toBe(404);
      expectMatchesContract('GET', `/api/payments/${id}`, missing.status, missing.body);
      expect(missing.body).toEqual({ code: 'NotFound', message: 'No such payment.' });
    }
  });

  it('never writes payments through PUT or DELETE', async () => {
    const [first] = (await staff.list('payments')).body;
    const admin = await app.signedIn('admin');
    expect((await admin.put(`/api/payments/${first.id}`, { ...first, status: 'confirmed' })).status).toBe(404);
    expect((await admin.delete(`/api/payments/${first.id}`)).status).toBe(404);
    expect((await staff.get(`/api/payments/${first.id}`)).body.status).toBe(first.status);
  });

  it('lists the fraud review queue oldest first', async () => {
    const response = await staff.list('fraud-reviews');
    expect(response.status).toBe(200);
    expectMatchesContract('GET', '/api/fraud-reviews', response.status, response.body);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject({ fraud_status: 'review', total: '250.50' });
    expect(response.headers.get('content-range')).toBe('fraud-reviews 0-0/1');
    const notUnderReview = (await staff.list('payments', { filter: { fraud_status: 'unknown' } })).body[0];
    expect((await staff.get(`/api/fraud-reviews/${notUnderReview.id}`)).status).toBe(404);
  });
});

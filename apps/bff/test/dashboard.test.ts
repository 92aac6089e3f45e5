import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow, PaymentRow } from '../src/db/schema.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { expectMatchesContract } from './contract.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const HOUR = 3_600_000;

describe(`GET /api/dashboard/money (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let viewer: ApiClient;
  let card: PaymentMethodRow;
  let reasonId: number;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    viewer = await app.signedIn('viewer');
    card = await givenPaymentMethod(app.db);
    reasonId = (await givenRefundReason(app.db)).id;
  });
  afterAll(() => app.close());

  const setZone = async (zone: string) => {
    const response = await admin.put('/api/settings/shop_time_zone', { value: zone });
    expect(response.status).toBe(200);
  };
  const money = async (day?: string) => {
    const response = await viewer.get(`/api/dashboard/money${day ? `?day=${day}` : ''}`);
    expect(response.status).toBe(200);
    expectMatchesContract('GET', '/api/dashboard/money', response.status, response.body);
    return response.body;
  };
  const row = (body: { currencies: { currency: string; captured_count: number }[] }, currency: string) =>
    body.currencies.find((r) => r.currency === currency);

  const logEntry = (
    payment: PaymentRow,
    at: string,
    values: { action?: 'capture' | 'purchase' | 'authorize'; amount?: string; success?: boolean; unapplied?: boolean },
  ) =>
    app.db
      .insertInto('log_entries')
      .values({
        payment_id: payment.id,
        payment_method_id: payment.payment_method_id,
        action: values.action ?? 'capture',
        success: values.success ?? true,
        unapplied: values.unapplied ?? false,
        amount: values.amount ?? payment.total,
        currency: payment.currency,
        params: '{}',
        created_at: new Date(at),
      })
      .execute();
  const refund = (payment: PaymentRow, at: string, amount: string, status: 'succeeded' | 'failed' | 'pending') =>
    app.db
      .insertInto('refunds')
      .values({
        payment_id: payment.id,
        amount,
        currency: payment.currency,
        reason_id: reasonId,
        status,
        created_at: new Date(at),
        updated_at: new Date(at),
      })
      .execute();

  describe('money moved in the shop’s day', () => {
    beforeAll(async () => {
      const usd = (await givenPayment(app.db, card, { status: 'confirmed', currency: 'USD', total: '100.00' })).payment;
      const usd2 = (await givenPayment(app.db, card, { status: 'confirmed', currency: 'USD', total: '7.25' })).payment;
      const eur = (await givenPayment(app.db, card, { status: 'confirmed', currency: 'EUR', total: '50.00' })).payment;
      const jpy = (await givenPayment(app.db, card, { status: 'confirmed', currency: 'JPY', total: '1500' })).payment;
      await logEntry(usd, '2026-02-10T23:30:00Z', {});
      await logEntry(usd2, '2026-02-11T00:30:00Z', {});
      await logEntry(eur, '2026-02-10T10:00:00Z', { action: 'purchase' });
      await logEntry(jpy, '2026-02-10T12:00:00Z', { action: 'purchase', amount: '1500' });
      // None of these is money captured: a decline, an answer never applied, an authorization.
      await logEntry(usd, '2026-02-10T12:00:00Z', { success: false });
      await logEntry(usd, '2026-02-10T12:05:00Z', { unapplied: true });
      await logEntry(usd, '2026-02-10T09:00:00Z', { action: 'authorize' });
      await refund(usd, '2026-02-10T23:40:00Z', '30.00', 'succeeded');
      await refund(usd, '2026-02-10T13:00:00Z', '5.00', 'failed');
      await refund(usd, '2026-02-10T14:00:00Z', '6.00', 'pending');
      await refund(eur, '2026-02-10T02:00:00Z', '0.10', 'succeeded');
    });
    afterAll(() => setZone('UTC'));

    it('sums captures and purchases, and succeeded refunds, per currency, as decimal strings (UTC by default)', async () => {
      const body = await money('2026-02-10');
      expect(body).toMatchObject({
        time_zone: 'UTC',
        day: '2026-02-10',
        from: '2026-02-10T00:00:00.000Z',
        to: '2026-02-11T00:00:00.000Z',
      });
      expect(row(body, 'USD')).toMatchObject({
        captured: '100.00',
        captured_count: 1,
        refunded: '30.00',
        refunded_count: 1,
      });
      expect(row(body, 'EUR')).toMatchObject({ captured: '50.00', refunded: '0.10', refunded_count: 1 });
      expect(row(body, 'JPY')).toMatchObject({ captured: '1500', refunded: '0' });
      expect(body.currencies.map((r: { currency: string }) => r.currency)).toEqual(['EUR', 'JPY', 'USD']);
    });

    it('counts a capture at 23:30 UTC in the UTC day, and in the next day where it is already tomorrow', async () => {
      await setZone('Asia/Tokyo');
      const tenth = await money('2026-02-10');
      // Tokyo's 10 February is 15:00 UTC on the 9th to 15:00 UTC on the 10th.
      expect(tenth).toMatchObject({
        time_zone: 'Asia/Tokyo',
        from: '2026-02-09T15:00:00.000Z',
        to: '2026-02-10T15:00:00.000Z',
      });
      expect(row(tenth, 'USD')).toBeUndefined();
      expect(row(tenth, 'EUR')).toMatchObject({ captured: '50.00', refunded: '0.10' });
      expect(row(tenth, 'JPY')).toMatchObject({ captured: '1500' });
      const eleventh = await money('2026-02-11');
      expect(row(eleventh, 'USD')).toMatchObject({ captured: '107.25', captured_count: 2, refunded: '30.00' });
    });

    it('counts a capture at 00:30 UTC in the day before where it is still yesterday', async () => {
      await setZone('America/New_York');
      const body = await money('2026-02-10');
      expect(body).toMatchObject({ from: '2026-02-10T05:00:00.000Z', to: '2026-02-11T05:00:00.000Z' });
      expect(row(body, 'USD')).toMatchObject({ captured: '107.25', refunded: '30.00' });
      // The eur refund at 02:00 UTC on the 10th was on the 9th in New York.
      expect(row(body, 'EUR')).toMatchObject({ captured: '50.00', refunded: '0.00' });
      // The day the clocks go forward has 23 hours.
      expect(await money('2026-03-08')).toMatchObject({
        from: '2026-03-08T05:00:00.000Z',
        to: '2026-03-09T04:00:00.000Z',
      });
    });

    it('is today in the shop’s zone when no day is named', async () => {
      await setZone('UTC');
      const before = row(await money(), 'GBP');
      const gbp = (await givenPayment(app.db, card, { status: 'confirmed', currency: 'GBP', total: '12.34' })).payment;
      await logEntry(gbp, new Date().toISOString(), {});
      const body = await money();
      expect(body.day).toBe(new Date().toISOString().slice(0, 10));
      const after = row(body, 'GBP');
      expect(after?.captured_count).toBe((before?.captured_count ?? 0) + 1);
    });
  });

  it('counts the authorizations that lapse within 24 hours, and the capture queue lists exactly those', async () => {
    const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
    const daily = await givenPaymentMethod(app.db, {
      name: 'One-day holds',
      preferences: { authorization_ttl_days: 1 },
    });
    const check = await givenPaymentMethod(app.db, { type: 'check', name: 'Check' });
    const soon = await givenPayment(app.db, card, { currency: 'CHF', total: '40.00', created_at: ago(7 * 24 - 12) });
    const dailySoon = await givenPayment(app.db, daily, { currency: 'CHF', total: '2.50', created_at: ago(2) });
    // Not expiring soon: two days left, already lapsed, captured, and a check (no authorization to lapse).
    await givenPayment(app.db, card, { currency: 'CHF', total: '1.00', created_at: ago(5 * 24) });
    await givenPayment(app.db, card, { currency: 'CHF', total: '1.00', created_at: ago(7 * 24 + 1) });
    await givenPayment(app.db, daily, { currency: 'CHF', total: '1.00', created_at: ago(25) });
    await givenPayment(app.db, card, {
      status: 'confirmed',
      currency: 'CHF',
      total: '1.00',
      created_at: ago(7 * 24 - 1),
    });
    await givenPayment(app.db, check, { currency: 'CHF', total: '1.00', created_at: ago(7 * 24 - 1) });

    const body = await money();
    expect(body).toMatchObject({ expiring_hours: 24, expiring_filter: { expiring_within: '24h' } });
    expect(row(body, 'CHF')).toMatchObject({ expiring: '42.50', expiring_count: 2, captured: '0.00' });
    expect(body.expiring_count).toBeGreaterThanOrEqual(2);

    const queue = await viewer.list('payments', {
      filter: { status: ['preauth'], currency: 'CHF', ...body.expiring_filter },
      sort: ['created_at', 'ASC'],
    });
    expect(queue.status).toBe(200);
    expect(queue.body.map((p: { id: number }) => p.id)).toEqual([soon.payment.id, dailySoon.payment.id]);
    expect((await viewer.list('payments', { filter: { expiring_within: '2h' } })).status).toBe(400);
  });

  it('is open to every role, refuses a day that is no date, and needs a session', async () => {
    for (const role of ['operator', 'finance', 'fraud_analyst'] as const) {
      expect((await (await app.signedIn(role)).get('/api/dashboard/money')).status).toBe(200);
    }
    for (const day of ['2026-02-30', 'yesterday', '20260210']) {
      const response = await viewer.get(`/api/dashboard/money?day=${day}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('InvalidArgument');
    }
    expect((await app.client().get('/api/dashboard/money')).status).toBe(401);
  });

  describe('the shop_time_zone setting', () => {
    it('takes IANA zone names that Intl knows, and refuses anything else', async () => {
      for (const zone of ['Mars/Olympus_Mons', '+01:00', 'CET; drop table payments', '', 'europe berlin']) {
        const response = await admin.put('/api/settings/shop_time_zone', { value: zone });
        expect(response.status, zone).toBe(400);
        expect(response.body.code).toBe('InvalidArgument');
      }
      expect((await admin.put('/api/settings/shop_time_zone', { value: 3 })).status).toBe(400);
      expect((await admin.put('/api/settings/shop_time_zone', { value: 'Europe/Berlin' })).status).toBe(200);
      expect((await viewer.get('/api/settings/shop_time_zone')).body).toMatchObject({ value: 'Europe/Berlin' });
      expect((await viewer.put('/api/settings/shop_time_zone', { value: 'UTC' })).status).toBe(403);
      expect((await money()).time_zone).toBe('Europe/Berlin');
      await setZone('UTC');
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { expectMatchesContract } from './contract.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

describe(`resources (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let card: PaymentMethodRow;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    card = await givenPaymentMethod(app.db, { name: 'Credit card', auto_capture: true });
  });
  afterAll(() => app.close());

  describe('payment-methods', () => {
    it('creates, edits and deactivates a method, keeping auto_capture true / false / store default', async () => {
      const created = await admin.post('/api/payment-methods', {
        type: 'check',
        name: 'Bank check',
        auto_capture: null,
        preferences: { api_secret: 's3cr3t', ttl: 7 },
      });
      expect(created.status).toBe(201);
      expectMatchesContract('POST', '/api/payment-methods', created.status, created.body);
      expect(created.body).toMatchObject({
        type: 'check',
        name: 'Bank check',
        active: true,
        available_to_users: true,
        available_to_admin: true,
        auto_capture: null,
      });
      expect(created.body.preferences).toEqual({ api_secret: { configured: true, hint: null }, ttl: 7 });

      const edited = await admin.put(`/api/payment-methods/${created.body.id}`, {
        ...created.body,
        auto_capture: false,
        available_to_users: false,
      });
      expect(edited.status).toBe(200);
      expectMatchesContract('PUT', `/api/payment-methods/${created.body.id}`, edited.status, edited.body);
      expect(edited.body).toMatchObject({ auto_capture: false, available_to_users: false });
      const stored = await app.db
        .selectFrom('payment_methods')
        .select('preferences')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(stored.preferences).toEqual({
        api_secret: { sealed: expect.stringMatching(/^pdsec:v1:[0-9a-f]{8}:/), hint: null },
        ttl: 7,
      });
      expect(JSON.stringify(stored.preferences)).not.toContain('s3cr3t');

      const withoutPreferences = await admin.put(`/api/payment-methods/${created.body.id}`, {
        type: 'check',
        name: 'Bank check',
        auto_capture: false,
        available_to_users: false,
      });
      expect(withoutPreferences.body.preferences).toEqual({ api_secret: { configured: true, hint: null }, ttl: 7 });

      const deactivated = await admin.put(`/api/payment-methods/${created.body.id}`, { ...edited.body, active: false });
      expect(deactivated.body.active).toBe(false);
      const inactive = await admin.list('payment-methods', { filter: { active: false } });
      expectMatchesContract('GET', '/api/payment-methods', inactive.status, inactive.body);
      const one = await admin.get(`/api/payment-methods/${created.body.id}`);
      expectMatchesContract('GET', `/api/payment-methods/${created.body.id}`, one.status, one.body);
      expect(inactive.body.map((m: { id: number }) => m.id)).toEqual([created.body.id]);
    });

    it('refuses invalid input with a sentence per field and writes nothing', async () => {
      const before = await app.db.selectFrom('payment_methods').select('id').execute();
      const response = await admin.post('/api/payment-methods', {
        type: 'paypal',
        name: '',
        auto_capture: 'sometimes',
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('InvalidArgument');
      expect(Object.keys(response.body.message).sort()).toEqual(['auto_capture', 'name', 'type']);
      expect(await app.db.selectFrom('payment_methods').select('id').execute()).toHaveLength(before.length);
    });

    it('checks the preferences adapters read', async () => {
      const bad = await admin.post('/api/payment-methods', {
        type: 'bogus',
        name: 'Odd',
        preferences: { authorization_ttl_days: '7.5', latency_ms: -1 },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.message).sort()).toEqual([
        'preferences.authorization_ttl_days',
        'preferences.latency_ms',
      ]);
      const good = await admin.post('/api/payment-methods', {
        type: 'bogus',
        name: 'Short holds',
        preferences: { authorization_ttl_days: 3, note: 'kept' },
      });
      expect(good.body.preferences).toEqual({ authorization_ttl_days: 3, note: 'kept' });
      const { payment } = await givenPayment(app.db, { ...card, id: good.body.id });
      const shown = await admin.get(`/api/payments/${payment.id}`);
      expect(new Date(shown.body.authorization_expires_at).getTime() - new Date(shown.body.created_at).getTime()).toBe(
        3 * 86_400_000,
      );
    });

    it('gives no authorization expiry to offline payments', async () => {
      const check = await admin.post('/api/payment-methods', {
        type: 'check',
        name: 'Cheque',
        preferences: { authorization_ttl_days: 3 },
      });
      const { payment } = await givenPayment(app.db, { ...card, id: check.body.id });
      expect((await admin.get(`/api/payments/${payment.id}`)).body).toMatchObject({
        status: 'preauth',
        authorization_expires_at: null,
      });
    });

    it('never deletes a method that has payments', async () => {
      await givenPayment(app.db, card);
      const response = await admin.delete(`/api/payment-methods/${card.id}`);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('InvalidState');
      expect((await admin.get(`/api/payment-methods/${card.id}`)).status).toBe(200);
      const changeType = await admin.put(`/api/payment-methods/${card.id}`, { type: 'check', name: card.name });
      expect(changeType.status).toBe(409);
    });

    it('deletes a method that never had payments', async () => {
      const created = await admin.post('/api/payment-methods', { type: 'bogus', name: 'Spare' });
      const deleted = await admin.delete(`/api/payment-methods/${created.body.id}`);
      expectMatchesContract('DELETE', `/api/payment-methods/${created.body.id}`, deleted.status, deleted.body);
      expect(deleted.body.id).toBe(created.body.id);
      expect((await admin.get(`/api/payment-methods/${created.body.id}`)).status).toBe(404);
    });
  });

  describe('refund-reasons', () => {
    it('creates and edits reasons; a duplicate code is a 409', async () => {
      const created = await admin.post('/api/refund-reasons', { name: 'Late delivery', code: 'late_delivery' });
      expect(created.status).toBe(201);
      expectMatchesContract('POST', '/api/refund-reasons', created.status, created.body);
      expect(created.body).toMatchObject({ name: 'Late delivery', code: 'late_delivery', active: true });
      const reasons = await admin.list('refund-reasons');
      expectMatchesContract('GET', '/api/refund-reasons', reasons.status, reasons.body);
      const duplicate = await admin.post('/api/refund-reasons', { name: 'Late', code: 'late_delivery' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.message).toEqual({ code: 'Another refund reason has this code.' });
      const edited = await admin.put(`/api/refund-reasons/${created.body.id}`, { ...created.body, active: false });
      expect(edited.body.active).toBe(false);
      const badCode = await admin.post('/api/refund-reasons', { name: 'X', code: 'Has Spaces' });
      expect(badCode.status).toBe(400);
    });
  });

  describe('orders, log entries, refunds', () => {
    it('lists orders with amounts in minor units, filters and shows one', async () => {
      const { order } = await givenPayment(app.db, card, { currency: 'JPY', total: '1200' });
      const response = await admin.list('orders', { filter: { currency: 'JPY' } });
      expect(response.status).toBe(200);
      expectMatchesContract('GET', '/api/orders', response.status, response.body);
      const one = await admin.get(`/api/orders/${order.id}`);
      expectMatchesContract('GET', `/api/orders/${order.id}`, one.status, one.body);
      expect(response.body).toHaveLength(1);
      expect(response.body[0]).toMatchObject({ id: order.id, total: '1200', payment_total: '0', state: 'complete' });
      expect((await admin.list('orders', { filter: { q: order.number } })).body).toHaveLength(1);
      expect((await admin.get(`/api/orders/${order.id}`)).body.number).toBe(order.number);
      expect((await admin.list('orders', { filter: { payment_state: 'nope' } })).status).toBe(400);
    });

    it('lists log entries by payment, success and action', async () => {
      const { payment } = await givenPayment(app.db, card, { currency: 'EUR', total: '10.00' });
      await app.db
        .insertInto('log_entries')
        .values([
          {
            payment_id: payment.id,
            payment_method_id: card.id,
            action: 'authorize',
            success: true,
            amount: '10',
            currency: 'EUR',
            message: 'Approved',
            authorization: 'AUTH-77Q1',
            params: JSON.stringify({ last4: '4242' }),
          },
          {
            payment_id: payment.id,
            payment_method_id: card.id,
            action: 'capture',
            success: false,
            amount: '10',
            currency: 'EUR',
            message: 'Declined: insufficient_funds (100% of 50_off)',
            error_code: 'card_declined',
            params: '{}',
          },
        ])
        .execute();
      const all = await admin.list('log-entries', { filter: { payment_id: payment.id } });
      expectMatchesContract('GET', '/api/log-entries', all.status, all.body);
      expect(all.body).toHaveLength(2);
      expect(all.body[0].amount).toBe('10.00');
      const one = await admin.get(`/api/log-entries/${all.body[0].id}`);
      expectMatchesContract('GET', `/api/log-entries/${all.body[0].id}`, one.status, one.body);
      expect(one.body).toMatchObject({ payment_id: payment.id, unapplied: false, params: expect.any(Object) });
      const failed = await admin.list('log-entries', { filter: { payment_id: payment.id, success: false } });
      expect(failed.body.map((e: { action: string }) => e.action)).toEqual(['capture']);
      const authorizations = await admin.list('log-entries', { filter: { action: 'authorize' } });
      expect(authorizations.body.map((e: { message: string }) => e.message)).toEqual(['Approved']);
      expect((await admin.list('log-entries', { filter: { success: 'maybe' } })).status).toBe(400);
      // Search: the authorization exactly, or any part of the message whatever its case; wildcards are text.
      const search = async (q: string) =>
        (await admin.list('log-entries', { filter: { payment_id: payment.id, q } })).body.map(
          (e: { action: string }) => e.action,
        );
      expect(await search('AUTH-77Q1')).toEqual(['authorize']);
      expect(await search('AUTH-77')).toEqual([]);
      expect(await search('INSUFFICIENT')).toEqual(['capture']);
      expect(await search('100%')).toEqual(['capture']);
      expect(await search('0% of 5')).toEqual(['capture']);
      expect(await search('_of_')).toEqual([]);
      expect(await search('%')).toEqual([]);
    });

    it('lists refunds by payment', async () => {
      const reason = await givenRefundReason(app.db, 'duplicate', 'Duplicate');
      const { payment } = await givenPayment(app.db, card, {
        status: 'confirmed',
        total: '50.00',
        captured_amount: '50',
        refunded_amount: '5',
      });
      await app.db
        .insertInto('refunds')
        .values({ payment_id: payment.id, amount: '5', currency: 'USD', reason_id: reason.id, status: 'succeeded' })
        .execute();
      const response = await admin.list('refunds', { filter: { payment_id: payment.id } });
      expectMatchesContract('GET', '/api/refunds', response.status, response.body);
      expect(response.body).toMatchObject([
        { payment_id: payment.id, amount: '5.00', status: 'succeeded', reason_id: reason.id },
      ]);
    });
  });

  describe('staff users, audit events, settings', () => {
    it('lists staff users without password hashes', async () => {
      const response = await admin.list('staff-users');
      expect(response.status).toBe(200);
      expectMatchesContract('GET', '/api/staff-users', response.status, response.body);
      const one = await admin.get(`/api/staff-users/${response.body[0].id}`);
      expectMatchesContract('GET', `/api/staff-users/${response.body[0].id}`, one.status, one.body);
      expect(response.body.length).toBeGreaterThan(0);
      for (const user of response.body) expect(user).not.toHaveProperty('password_hash');
    });

    it('records logins as audit events', async () => {
      const response = await admin.list('audit-events', { filter: { action: 'auth.login', outcome: 'succeeded' } });
      expectMatchesContract('GET', '/api/audit-events', response.status, response.body);
      expect(response.body.length).toBeGreaterThan(0);
      const one = await admin.get(`/api/audit-events/${response.body[0].id}`);
      expectMatchesContract('GET', `/api/audit-events/${response.body[0].id}`, one.status, one.body);
      expect(one.body).toMatchObject({ action: 'auth.login', idempotency_key: null, ip: expect.any(String) });
    });

    it('lists every setting with its default, and validates changes', async () => {
      const list = await admin.list('settings');
      expectMatchesContract('GET', '/api/settings', list.status, list.body);
      const one = await admin.get('/api/settings/store_default_auto_capture');
      expectMatchesContract('GET', '/api/settings/store_default_auto_capture', one.status, one.body);
      expect(list.body.find((s: { id: string }) => s.id === 'store_default_auto_capture')).toMatchObject({
        value: false,
      });
      expect((await admin.put('/api/settings/store_default_auto_capture', { value: 'yes' })).status).toBe(400);
      expect((await admin.put('/api/settings/store_default_auto_capture', { value: true })).body.value).toBe(true);
      expect((await admin.put('/api/settings/demo_staff', { value: true })).status).toBe(409);
      expect((await admin.put('/api/settings/unknown', { value: true })).status).toBe(404);
    });
  });

  describe('errors', () => {
    it('answers malformed JSON with InvalidArgument and no internals', async () => {
      const response = await admin.request('POST', '/api/refund-reasons', '{"name": "x",', {
        'content-type': 'application/json',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ code: 'InvalidArgument', message: 'The request body is not valid JSON.' });
    });

    it('answers an unknown endpoint with NotFound', async () => {
      expect((await admin.get('/api/nothing-here')).body).toEqual({ code: 'NotFound', message: 'No such endpoint.' });
    });

    it('refuses an oversized body', async () => {
      const response = await admin.post('/api/refund-reasons', { name: 'x'.repeat(200_000), code: 'big' });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PayloadTooLarge');
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyListSpec } from '../src/api-keys/api-keys.repository.ts';
import { auditEventListSpec } from '../src/audit-events/audit-events.repository.ts';
import { attemptListSpec, deliveryListSpec } from '../src/callbacks/callback-deliveries.repository.ts';
import { fraudDecisionListSpec, fraudReviewListSpec } from '../src/fraud-reviews/fraud-reviews.repository.ts';
import type { ListSpec } from '../src/http/list-query.ts';
import { logEntryListSpec } from '../src/log-entries/log-entries.repository.ts';
import { orderListSpec } from '../src/orders/orders.repository.ts';
import { paymentMethodListSpec } from '../src/payment-methods/payment-methods.repository.ts';
import { paymentListSpec } from '../src/payments/payments.repository.ts';
import { productListSpec } from '../src/products/products.repository.ts';
import { refundApprovalListSpec } from '../src/refund-approvals/refund-approvals.repository.ts';
import { refundListSpec } from '../src/refunds/refunds.repository.ts';
import { refundReasonListSpec } from '../src/refund-reasons/refund-reasons.repository.ts';
import { staffUserListSpec } from '../src/staff-users/staff-users.repository.ts';
import { givenPayment, givenPaymentMethod, givenRefundReason } from './fixtures.ts';
import { type ApiClient, startTestApp, TEST_DB, type TestApp } from './harness.ts';

/** Every list of the staff API, by the path it is read at. */
const LISTS: Record<string, ListSpec> = {
  payments: paymentListSpec,
  'fraud-reviews': fraudReviewListSpec,
  'fraud-decisions': fraudDecisionListSpec,
  orders: orderListSpec,
  'payment-methods': paymentMethodListSpec,
  'log-entries': logEntryListSpec,
  refunds: refundListSpec,
  'refund-approvals': refundApprovalListSpec,
  'refund-reasons': refundReasonListSpec,
  'staff-users': staffUserListSpec,
  'audit-events': auditEventListSpec,
  products: productListSpec,
  'api-keys': apiKeyListSpec,
  'callback-deliveries': deliveryListSpec,
  'callback-attempts': attemptListSpec,
};

const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];

function expectInvalidArgument(response: { status: number; body: any }, what: string) {
  expect({ what, status: response.status, code: response.body?.code }).toEqual({
    what,
    status: 400,
    code: 'InvalidArgument',
  });
}

describe(`malformed and hostile input (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  let paymentId: number;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.signedIn('admin');
    const method = await givenPaymentMethod(app.db);
    await givenRefundReason(app.db);
    paymentId = (await givenPayment(app.db, method, { status: 'preauth', total: '100.00' })).payment.id;
  });
  afterAll(() => app.close());

  describe('bodies that are not JSON', () => {
    it('refuses a command whose body is not application/json with 415, and runs nothing', async () => {
      const response = await admin.request('POST', `/api/payments/${paymentId}/capture`, '{"amount":"10.00"}', {
        'content-type': 'text/plain',
      });
      expect(response.status).toBe(415);
      expect(response.body).toEqual({ code: 'UnsupportedMediaType', message: expect.any(String) });
      const payment = await app.db
        .selectFrom('payments')
        .select(['status', 'captured_amount'])
        .where('id', '=', paymentId)
        .executeTakeFirstOrThrow();
      expect(payment.status).toBe('preauth');
      expect(payment.captured_amount).toMatch(/^0(\.0+)?$/);
    });

    it('refuses form-encoded and untyped bodies on staff writes and on the intake API alike', async () => {
      const form = await admin.request('POST', '/api/refund-reasons', 'code=x&name=y', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(form.status).toBe(415);
      const put = await admin.request('PUT', '/api/settings/demo_staff', 'true', { 'content-type': 'text/plain' });
      expect(put.status).toBe(415);
      const intake = await app.client().request('POST', '/api/v1/transactions', '{"product_id":1}', {
        'content-type': 'text/plain',
        authorization: 'Bearer pdk_whatever',
      });
      expect(intake.status).toBe(415);
      expect(intake.body.code).toBe('UnsupportedMediaType');
    });

    it('keeps bodiless commands working: an empty body is {}', async () => {
      const client = await app.signedIn('viewer');
      const logout = await client.request('POST', '/api/auth/logout');
      expect(logout.status).toBe(200);
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });

    it('accepts application/json with a charset', async () => {
      const response = await admin.request('POST', '/api/refund-reasons', JSON.stringify({ code: 'c1', name: 'N' }), {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(response.status).toBe(201);
    });
  });

  describe('every list', () => {
    it.each(Object.entries(LISTS))('%s: prototype names as sort fields and filter keys are a 400', async (path) => {
      for (const name of PROTOTYPE_NAMES) {
        expectInvalidArgument(await admin.list(path, { sort: [name, 'ASC'] }), `${path} sort ${name}`);
        const filter = await admin.get(`/api/${path}?filter=${encodeURIComponent(`{"${name}":"1"}`)}`);
        expectInvalidArgument(filter, `${path} filter ${name}`);
      }
    });

    it.each(Object.entries(LISTS))(
      '%s: out-of-range integers and dates, NUL and deep JSON are a 400',
      async (path, spec) => {
        for (const [key, filter] of Object.entries(spec.filters)) {
          if (filter.type === 'integer') {
            for (const value of [2_147_483_648, '99999999999', [1, 4_294_967_296]]) {
              expectInvalidArgument(await admin.list(path, { filter: { [key]: value } }), `${path} ${key}=${value}`);
            }
          }
          if (filter.type === 'date') {
            for (const value of ['-004714-01-01', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z']) {
              expectInvalidArgument(await admin.list(path, { filter: { [key]: value } }), `${path} ${key}=${value}`);
            }
          }
          if (filter.type === 'text' || filter.type === 'search') {
            expectInvalidArgument(await admin.list(path, { filter: { [key]: 'a\u0000b' } }), `${path} ${key} NUL`);
          }
        }
        const deep = `${'['.repeat(1_000)}${']'.repeat(1_000)}`;
        expectInvalidArgument(await admin.get(`/api/${path}?filter=${encodeURIComponent(`{"q":${deep}}`)}`), 'deep');
        expectInvalidArgument(await admin.get(`/api/${path}?q=a%00b`), 'NUL in the query');
      },
    );
  });

  describe('ids and bodies', () => {
    it('answers 404 for a path id above 32 bits, on reads and commands', async () => {
      for (const path of ['/api/payments/2147483648', '/api/orders/99999999999', '/api/payments/4294967296/timeline']) {
        expect((await admin.get(path)).status, path).toBe(404);
      }
      for (const command of ['capture', 'void']) {
        const response = await admin.post(`/api/payments/4111111111111111/${command}`, {});
        expect(response.status).toBe(404);
        expect(JSON.stringify(response.body)).not.toContain('4111111111111111');
      }
    });

    it('answers 400 for a body id above 32 bits', async () => {
      const refund = await admin.post(`/api/payments/${paymentId}/refund`, { reason_id: 2_147_483_648 });
      expectInvalidArgument(refund, 'refund reason id');
      expectInvalidArgument(await admin.post('/api/payments/bulk-capture', { ids: [4_294_967_296] }), 'bulk ids');
      const intake = await app
        .client()
        .post('/api/v1/transactions', { product_id: 2_147_483_648 }, { authorization: 'Bearer pdk_whatever' });
      expect(intake.status).not.toBe(500);
    });

    it('refuses a NUL character in any string of a body, sign-in included', async () => {
      const login = await app.client().post('/api/auth/login', { email: 'admin@example.test\u0000', password: 'x' });
      expectInvalidArgument(login, 'login');
      const nested = await admin.post('/api/refund-reasons', { code: 'ok', name: 'fine', extra: { deep: ['\u0000'] } });
      expectInvalidArgument(nested, 'nested');
      const key = await admin.post('/api/refund-reasons', { 'co\u0000de': 'x', name: 'n' });
      expectInvalidArgument(key, 'key');
      const count = await app.db
        .selectFrom('refund_reasons')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(Number(count?.n)).toBe(2);
    });

    it('refuses JSON nested 30,000 deep without overflowing the stack', async () => {
      const deep = `{"amount":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
      expectInvalidArgument(await admin.post(`/api/payments/${paymentId}/capture`, deep), 'deep command');
      const deepObject = `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`;
      expectInvalidArgument(await app.client().post('/api/auth/login', deepObject), 'deep login');
      expect((await app.client().get('/api/health')).status).toBe(200);
    });
  });
});

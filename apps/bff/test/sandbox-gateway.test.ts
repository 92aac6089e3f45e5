import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayOrderId } from '@paydesk/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../gateway-sim/src/simulator.ts';
import type { PaymentMethodRow, RefundReasonRow } from '../src/db/schema.ts';
import type { GatewayOptions } from '../src/gateways/gateway.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import { SandboxGateway } from '../src/gateways/sandbox.gateway.ts';
import { givenPayment, givenRefundReason } from './fixtures.ts';
import { startSandbox, type SimCall, withMethodTimeout } from './simulator.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

/**
 * The `sandbox` adapter against the gateway simulator (apps/gateway-sim), through the BFF's real HTTP API:
 * for every fault the simulator can inject, money stays right — and `retrieve` tells afterwards what the
 * gateway really did.
 */

const SIM_KEY = 'sandbox-test-key';
/**
 * The method's timeout: long enough that a call the simulator answers (at once, or after a fault's latency) is
 * never given up on, however loaded the machine.
 */
const TIMEOUT_MS = 10_000;
/** The timeout while the simulator holds a call (the `timeout` fault), so that the adapter gives up quickly. */
const HELD_TIMEOUT_MS = 500;
const VISA = '4111111111111111';

describe(`sandbox gateway (${TEST_DB})`, () => {
  let simulator: Simulator;
  let simUrl: string;
  let app: TestApp;
  let staff: ApiClient;
  let method: PaymentMethodRow;
  let reason: RefundReasonRow;

  beforeAll(async () => {
    app = await startTestApp();
    staff = await app.signedIn('admin');
    ({ simulator, url: simUrl, method, sim } = await startSandbox(app, staff, SIM_KEY, TIMEOUT_MS));
    reason = await givenRefundReason(app.db);
  });
  afterAll(async () => {
    await app?.close();
    await simulator?.close();
  });
  beforeEach(async () => {
    await sim('POST', '/_reset');
  });

  // The simulator's own API, as the test's window on what the gateway really did.
  let sim: SimCall;
  const fault = (spec: { mode: string; path: string; count?: number; latency_ms?: number }) =>
    sim('POST', '/_faults', spec);
  const stats = async () => (await sim('GET', '/_stats')).body;
  /** `call`, made while the method's timeout is HELD_TIMEOUT_MS. */
  const withHeldTimeout = <T>(call: () => Promise<T>): Promise<T> =>
    withMethodTimeout(app.db, method.id, { ms: HELD_TIMEOUT_MS, after: TIMEOUT_MS }, call);
  const transactionAtGateway = async (id: string) => (await sim('GET', `/v1/transactions/${id}`)).body;

  const stored = (id: number) =>
    app.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const logEntries = (id: number) =>
    app.db.selectFrom('log_entries').selectAll().where('payment_id', '=', id).orderBy('id').execute();
  const refundsOf = (id: number) =>
    app.db.selectFrom('refunds').selectAll().where('payment_id', '=', id).orderBy('id').execute();

  /**
   * A payment whose transaction_id is a real transaction at the simulator: authorized for `atGateway`
   * (default: the payment's total), and captured there too when the payment is `confirmed`.
   */
  async function sandboxPayment(total: string, status: 'preauth' | 'confirmed' = 'preauth', atGateway = total) {
    const { order, payment } = await givenPayment(app.db, method, {
      total,
      status,
      captured_amount: status === 'confirmed' ? total : '0',
    });
    const amount = Math.round(Number(atGateway) * 100);
    const charged = await sim(
      'POST',
      status === 'confirmed' ? '/v1/purchase' : '/v1/authorize',
      {
        amount,
        currency: 'USD',
        order_id: gatewayOrderId(order.number, payment.identifier),
        card: { number: VISA, month: 12, year: 2030 },
      },
      { 'idempotency-key': `setup-${payment.id}` },
    );
    expect(charged.body).toMatchObject({ approved: true });
    await app.db
      .updateTable('payments')
      .set({ transaction_id: charged.body.id })
      .where('id', '=', payment.id)
      .execute();
    return { ...payment, transaction_id: charged.body.id as string };
  }

  /** `retrieve` through the registry, as the reconciler will call it: the method's stored preferences, the operation's key. */
  function retrieve(authorization: string, idempotencyKey: string) {
    const adapter = defaultGateways().forMethod(method);
    return adapter.retrieve(authorization, optionsWith(idempotencyKey));
  }

  describe('POST /api/payments/:id/capture', () => {
    it('captures at the gateway: confirmed, one log entry with the gateway reference and state, no card number', async () => {
      const p = await sandboxPayment('120.00');
      const response = await staff.post(`/api/payments/${p.id}/capture`, { amount: '80.00' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'confirmed', captured_amount: '80.00', operation: null });
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'captured', captured_amount: 8_000 });
      const [entry, ...more] = await logEntries(p.id);
      expect(more).toHaveLength(0);
      expect(entry).toMatchObject({
        action: 'capture',
        success: true,
        authorization: p.transaction_id,
        error_code: null,
      });
      expect(entry!.params).toMatchObject({
        action: 'capture',
        state: 'captured',
        amount: '8000',
        card: { last4: '1111', brand: 'visa' },
      });
      expect(JSON.stringify(entry)).not.toContain(VISA);
    });

    it('latency: a slow answer within timeout_ms is still a success', async () => {
      const p = await sandboxPayment('50.00');
      await fault({ mode: 'latency', latency_ms: 150, path: 'capture' });
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('confirmed');
      expect((await logEntries(p.id))[0]!.duration_ms).toBeGreaterThanOrEqual(140);
      expect((await stats()).succeeded.capture).toBe(1);
    });

    it('timeout: 502, the payment is error with its operation kept, the gateway ran nothing, and retrieve says not_found', async () => {
      const p = await sandboxPayment('50.00');
      await fault({ mode: 'timeout', path: 'capture' });
      const response = await withHeldTimeout(() => staff.post(`/api/payments/${p.id}/capture`));
      expect(response.status).toBe(502);
      expect(response.body.code).toBe('GatewayUnavailable');
      const payment = await stored(p.id);
      expect(payment).toMatchObject({ status: 'error', operation: 'capture', operation_from_status: 'preauth' });
      expect(await logEntries(p.id)).toMatchObject([{ action: 'capture', success: false, error_code: 'timeout' }]);
      expect((await stats()).executed.capture).toBe(0);
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'authorized', captured_amount: 0 });

      expect(await retrieve(p.transaction_id, payment.operation_key!)).toMatchObject({
        outcome: 'error',
        error_code: 'not_found',
      });
    });

    it.each([
      ['reset', 'connection_reset'],
      ['http500', 'http_500'],
    ])(
      '%s: 502, the payment is error, the gateway ran nothing, and retrieve says not_found',
      async (mode, errorCode) => {
        const p = await sandboxPayment('50.00');
        await fault({ mode, path: 'capture' });
        const response = await staff.post(`/api/payments/${p.id}/capture`);
        expect(response.status).toBe(502);
        const payment = await stored(p.id);
        expect(payment).toMatchObject({ status: 'error', operation: 'capture' });
        expect(await logEntries(p.id)).toMatchObject([{ action: 'capture', success: false, error_code: errorCode }]);
        expect((await stats()).executed.capture).toBe(0);
        expect(await retrieve(p.transaction_id, payment.operation_key!)).toMatchObject({
          outcome: 'error',
          error_code: 'not_found',
        });
      },
    );

    it('succeed_then_error: 502 and error although the gateway captured; nothing is captured twice; retrieve says it succeeded', async () => {
      const p = await sandboxPayment('75.00');
      await fault({ mode: 'succeed_then_error', path: 'capture' });
      const response = await staff.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'staff-capture-1' });
      expect(response.status).toBe(502);
      const payment = await stored(p.id);
      expect(payment).toMatchObject({
        status: 'error',
        operation: 'capture',
        captured_amount: expect.stringMatching(/^0(\.0+)?$/),
      });
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'captured', captured_amount: 7_500 });

      // The same click again is replayed by the BFF; a new attempt is refused: the payment is in error.
      expect(
        (await staff.post(`/api/payments/${p.id}/capture`, {}, { 'idempotency-key': 'staff-capture-1' })).status,
      ).toBe(502);
      const again = await staff.post(`/api/payments/${p.id}/capture`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('InvalidState');
      const counted = await stats();
      expect(counted.executed.capture).toBe(1);
      expect(counted.succeeded.capture).toBe(1);
      expect(await logEntries(p.id)).toHaveLength(1);

      const retrieved = await retrieve(p.transaction_id, payment.operation_key!);
      expect(retrieved).toMatchObject({
        outcome: 'success',
        authorization: p.transaction_id,
        params: { action: 'retrieve', operation: 'capture', state: 'captured', amount: '7500' },
      });
    });

    it('a decline at the gateway (capture above what it authorized): 402, rejected; retrieve says declined', async () => {
      const p = await sandboxPayment('120.00', 'preauth', '50.00');
      const response = await staff.post(`/api/payments/${p.id}/capture`);
      expect(response.status).toBe(402);
      expect(response.body).toEqual({
        code: 'GatewayDeclined',
        message: 'The capture is above the authorized amount.',
      });
      const payment = await stored(p.id);
      expect(payment.status).toBe('rejected');
      expect(await logEntries(p.id)).toMatchObject([
        { action: 'capture', success: false, error_code: 'amount_exceeds_authorized' },
      ]);
      // The claim is cleared on a decline, so ask by the key the gateway saw.
      const key = (await sim('GET', `/v1/transactions/${p.transaction_id}`)).body.operations[1] as string;
      expect(key).toMatch(new RegExp(`^capture-${p.id}-`));
      expect(await retrieve(p.transaction_id, key)).toMatchObject({
        outcome: 'decline',
        error_code: 'amount_exceeds_authorized',
      });
    });
  });

  describe('POST /api/payments/:id/void', () => {
    it('voids at the gateway', async () => {
      const p = await sandboxPayment('40.00');
      const response = await staff.post(`/api/payments/${p.id}/void`);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('void');
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'voided' });
    });

    it('a lost connection: 502, error, the authorization still stands at the gateway', async () => {
      const p = await sandboxPayment('40.00');
      await fault({ mode: 'reset', path: 'void' });
      expect((await staff.post(`/api/payments/${p.id}/void`)).status).toBe(502);
      const payment = await stored(p.id);
      expect(payment).toMatchObject({ status: 'error', operation: 'void' });
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'authorized' });
      expect(await retrieve(p.transaction_id, payment.operation_key!)).toMatchObject({
        outcome: 'error',
        error_code: 'not_found',
      });
    });
  });

  describe('POST /api/payments/:id/refund', () => {
    it('refunds at the gateway: the refund succeeds with the gateway refund reference', async () => {
      const p = await sandboxPayment('60.00', 'confirmed');
      const response = await staff.post(`/api/payments/${p.id}/refund`, { amount: '20.00', reason_id: reason.id });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'confirmed', refunded_amount: '20.00' });
      const [refund] = await refundsOf(p.id);
      expect(refund).toMatchObject({ status: 'succeeded', transaction_id: expect.stringMatching(/^re_/) });
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'captured', refunded_amount: 2_000 });
    });

    it('timeout: 502, the refund stays pending (reserved), the gateway refunded nothing, retrieve says not_found', async () => {
      const p = await sandboxPayment('60.00', 'confirmed');
      await fault({ mode: 'timeout', path: 'refund' });
      const response = await withHeldTimeout(() =>
        staff.post(`/api/payments/${p.id}/refund`, { amount: '25.00', reason_id: reason.id }),
      );
      expect(response.status).toBe(502);
      const [refund] = await refundsOf(p.id);
      expect(refund).toMatchObject({ status: 'pending' });
      expect((await stored(p.id)).status).toBe('error');
      expect(await logEntries(p.id)).toMatchObject([{ action: 'refund', success: false, error_code: 'timeout' }]);
      expect((await stats()).executed.refund).toBe(0);
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ refunded_amount: 0 });
      expect(await retrieve(p.transaction_id, `refund-${refund!.id}`)).toMatchObject({
        outcome: 'error',
        error_code: 'not_found',
      });
    });

    it('succeed_then_error: 502 and pending although the gateway refunded; no second refund; retrieve says it succeeded', async () => {
      const p = await sandboxPayment('60.00', 'confirmed');
      await fault({ mode: 'succeed_then_error', path: 'refund' });
      const response = await staff.post(`/api/payments/${p.id}/refund`, { amount: '60.00', reason_id: reason.id });
      expect(response.status).toBe(502);
      const [refund] = await refundsOf(p.id);
      expect(refund).toMatchObject({ status: 'pending' });
      expect(await stored(p.id)).toMatchObject({
        status: 'error',
        refunded_amount: expect.stringMatching(/^0(\.0+)?$/),
      });
      expect(await transactionAtGateway(p.transaction_id)).toMatchObject({ state: 'refunded', refunded_amount: 6_000 });

      const again = await staff.post(`/api/payments/${p.id}/refund`, { amount: '10.00', reason_id: reason.id });
      expect(again.status).toBe(409);
      expect(await refundsOf(p.id)).toHaveLength(1);
      expect((await stats()).executed.refund).toBe(1);

      const retrieved = await retrieve(p.transaction_id, `refund-${refund!.id}`);
      expect(retrieved).toMatchObject({
        outcome: 'success',
        authorization: expect.stringMatching(/^re_/),
        params: { operation: 'refund', state: 'refunded', amount: '6000' },
      });
    });

    it('a decline at the gateway (above what it captured): 402, the refund failed, no money counted', async () => {
      const p = await sandboxPayment('60.00', 'confirmed', '30.00');
      const response = await staff.post(`/api/payments/${p.id}/refund`, { amount: '40.00', reason_id: reason.id });
      expect(response.status).toBe(402);
      const [refund] = await refundsOf(p.id);
      expect(refund).toMatchObject({ status: 'failed' });
      expect(await stored(p.id)).toMatchObject({
        status: 'confirmed',
        refunded_amount: expect.stringMatching(/^0(\.0+)?$/),
      });
      expect(await retrieve(p.transaction_id, `refund-${refund!.id}`)).toMatchObject({
        outcome: 'decline',
        error_code: 'amount_exceeds_refundable',
      });
    });
  });

  describe('configuration', () => {
    it('never sends the api_key back', async () => {
      const response = await staff.get(`/api/payment-methods/${method.id}`);
      expect(response.body.preferences).toMatchObject({
        base_url: simUrl,
        api_key: { configured: true, hint: `…${SIM_KEY.slice(-4)}` },
        timeout_ms: TIMEOUT_MS,
      });
      expect(JSON.stringify(response.body)).not.toContain(SIM_KEY);
    });

    it('refuses a command on a sandbox method without base_url (409) and calls nothing', async () => {
      const unconfigured = await staff.post('/api/payment-methods', {
        type: 'sandbox',
        name: 'Sandbox, unconfigured',
        preferences: { api_key: SIM_KEY },
      });
      const { payment } = await givenPayment(app.db, method, { payment_method_id: unconfigured.body.id });
      const response = await staff.post(`/api/payments/${payment.id}/capture`);
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/base_url/);
      expect(await stored(payment.id)).toMatchObject({ status: 'preauth', operation: null });
      expect(await logEntries(payment.id)).toHaveLength(0);
    });
  });
});

/** The adapter alone: its mapping of every kind of answer, including ones the simulator does not give. */
describe('SandboxGateway', () => {
  let simulator: Simulator;
  let simUrl: string;
  let oddServer: Server;
  let oddUrl: string;
  let oddAnswer: { status: number; body: string } = { status: 200, body: '' };

  beforeAll(async () => {
    simulator = createSimulator({ apiKey: SIM_KEY });
    simUrl = await simulator.listen(0);
    oddServer = createServer((_req, res) => {
      res.writeHead(oddAnswer.status, { 'content-type': 'application/json' });
      res.end(oddAnswer.body);
    });
    await new Promise<void>((resolve) => oddServer.listen(0, '127.0.0.1', resolve));
    oddUrl = `http://127.0.0.1:${(oddServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await simulator?.close();
    oddServer?.closeAllConnections();
    await new Promise((resolve) => oddServer?.close(resolve));
  });

  const gateway = (baseUrl = simUrl, apiKey = SIM_KEY) =>
    new SandboxGateway({ baseUrl, apiKey, timeoutMs: TIMEOUT_MS });
  const card = (number: string) => ({ number, month: 12, year: 2030, verification_value: '123', name: 'Ada Lovelace' });

  it('authorize: approved, with the transaction ref, AVS/CVV, and only last four and brand in params', async () => {
    const answer = await gateway().authorize(1_000n, card(VISA), optionsWith('auth-1'));
    expect(answer).toMatchObject({
      outcome: 'success',
      authorization: expect.stringMatching(/^txn_/),
      avs_result: 'Y',
      cvv_result: 'M',
      fraud_review: false,
    });
    expect(answer.params).toMatchObject({ state: 'authorized', card: { last4: '1111', brand: 'visa' } });
    expect(JSON.stringify(answer)).not.toContain(VISA);
    expect(await gateway().retrieve(answer.authorization!, optionsWith('auth-1'))).toMatchObject({
      outcome: 'success',
      params: { operation: 'authorize', state: 'authorized' },
    });
  });

  it('purchase with the fraud-review card: success with the fraud review flag', async () => {
    expect(await gateway().purchase(1_000n, card('4000000000009235'), optionsWith('pur-1'))).toMatchObject({
      outcome: 'success',
      fraud_review: true,
      params: { state: 'captured' },
    });
  });

  it('a declined card: decline with the gateway message and error code', async () => {
    const answer = await gateway().authorize(1_000n, card('4000000000009995'), optionsWith('auth-2'));
    expect(answer).toMatchObject({
      outcome: 'decline',
      message: 'Insufficient funds',
      error_code: 'insufficient_funds',
    });
    expect(JSON.stringify(answer)).not.toContain('4000000000009995');
  });

  it('the processor-timeout card (504): error http_504, and the gateway knows nothing of it', async () => {
    expect(await gateway().authorize(1_000n, card('4000000000000119'), optionsWith('auth-3'))).toMatchObject({
      outcome: 'error',
      error_code: 'http_504',
    });
    expect(await gateway().retrieve('', optionsWith('auth-3'))).toMatchObject({
      outcome: 'error',
      error_code: 'not_found',
    });
  });

  it('a wrong api_key: error http_401, never a decline', async () => {
    expect(await gateway(simUrl, 'wrong').authorize(1_000n, card(VISA), optionsWith('auth-4'))).toMatchObject({
      outcome: 'error',
      error_code: 'http_401',
    });
  });

  it('nothing listening: error connection_refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await gateway(`http://127.0.0.1:${port}`).capture(100n, 'txn_x', optionsWith('cap-x'))).toMatchObject({
      outcome: 'error',
      error_code: 'connection_refused',
    });
  });

  it.each([
    [200, 'not json', 'bad_response'],
    [200, '{"approved": true}', 'bad_response'],
    [200, '[1, 2]', 'bad_response'],
    [404, '<html>not here</html>', 'http_404'],
    [503, '{"approved": true, "id": "txn_1"}', 'http_503'],
  ])('an answer %i %s is an error %s', async (status, body, errorCode) => {
    oddAnswer = { status, body };
    expect(await gateway(oddUrl).capture(100n, 'txn_1', optionsWith('cap-odd'))).toMatchObject({
      outcome: 'error',
      error_code: errorCode,
    });
  });

  it('retrieve: a 404 that is not "operation not found" is an error, never not_found', async () => {
    oddAnswer = { status: 404, body: '{"error": "no_such_route"}' };
    expect(await gateway(oddUrl).retrieve('txn_1', optionsWith('cap-odd'))).toMatchObject({
      outcome: 'error',
      error_code: 'http_404',
    });
  });

  it('retrieve: a fault while asking is an error, never an answer', async () => {
    await fetch(`${simUrl}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'http500', path: 'retrieve' }),
    });
    expect(await gateway().retrieve('txn_1', optionsWith('whatever'))).toMatchObject({
      outcome: 'error',
      error_code: 'http_500',
    });
  });

  it('retrieve: an operation found under the key for another transaction is an error operation_mismatch', async () => {
    const authorized = await gateway().authorize(1_000n, card(VISA), optionsWith('auth-5'));
    const capture = await gateway().capture(1_000n, authorized.authorization!, optionsWith('cap-5'));
    expect(capture.outcome).toBe('success');
    expect(await gateway().retrieve('txn_someone_else', optionsWith('cap-5'))).toMatchObject({
      outcome: 'error',
      error_code: 'operation_mismatch',
    });
  });
});

/** Gateway options for a direct adapter call; only the idempotency key matters to these tests. */
function optionsWith(idempotencyKey: string): GatewayOptions {
  return {
    email: 'ada@example.com',
    ip: '203.0.113.7',
    order_id: 'R100000001-ABCDEFGH',
    currency: 'USD',
    subtotal: 1_000n,
    shipping: 0n,
    tax: 0n,
    discount: 0n,
    billing_address: {
      name: 'Ada Lovelace',
      address1: '1 Analytical Way',
      address2: '',
      city: 'London',
      zip: 'N1 9GU',
      country: 'GB',
      state: '',
    },
    idempotency_key: idempotencyKey,
  };
}

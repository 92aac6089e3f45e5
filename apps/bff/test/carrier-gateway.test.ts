import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CarrierGateway, carrierConfigFrom } from '../src/gateways/carrier.gateway.ts';
import type { GatewayOptions } from '../src/gateways/gateway.ts';
import { randomKey } from './harness.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator.ts';

/**
 * The `carrier` adapter alone, against the operator side of the gateway simulator run as its own process:
 * what each operator answer (and each fault) becomes, checked at the simulator's side too.
 */

const SIM_KEY = 'carrier-adapter-key';
const SECRET = 'carrier-adapter-secret';
const TIMEOUT_MS = 1_500;

describe('CarrierGateway', () => {
  let simulator: SimulatorProcess;

  beforeAll(async () => {
    simulator = await startSimulatorProcess(SIM_KEY, { OPERATOR_NOTIFICATION_SECRET: SECRET });
  }, 60_000);
  afterAll(() => simulator?.stop());
  beforeEach(async () => {
    await simulator.sim('POST', '/_reset');
  });

  const gateway = (baseUrl = simulator.url, apiKey = SIM_KEY) =>
    new CarrierGateway({ baseUrl, apiKey, notificationSecret: SECRET, timeoutMs: TIMEOUT_MS, notifyUrl: null });
  const noCard = { number: '', month: 0, year: 0 };
  const charge = async (id: string) => (await simulator.sim('GET', `/operator/v1/charges/${id}`)).body;
  const decide = (id: string, decision: 'confirm' | 'decline' | 'lapse') =>
    simulator.sim('POST', `/operator/_charges/${id}/${decision}`);
  const fault = (spec: Record<string, unknown>) => simulator.sim('POST', '/operator/_faults', spec);
  const started = async (key = randomKey()) => {
    const answer = await gateway().purchase(499n, noCard, optionsWith(key));
    expect(answer.outcome).toBe('pending');
    return { key, id: answer.authorization! };
  };

  it('purchase: starts the operator charge and answers pending, with the charge id and the page to confirm on', async () => {
    const key = randomKey();
    const answer = await gateway().purchase(499n, noCard, optionsWith(key));
    expect(answer).toMatchObject({
      outcome: 'pending',
      authorization: expect.stringMatching(/^chg_/),
      params: { action: 'purchase', charge_status: 'pending', amount: '499', currency: 'USD', carrier: 'TMOBILE' },
    });
    expect(answer.params.payment_url).toBe(`${simulator.url}/operator/pay/${answer.authorization}`);
    expect(await charge(answer.authorization!)).toMatchObject({
      status: 'pending',
      reference: key,
      carrier: 'TMOBILE',
      region: 310,
      amount: 499,
      currency: 'USD',
    });
    // The same operation again finds the same charge: the operator bills once.
    const again = await gateway().authorize(499n, noCard, optionsWith(key));
    expect(again).toMatchObject({ outcome: 'pending', authorization: answer.authorization });
    expect((await simulator.sim('GET', '/operator/_stats')).body.charges.started).toBe(1);
  });

  it('retrieve: pending while the buyer has not acted, success once confirmed, decline when declined or lapsed', async () => {
    const confirmed = await started();
    expect(await gateway().retrieve(confirmed.id, optionsWith(confirmed.key))).toMatchObject({ outcome: 'pending' });
    await decide(confirmed.id, 'confirm');
    expect(await gateway().retrieve(confirmed.id, optionsWith(confirmed.key))).toMatchObject({
      outcome: 'success',
      authorization: confirmed.id,
      params: { state: 'captured', charge_status: 'confirmed', operation: 'charge' },
    });

    const declined = await started();
    await decide(declined.id, 'decline');
    expect(await gateway().retrieve('', optionsWith(declined.key))).toMatchObject({
      outcome: 'decline',
      error_code: 'charge_declined',
      authorization: declined.id,
    });

    const lapsed = await started();
    await decide(lapsed.id, 'lapse');
    expect(await gateway().retrieve(lapsed.id, optionsWith(lapsed.key))).toMatchObject({
      outcome: 'decline',
      error_code: 'charge_lapsed',
    });
  });

  it('retrieve: never received is not_found; another charge’s key is operation_mismatch; a fault is an error', async () => {
    expect(await gateway().retrieve('', optionsWith('never-sent'))).toMatchObject({
      outcome: 'error',
      error_code: 'not_found',
    });
    const { key } = await started();
    expect(await gateway().retrieve('chg_someone_else', optionsWith(key))).toMatchObject({
      outcome: 'error',
      error_code: 'operation_mismatch',
    });
    await fault({ mode: 'http500', path: 'status' });
    expect(await gateway().retrieve('', optionsWith(key))).toMatchObject({ outcome: 'error', error_code: 'http_500' });
  });

  it('a start that times out is an error, and retrieve then tells whether the operator got it', async () => {
    await fault({ mode: 'timeout', path: 'charge' });
    const lost = randomKey();
    expect(await gateway().purchase(499n, noCard, optionsWith(lost))).toMatchObject({
      outcome: 'error',
      error_code: 'timeout',
    });
    expect(await gateway().retrieve('', optionsWith(lost))).toMatchObject({
      outcome: 'error',
      error_code: 'not_found',
    });

    await fault({ mode: 'succeed_then_error', path: 'charge' });
    const landed = randomKey();
    expect(await gateway().purchase(499n, noCard, optionsWith(landed))).toMatchObject({
      outcome: 'error',
      error_code: 'http_500',
    });
    expect(await gateway().retrieve('', optionsWith(landed))).toMatchObject({
      outcome: 'pending',
      authorization: expect.stringMatching(/^chg_/),
    });
  });

  it('refund: the operator’s refund call, in parts; retrieve finds it by its key', async () => {
    const { id } = await started();
    expect(await gateway().refund(100n, id, optionsWith('refund-early'))).toMatchObject({
      outcome: 'decline',
      error_code: 'charge_pending',
    });
    await decide(id, 'confirm');
    const key = randomKey();
    const refunded = await gateway().refund(199n, id, optionsWith(key));
    expect(refunded).toMatchObject({
      outcome: 'success',
      authorization: expect.stringMatching(/^rf_/),
      params: { amount: '199', refunded_amount: '199' },
    });
    expect((await charge(id)).refunded_amount).toBe(199);
    expect(await gateway().retrieve(id, optionsWith(key))).toMatchObject({
      outcome: 'success',
      authorization: refunded.authorization,
      params: { operation: 'refund' },
    });
    expect(await gateway().refund(301n, id, optionsWith(randomKey()))).toMatchObject({
      outcome: 'decline',
      error_code: 'amount_exceeds_refundable',
    });
    await fault({ mode: 'timeout', path: 'refund' });
    const slow = randomKey();
    expect(await gateway().refund(300n, id, optionsWith(slow))).toMatchObject({
      outcome: 'error',
      error_code: 'timeout',
    });
    expect(await gateway().retrieve(id, optionsWith(slow))).toMatchObject({
      outcome: 'error',
      error_code: 'not_found',
    });
    expect((await charge(id)).refunded_amount).toBe(199);
  });

  it('capture and void are declined without a call; a payment without a carrier is declined without a call', async () => {
    expect(await gateway().capture()).toMatchObject({ outcome: 'decline', error_code: 'capture_not_supported' });
    expect(await gateway().void()).toMatchObject({ outcome: 'decline', error_code: 'void_not_supported' });
    expect(await gateway().purchase(499n, noCard, { ...optionsWith(randomKey()), carrier: null })).toMatchObject({
      outcome: 'decline',
      error_code: 'carrier_required',
    });
    expect((await simulator.sim('GET', '/operator/_stats')).body.charges.started).toBe(0);
  });

  it('a wrong API key is a decline (the operator refused it); no operator at all is an error', async () => {
    expect(await gateway(simulator.url, 'wrong').purchase(499n, noCard, optionsWith(randomKey()))).toMatchObject({
      outcome: 'decline',
      error_code: 'unauthorized',
    });
    expect(await gateway(await closedPortUrl()).purchase(499n, noCard, optionsWith(randomKey()))).toMatchObject({
      outcome: 'error',
      error_code: 'connection_refused',
    });
  });

  it('reads its configuration from the method’s preferences, and refuses an unconfigured method', () => {
    expect(
      carrierConfigFrom({
        base_url: 'http://127.0.0.1:4010/',
        api_key: 'k',
        notification_secret: 's',
        timeout_ms: 2000,
      }),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:4010',
      apiKey: 'k',
      notificationSecret: 's',
      timeoutMs: 2000,
      notifyUrl: null,
    });
    expect(() => carrierConfigFrom({})).toThrow(/base_url/);
    expect(() => carrierConfigFrom({ base_url: 'http://x', notification_secret: 's' })).toThrow(/api_key/);
    expect(() => carrierConfigFrom({ base_url: 'http://x', api_key: 'k' })).toThrow(/notification_secret/);
    expect(() =>
      carrierConfigFrom({ base_url: 'http://x', api_key: 'k', notification_secret: 's', notify_url: 'ftp://x' }),
    ).toThrow(/notify_url/);
  });
});

/** A local URL nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function optionsWith(idempotencyKey: string): GatewayOptions {
  return {
    email: 'ada@example.com',
    ip: '203.0.113.7',
    order_id: 'R100000001-ABCDEFGH',
    currency: 'USD',
    subtotal: 499n,
    shipping: 0n,
    tax: 0n,
    discount: 0n,
    billing_address: { name: '', address1: '', address2: '', city: '', zip: '', country: null, state: '' },
    idempotency_key: idempotencyKey,
    carrier: { name: 'TMOBILE', region: 310 },
  };
}

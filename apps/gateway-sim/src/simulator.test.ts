import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorLogEntry } from './simulator.ts';

const API_KEY = 'test-key';
const VISA = '4111111111111111';

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

describe('gateway simulator', () => {
  let simulator: Simulator;
  let baseUrl: string;
  const logged: SimulatorLogEntry[] = [];

  beforeAll(async () => {
    simulator = createSimulator({ apiKey: API_KEY, log: (entry) => logged.push({ ...entry }) });
    baseUrl = await simulator.listen(0);
  });
  afterAll(() => simulator.close());
  beforeEach(async () => {
    await send('POST', '/_reset');
  });

  async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = 5_000,
  ): Promise<Answer> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }
  const auth = { authorization: `Bearer ${API_KEY}` };
  /** An operation with its own idempotency key (or the one given). */
  const operate = (path: string, body: unknown, key: string = randomUUID(), timeoutMs?: number) =>
    send('POST', `/v1${path}`, body, { ...auth, 'idempotency-key': key }, timeoutMs);
  const charge = (number = VISA, amount = 10_000, action: 'authorize' | 'purchase' = 'authorize', key?: string) =>
    operate(
      `/${action}`,
      {
        amount,
        currency: 'USD',
        order_id: 'R100000001-ABCDEFGH',
        email: 'ada@example.com',
        card: { number, month: 12, year: 2030, cvv: '123' },
      },
      key,
    );
  const authorizedId = async (amount = 10_000) => {
    const answer = await charge(VISA, amount);
    expect(answer.status).toBe(200);
    return answer.body.id as string;
  };
  const lookup = (key: string) => send('GET', `/v1/operations/${key}`, undefined, auth);
  const transaction = (id: string) => send('GET', `/v1/transactions/${id}`, undefined, auth);
  const stats = async () => (await send('GET', '/_stats')).body;
  const fault = (spec: Record<string, unknown>) => send('POST', '/_faults', spec);

  describe('authentication', () => {
    it('refuses /v1 without the API key, or with another one, and runs nothing', async () => {
      const body = { amount: 100, currency: 'USD', order_id: 'R1', card: { number: VISA, month: 1, year: 2030 } };
      expect((await send('POST', '/v1/authorize', body, { 'idempotency-key': 'k1' })).status).toBe(401);
      expect(
        (await send('POST', '/v1/authorize', body, { 'idempotency-key': 'k1', authorization: 'Bearer wrong' })).status,
      ).toBe(401);
      expect((await send('GET', '/v1/operations/k1')).status).toBe(401);
      expect((await stats()).executed.authorize).toBe(0);
    });

    it('needs an Idempotency-Key on every operation', async () => {
      const answer = await send('POST', '/v1/authorize', { amount: 100 }, auth);
      expect(answer).toMatchObject({ status: 400, body: { error: 'idempotency_key_required' } });
    });

    it('refuses to start without an API key', () => {
      expect(() => createSimulator({ apiKey: '' })).toThrow(/API key/);
    });
  });

  describe('POST /v1/authorize and /v1/purchase', () => {
    it('approves the test Visa: authorized, with a transaction ref, and only the last four digits back', async () => {
      const answer = await charge(VISA, 12_345);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        approved: true,
        state: 'authorized',
        amount: 12_345,
        currency: 'USD',
        card: { last4: '1111', brand: 'visa' },
        fraud_review: false,
        cvv_result: 'M',
        message: 'Transaction approved',
      });
      expect(answer.body.id).toMatch(/^txn_/);
      expect(JSON.stringify(answer.body)).not.toContain(VISA);
      expect((await transaction(answer.body.id)).body).toMatchObject({
        id: answer.body.id,
        state: 'authorized',
        authorized_amount: 12_345,
        captured_amount: 0,
      });
    });

    it('captures at once on purchase', async () => {
      const answer = await charge(VISA, 5_000, 'purchase');
      expect(answer.body).toMatchObject({ approved: true, state: 'captured', captured_amount: 5_000 });
    });

    it('flags 4000 0000 0000 9235 for fraud review', async () => {
      const answer = await charge('4000 0000 0000 9235');
      expect(answer.body).toMatchObject({ approved: true, fraud_review: true, state: 'authorized' });
    });

    it.each([
      ['4000000000000002', 'card_declined', 'Card declined'],
      ['4000000000009995', 'insufficient_funds', 'Insufficient funds'],
      ['4000000000000069', 'expired_card', 'Card expired'],
      ['4242424242424242', 'invalid_number', 'Invalid card number for the gateway simulator'],
    ])('declines %s with %s, without the number', async (number, error_code, message) => {
      const answer = await charge(number);
      expect(answer.status).toBe(402);
      expect(answer.body).toMatchObject({ approved: false, error_code, message, card: { last4: number.slice(-4) } });
      expect(JSON.stringify(answer.body)).not.toContain(number);
      expect((await stats()).transactions).toBe(0);
    });

    it('times out at the processor for 4000 0000 0000 0119: 504, and nothing ran', async () => {
      const key = randomUUID();
      const answer = await charge('4000000000000119', 100, 'authorize', key);
      expect(answer).toMatchObject({ status: 504, body: { error: 'processor_timeout' } });
      expect((await lookup(key)).status).toBe(404);
      expect((await stats()).executed.authorize).toBe(0);
    });

    it('declines a malformed request (400) and never repeats the card number', async () => {
      const answer = await operate('/authorize', {
        amount: 10.5,
        currency: 'usd',
        order_id: 'R1',
        card: { number: VISA, month: 13, year: 2030 },
      });
      expect(answer).toMatchObject({ status: 400, body: { approved: false, error_code: 'invalid_request' } });
      expect(JSON.stringify(answer.body)).not.toContain(VISA);
    });

    it('answers invalid JSON with 400', async () => {
      const answer = await send('POST', '/v1/authorize', undefined, {
        ...auth,
        'idempotency-key': 'bad',
        'content-type': 'application/json',
      });
      expect(answer.status).toBe(400);
      const raw = await fetch(`${baseUrl}/v1/authorize`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': 'bad-json' },
        body: '{"amount":',
      });
      expect(raw.status).toBe(400);
      expect(await raw.json()).toMatchObject({ error: 'invalid_json' });
    });
  });

  describe('capture, void and refund', () => {
    it('captures part of an authorization', async () => {
      const id = await authorizedId(10_000);
      const answer = await operate(`/transactions/${id}/capture`, { amount: 8_000 });
      expect(answer).toMatchObject({
        status: 200,
        body: { approved: true, id, state: 'captured', amount: 8_000, captured_amount: 8_000 },
      });
    });

    it('declines a capture above the authorized amount, and a second capture', async () => {
      const id = await authorizedId(10_000);
      expect((await operate(`/transactions/${id}/capture`, { amount: 10_001 })).body).toMatchObject({
        approved: false,
        error_code: 'amount_exceeds_authorized',
      });
      expect((await operate(`/transactions/${id}/capture`, { amount: 10_000 })).status).toBe(200);
      const again = await operate(`/transactions/${id}/capture`, { amount: 1 });
      expect(again).toMatchObject({
        status: 422,
        body: { approved: false, error_code: 'transaction_captured', state: 'captured' },
      });
      expect((await stats()).succeeded.capture).toBe(1);
    });

    it('voids an authorization, and declines a void after capture', async () => {
      const voided = await authorizedId();
      expect((await operate(`/transactions/${voided}/void`, {})).body).toMatchObject({
        approved: true,
        state: 'voided',
      });
      expect((await operate(`/transactions/${voided}/capture`, {})).body).toMatchObject({
        approved: false,
        error_code: 'transaction_voided',
      });

      const captured = await authorizedId();
      await operate(`/transactions/${captured}/capture`, {});
      expect((await operate(`/transactions/${captured}/void`, {})).body).toMatchObject({
        approved: false,
        error_code: 'transaction_captured',
      });
    });

    it('refunds in parts up to what was captured, then is refunded', async () => {
      const id = await authorizedId(10_000);
      await operate(`/transactions/${id}/capture`, { amount: 6_000 });
      expect((await operate(`/transactions/${id}/refund`, { amount: 6_001 })).body).toMatchObject({
        approved: false,
        error_code: 'amount_exceeds_refundable',
      });
      const first = await operate(`/transactions/${id}/refund`, { amount: 2_000 });
      expect(first.body).toMatchObject({ approved: true, state: 'captured', amount: 2_000, refunded_amount: 2_000 });
      expect(first.body.refund_id).toMatch(/^re_/);
      expect((await operate(`/transactions/${id}/refund`, {})).body).toMatchObject({
        approved: true,
        state: 'refunded',
        amount: 4_000,
        refunded_amount: 6_000,
      });
      expect((await operate(`/transactions/${id}/refund`, { amount: 1 })).body).toMatchObject({
        approved: false,
        error_code: 'transaction_refunded',
      });
    });

    it('declines a refund of an authorization that was never captured', async () => {
      const id = await authorizedId();
      expect((await operate(`/transactions/${id}/refund`, { amount: 100 })).body).toMatchObject({
        approved: false,
        error_code: 'transaction_authorized',
      });
    });

    it('declines an unknown transaction with 404', async () => {
      const answer = await operate('/transactions/txn_nope/capture', { amount: 100 });
      expect(answer).toMatchObject({ status: 404, body: { approved: false, error_code: 'transaction_not_found' } });
      expect((await transaction('txn_nope')).status).toBe(404);
    });
  });

  describe('idempotency', () => {
    it('answers the same key with the first answer and runs nothing twice', async () => {
      const id = await authorizedId(10_000);
      const key = randomUUID();
      const first = await operate(`/transactions/${id}/capture`, { amount: 10_000 }, key);
      const second = await operate(`/transactions/${id}/capture`, { amount: 10_000 }, key);
      expect(second.status).toBe(first.status);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const counted = await stats();
      expect(counted.executed.capture).toBe(1);
      expect(counted.replayed.capture).toBe(1);
    });

    it('replays a decline as a decline', async () => {
      const key = randomUUID();
      const first = await charge('4000000000000002', 100, 'authorize', key);
      const second = await charge('4000000000000002', 100, 'authorize', key);
      expect([first.status, second.status]).toEqual([402, 402]);
      expect((await stats()).executed.authorize).toBe(1);
    });

    it('declines the same key with a different request (409) and runs nothing', async () => {
      const id = await authorizedId(10_000);
      const key = randomUUID();
      await operate(`/transactions/${id}/capture`, { amount: 5_000 }, key);
      const reused = await operate(`/transactions/${id}/capture`, { amount: 6_000 }, key);
      expect(reused).toMatchObject({ status: 409, body: { approved: false, error_code: 'idempotency_key_reused' } });
      expect((await transaction(id)).body.captured_amount).toBe(5_000);
    });

    it('tells what became of an operation by its key: succeeded, declined, or never received', async () => {
      const id = await authorizedId(10_000);
      const captured = randomUUID();
      await operate(`/transactions/${id}/capture`, { amount: 7_000 }, captured);
      expect((await lookup(captured)).body).toMatchObject({
        key: captured,
        action: 'capture',
        status: 'succeeded',
        transaction_id: id,
        result: { state: 'captured', amount: 7_000 },
      });

      const declined = randomUUID();
      await operate(`/transactions/${id}/void`, {}, declined);
      expect((await lookup(declined)).body).toMatchObject({
        status: 'declined',
        result: { approved: false, error_code: 'transaction_captured' },
      });

      expect(await lookup('never-sent')).toMatchObject({ status: 404, body: { error: 'operation_not_found' } });
    });
  });

  describe('fault injection', () => {
    it('latency: answers after the delay, and runs the operation', async () => {
      const id = await authorizedId();
      await fault({ mode: 'latency', latency_ms: 300 });
      const started = performance.now();
      const answer = await operate(`/transactions/${id}/capture`, {});
      expect(performance.now() - started).toBeGreaterThanOrEqual(280);
      expect(answer.body).toMatchObject({ approved: true, state: 'captured' });
    });

    it('Request-Deadline: an operation that reaches its turn after its deadline runs nothing; before it, it runs', async () => {
      const id = await authorizedId();
      await fault({ mode: 'latency', latency_ms: 300 });
      const late = randomUUID();
      const deadline = new Date(Date.now() + 100).toISOString();
      const answer = await send(
        'POST',
        `/v1/transactions/${id}/capture`,
        {},
        {
          ...auth,
          'idempotency-key': late,
          'request-deadline': deadline,
        },
      );
      expect(answer).toMatchObject({ status: 504, body: { approved: false, error_code: 'deadline_exceeded' } });
      expect((await transaction(id)).body.state).toBe('authorized');
      expect(await lookup(late)).toMatchObject({ status: 404, body: { error: 'operation_not_found' } });

      const inTime = await send(
        'POST',
        `/v1/transactions/${id}/capture`,
        {},
        {
          ...auth,
          'idempotency-key': late,
          'request-deadline': new Date(Date.now() + 60_000).toISOString(),
        },
      );
      expect(inTime.body).toMatchObject({ approved: true, state: 'captured' });
    });

    it('timeout: holds the request until the client gives up, and runs nothing', async () => {
      const id = await authorizedId();
      await fault({ mode: 'timeout', path: 'capture' });
      const key = randomUUID();
      await expect(operate(`/transactions/${id}/capture`, {}, key, 300)).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      expect((await transaction(id)).body.state).toBe('authorized');
      expect((await lookup(key)).status).toBe(404);
      expect((await stats()).executed.capture).toBe(0);
    });

    it('reset: drops the connection, and runs nothing', async () => {
      const id = await authorizedId();
      await fault({ mode: 'reset' });
      const key = randomUUID();
      await expect(operate(`/transactions/${id}/capture`, {}, key)).rejects.toThrow(/fetch failed/);
      expect((await lookup(key)).status).toBe(404);
      expect((await transaction(id)).body.state).toBe('authorized');
    });

    it('http500: answers 500, and runs nothing', async () => {
      const id = await authorizedId();
      await fault({ mode: 'http500' });
      const key = randomUUID();
      expect(await operate(`/transactions/${id}/capture`, {}, key)).toMatchObject({
        status: 500,
        body: { error: 'internal_error' },
      });
      expect((await lookup(key)).status).toBe(404);
      expect((await stats()).executed.capture).toBe(0);
    });

    it('succeed_then_error: runs and records the operation, answers 500; the retry with the same key is answered without running it again', async () => {
      const id = await authorizedId(10_000);
      await fault({ mode: 'succeed_then_error', path: 'capture' });
      const key = randomUUID();
      expect((await operate(`/transactions/${id}/capture`, { amount: 10_000 }, key)).status).toBe(500);
      expect((await transaction(id)).body).toMatchObject({ state: 'captured', captured_amount: 10_000 });
      expect((await lookup(key)).body).toMatchObject({ status: 'succeeded', result: { state: 'captured' } });

      const retried = await operate(`/transactions/${id}/capture`, { amount: 10_000 }, key);
      expect(retried).toMatchObject({ status: 200, body: { approved: true, state: 'captured' } });
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect((await stats()).executed.capture).toBe(1);
    });

    it('hits only the requests its path names, `count` times, then stops', async () => {
      await fault({ mode: 'http500', path: 'capture', count: 2 });
      const id = await authorizedId(); // authorize: not hit
      expect((await operate(`/transactions/${id}/capture`, {})).status).toBe(500);
      expect((await operate(`/transactions/${id}/capture`, {})).status).toBe(500);
      expect((await operate(`/transactions/${id}/capture`, {})).status).toBe(200);
      const counted = await stats();
      expect(counted.faults_applied.http500).toBe(2);
      expect(counted.faults_pending).toEqual([]);
    });

    it('leaves the lookups alone unless the fault names `retrieve`', async () => {
      await fault({ mode: 'http500' });
      expect((await lookup('nothing')).status).toBe(404);
      await send('DELETE', '/_faults');
      await fault({ mode: 'http500', path: 'retrieve' });
      expect((await lookup('nothing')).status).toBe(500);
    });

    it('lists, clears and validates faults; /_reset forgets everything', async () => {
      expect((await fault({ mode: 'latency', count: 3, latency_ms: 10 })).status).toBe(201);
      expect((await send('GET', '/_faults')).body.faults).toMatchObject([
        { mode: 'latency', remaining: 3, latency_ms: 10, path: null },
      ]);
      expect((await send('DELETE', '/_faults')).body).toEqual({ faults: [] });
      expect((await fault({ mode: 'explode' })).status).toBe(400);
      expect((await fault({ mode: 'http500', count: 0 })).status).toBe(400);
      expect((await fault({ mode: 'http500', path: 'settle' })).status).toBe(400);

      await authorizedId();
      await fault({ mode: 'http500' });
      await send('POST', '/_reset');
      const counted = await stats();
      expect(counted).toMatchObject({ transactions: 0, executed: { authorize: 0 }, faults_pending: [] });
    });
  });

  it('never logs a card number or a body', async () => {
    await charge(VISA);
    await charge('4000000000000002');
    const text = JSON.stringify(logged);
    expect(logged.length).toBeGreaterThan(0);
    expect(text).not.toContain(VISA);
    expect(text).not.toContain('4000000000000002');
    expect(Object.keys(logged.at(-1)!).sort()).toEqual(['duration_ms', 'method', 'path', 'status']);
  });
});

describe('gateway simulator as its own process', () => {
  it('starts with `node --import tsx src/main.ts`, answers, and stops on SIGTERM', async () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd,
      env: { ...process.env, PORT: '0', GATEWAY_SIM_API_KEY: 'process-key', OPERATOR_LAPSE_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const started = /"url":"([^"]+)"/.exec(output);
          if (started) {
            clearTimeout(timer);
            resolve(started[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`the simulator exited (${code}): ${output}`)));
      });
      const answer = await fetch(`${url}/v1/authorize`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer process-key',
          'idempotency-key': 'standalone-1',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          amount: 100,
          currency: 'EUR',
          order_id: 'R2-X',
          card: { number: VISA, month: 1, year: 2031 },
        }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ approved: true, state: 'authorized' });
      expect(
        (await fetch(`${url}/v1/operations/standalone-1`, { headers: { authorization: 'Bearer sandbox-key' } })).status,
      ).toBe(401);

      const operatorCharge = await fetch(`${url}/operator/v1/charges`, {
        method: 'POST',
        headers: { authorization: 'Bearer process-key', 'content-type': 'application/json' },
        body: JSON.stringify({
          carrier: 'TMOBILE',
          region: 310,
          amount: 99,
          currency: 'EUR',
          reference: 'standalone-2',
        }),
      });
      expect(operatorCharge.status).toBe(201);
      const started = (await operatorCharge.json()) as { created_at: string; expires_at: string };
      expect(Date.parse(started.expires_at) - Date.parse(started.created_at)).toBe(60_000);

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(output).toContain('"path":"/v1/authorize","status":200');
      expect(output).not.toContain(VISA);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});

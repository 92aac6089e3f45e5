import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatMinor, OPERATOR_SIGNATURE_HEADER } from './operator.ts';
import { createSimulator, type Simulator } from './simulator.ts';

const API_KEY = 'operator-test-key';
const SECRET = 'whsec_operator_test';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A receiver for the operator's notifications: answers `status` (then 200 once `failFirst` runs out). */
async function startReceiver() {
  const received: Received[] = [];
  const state = { failFirst: 0 };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (state.failFirst > 0) {
      state.failFirst -= 1;
      res.writeHead(503).end();
      return;
    }
    received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return { url, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function verify(secret: string, header: string, raw: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex');
  return (
    Math.abs(Date.now() / 1000 - Number(parts.t)) < 300 &&
    parts.v1?.length === expected.length &&
    timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected))
  );
}

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('gateway simulator: the operator side (carrier billing)', () => {
  let simulator: Simulator;
  let baseUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    simulator = createSimulator({
      apiKey: API_KEY,
      operator: { notificationSecret: SECRET, notifyUrl: receiver.url, lapseAfterMs: 60_000, notifyRetryMs: 20 },
    });
    baseUrl = await simulator.listen(0);
  });
  afterAll(async () => {
    await simulator.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await send('POST', '/_reset');
    receiver.received.length = 0;
    receiver.state.failFirst = 0;
  });

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, body: json && text ? JSON.parse(text) : text, headers: response.headers } as {
      status: number;
      body: any;
      headers: Headers;
    };
  }
  const auth = { authorization: `Bearer ${API_KEY}` };
  const charge = (overrides: Record<string, unknown> = {}) =>
    send(
      'POST',
      '/operator/v1/charges',
      {
        carrier: 'TMOBILE',
        region: 310,
        amount: 499,
        currency: 'USD',
        reference: randomUUID(),
        description: 'Game',
        ...overrides,
      },
      auth,
    );
  const started = async (overrides: Record<string, unknown> = {}) => {
    const answer = await charge(overrides);
    expect(answer.status).toBe(201);
    return answer.body as { id: string; reference: string; confirmation_url: string };
  };
  const decide = (id: string, decision: 'confirm' | 'decline' | 'lapse') =>
    send('POST', `/operator/_charges/${id}/${decision}`);
  const lookup = (id: string) => send('GET', `/operator/v1/charges/${id}`, undefined, auth);
  const operation = (key: string) => send('GET', `/operator/v1/operations/${encodeURIComponent(key)}`, undefined, auth);
  const refund = (id: string, body: unknown, key: string = randomUUID()) =>
    send('POST', `/operator/v1/charges/${id}/refunds`, body, { ...auth, 'idempotency-key': key });
  const stats = async () => (await send('GET', '/operator/_stats')).body;
  const notificationsOf = async (id: string) =>
    (await send('GET', `/operator/_notifications?charge_id=${id}`)).body.notifications as any[];
  const fault = (spec: Record<string, unknown>) => send('POST', '/operator/_faults', spec);

  it('starts a charge: pending, with a charge id and a confirmation URL on the simulator', async () => {
    const reference = randomUUID();
    const answer = await charge({ reference });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: 'pending',
      reference,
      carrier: 'TMOBILE',
      region: 310,
      amount: 499,
      currency: 'USD',
      refunded_amount: 0,
      decided_at: null,
    });
    expect(answer.body.id).toMatch(/^chg_[0-9a-f]{16}$/);
    expect(answer.body.confirmation_url).toBe(`${baseUrl}/operator/pay/${answer.body.id}`);
    expect(Date.parse(answer.body.expires_at) - Date.parse(answer.body.created_at)).toBe(60_000);
    expect((await lookup(answer.body.id)).body).toMatchObject({ id: answer.body.id, status: 'pending' });
    expect(await operation(reference)).toMatchObject({
      status: 200,
      body: { kind: 'charge', status: 'pending', charge: { id: answer.body.id } },
    });
  });

  it('answers the same reference with the same charge, and refuses it for another charge (409)', async () => {
    const reference = randomUUID();
    const first = await charge({ reference });
    const again = await charge({ reference });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await charge({ reference, amount: 500 });
    expect(other).toMatchObject({ status: 409, body: { error: 'reference_reused' } });
    expect((await stats()).charges.started).toBe(1);
  });

  it('refuses a charge without the API key (401) or with bad fields (400), and starts nothing', async () => {
    expect((await send('POST', '/operator/v1/charges', { carrier: 'X' })).status).toBe(401);
    for (const bad of [
      { amount: 4.99 },
      { amount: '499' },
      { amount: 0 },
      { currency: 'usd' },
      { region: 42 },
      { carrier: '' },
      { reference: undefined },
      { notify_url: 'ftp://x' },
    ]) {
      const answer = await charge(bad);
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
    expect((await stats()).charges.started).toBe(0);
  });

  it('shows the buyer a page with Confirm and Decline; confirming notifies Paydesk once, signed', async () => {
    const { id, confirmation_url } = await started();
    const page = await fetch(confirmation_url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('4.99 USD');
    expect(html).toContain('value="confirm"');
    expect(html).toContain('value="decline"');

    const confirmed = await fetch(confirmation_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=confirm',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('data-status="confirmed"');
    expect((await lookup(id)).body).toMatchObject({ status: 'confirmed', decided_at: expect.any(String) });

    const [notification] = await until(
      () => receiver.received,
      (r) => r.length === 1,
    );
    expect(notification!.body).toMatchObject({ type: 'charge.confirmed', charge: { id, status: 'confirmed' } });
    expect(notification!.body.id).toMatch(/^evt_/);
    const signature = notification!.headers[OPERATOR_SIGNATURE_HEADER] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(SECRET, signature, notification!.raw)).toBe(true);
    expect(verify('another-secret', signature, notification!.raw)).toBe(false);
    expect(verify(SECRET, signature, notification!.raw.replace('confirmed', 'declined'))).toBe(false);

    const twice = await fetch(confirmation_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=decline',
    });
    expect(twice.status).toBe(409);
    expect((await lookup(id)).body.status).toBe('confirmed');
    expect(await notificationsOf(id)).toMatchObject([{ type: 'charge.confirmed', outcome: 'delivered' }]);
  });

  it('declines through the test API, and refuses a second decision', async () => {
    const { id } = await started();
    expect(await decide(id, 'decline')).toMatchObject({
      status: 200,
      body: { changed: true, charge: { status: 'declined' } },
    });
    expect(await decide(id, 'confirm')).toMatchObject({
      status: 409,
      body: { changed: false, error: 'charge_not_pending' },
    });
    await until(
      () => receiver.received,
      (r) => r.length === 1,
    );
    expect(receiver.received[0]!.body.type).toBe('charge.declined');
    expect((await decide('chg_nope', 'confirm')).status).toBe(404);
  });

  it('lapses a charge nobody confirms after its time, and notifies it', async () => {
    const quick = createSimulator({
      apiKey: API_KEY,
      operator: { notificationSecret: SECRET, notifyUrl: receiver.url, lapseAfterMs: 150 },
    });
    const url = await quick.listen(0);
    try {
      const answer = await fetch(`${url}/operator/v1/charges`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ carrier: 'VODAFONE', region: 262, amount: 120, currency: 'JPY', reference: 'lapse-1' }),
      });
      const { id } = (await answer.json()) as { id: string };
      const notified = await until(
        () => receiver.received,
        (r) => r.length === 1,
      );
      expect(notified[0]!.body).toMatchObject({ type: 'charge.lapsed', charge: { id, status: 'lapsed' } });
      const confirm = await fetch(`${url}/operator/_charges/${id}/confirm`, { method: 'POST' });
      expect(confirm.status).toBe(409);
      const page = await (await fetch(`${url}/operator/pay/${id}`)).text();
      expect(page).toContain('data-status="lapsed"');
      expect(page).toContain('120 JPY');
    } finally {
      await quick.close();
    }
  });

  it('lapses a charge on demand through the test API', async () => {
    const { id } = await started();
    expect((await decide(id, 'lapse')).body).toMatchObject({ changed: true, charge: { status: 'lapsed' } });
  });

  it('refunds a confirmed charge in parts, replays a refund by its key, and declines the rest', async () => {
    const { id } = await started({ amount: 1_000 });
    const pending = await refund(id, { amount: 100 });
    expect(pending).toMatchObject({ status: 422, body: { approved: false, error_code: 'charge_pending' } });
    await decide(id, 'confirm');

    const key = randomUUID();
    const first = await refund(id, { amount: 400 }, key);
    expect(first).toMatchObject({
      status: 200,
      body: { approved: true, charge_id: id, amount: 400, refunded_amount: 400 },
    });
    expect(first.body.refund_id).toMatch(/^rf_/);
    const replay = await refund(id, { amount: 400 }, key);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await refund(id, { amount: 300 }, key)).status).toBe(409);

    expect((await refund(id, { amount: 601 })).body.error_code).toBe('amount_exceeds_refundable');
    expect((await refund(id, {})).body).toMatchObject({ approved: true, amount: 600, refunded_amount: 1_000 });
    expect((await refund(id, { amount: 1 })).body.error_code).toBe('charge_refunded');
    expect((await lookup(id)).body).toMatchObject({ status: 'confirmed', refunded_amount: 1_000 });

    expect((await operation(key)).body).toMatchObject({
      kind: 'refund',
      status: 'succeeded',
      charge_id: id,
      result: { amount: 400 },
    });
    expect((await refund('chg_nope', {})).status).toBe(404);
    expect((await send('POST', `/operator/v1/charges/${id}/refunds`, {}, auth)).body.error).toBe(
      'idempotency_key_required',
    );
    expect(await operation('never-sent')).toMatchObject({ status: 404, body: { error: 'operation_not_found' } });
    const counted = await stats();
    expect(counted.refunds).toMatchObject({ succeeded: 2, refunded_amount: 1_000 });
  });

  describe('faults', () => {
    it('timeout: holds the start, and no charge exists', async () => {
      await fault({ mode: 'timeout', path: 'charge' });
      const reference = randomUUID();
      await expect(
        fetch(`${baseUrl}/operator/v1/charges`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ carrier: 'T', region: 310, amount: 1, currency: 'USD', reference }),
          signal: AbortSignal.timeout(300),
        }),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
      expect((await operation(reference)).status).toBe(404);
      expect((await stats()).charges.started).toBe(0);
    });

    it('http500: answers 500 and starts nothing; succeed_then_error starts it, then answers 500', async () => {
      await fault({ mode: 'http500', path: 'charge' });
      const lost = randomUUID();
      expect((await charge({ reference: lost })).status).toBe(500);
      expect((await operation(lost)).status).toBe(404);

      await fault({ mode: 'succeed_then_error', path: 'charge' });
      const kept = randomUUID();
      expect((await charge({ reference: kept })).status).toBe(500);
      expect((await operation(kept)).body).toMatchObject({ kind: 'charge', status: 'pending' });
      const retried = await charge({ reference: kept });
      expect(retried.status).toBe(200);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect((await stats()).charges.started).toBe(1);
    });

    it('faults on refunds and on the status lookup only when they name them', async () => {
      const { id } = await started();
      await decide(id, 'confirm');
      await fault({ mode: 'http500' });
      expect((await lookup(id)).status).toBe(200);
      expect((await refund(id, { amount: 1 })).status).toBe(500);
      await fault({ mode: 'http500', path: 'status' });
      expect((await lookup(id)).status).toBe(500);
      expect((await lookup(id)).status).toBe(200);
      expect((await lookup(id)).body.refunded_amount).toBe(0);
    });

    it('notification_lost: the decision stands, and nothing is sent', async () => {
      await fault({ mode: 'notification_lost' });
      const { id } = await started();
      await decide(id, 'confirm');
      expect(await notificationsOf(id)).toMatchObject([{ type: 'charge.confirmed', outcome: 'lost', attempts: [] }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.received).toHaveLength(0);
      expect((await lookup(id)).body.status).toBe('confirmed');
      expect((await stats()).faults_applied.notification_lost).toBe(1);
    });

    it('notification_repeated: the same notification arrives twice', async () => {
      await fault({ mode: 'notification_repeated' });
      const { id } = await started();
      await decide(id, 'decline');
      const got = await until(
        () => receiver.received,
        (r) => r.length === 2,
      );
      expect(got[0]!.raw).toBe(got[1]!.raw);
      expect(got[1]!.body).toMatchObject({ type: 'charge.declined', charge: { id } });
      expect(await notificationsOf(id)).toMatchObject([{ copies: 2, outcome: 'delivered' }]);
    });

    it('retries a notification Paydesk did not take (non-2xx)', async () => {
      receiver.state.failFirst = 1;
      const { id } = await started();
      await decide(id, 'confirm');
      const [record] = await until(
        () => notificationsOf(id),
        (n) => n[0]?.outcome === 'delivered',
      );
      expect(record.attempts.map((a: { status: number }) => a.status)).toEqual([503, 204]);
      expect(receiver.received).toHaveLength(1);
    });

    it('validates fault rules', async () => {
      expect((await fault({ mode: 'explode' })).status).toBe(400);
      expect((await fault({ mode: 'notification_lost', path: 'charge' })).status).toBe(400);
      expect((await fault({ mode: 'http500', path: 'notify' })).status).toBe(400);
      expect((await fault({ mode: 'timeout', path: 'refund', count: 2 })).status).toBe(201);
      expect((await send('GET', '/operator/_faults')).body.faults).toMatchObject([{ mode: 'timeout', remaining: 2 }]);
      expect((await send('DELETE', '/operator/_faults')).body).toEqual({ faults: [] });
    });
  });

  it('sends a charge’s notification to its own notify_url when it names one', async () => {
    const other = await startReceiver();
    try {
      const { id } = await started({ notify_url: other.url });
      await decide(id, 'confirm');
      await until(
        () => other.received,
        (r) => r.length === 1,
      );
      expect(receiver.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('formats minor units without floating point', () => {
    expect(formatMinor(99, 'EUR')).toBe('0.99 EUR');
    expect(formatMinor(120, 'JPY')).toBe('120 JPY');
    expect(formatMinor(1_000, 'KWD')).toBe('1.000 KWD');
  });
});

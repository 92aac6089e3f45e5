import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Stripe from 'stripe';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { stripeClient } from '../src/gateways/stripe.gateway.ts';
import type { ApiClient, TestApp } from './harness.ts';

export const STRIPE_TEST_KEY = 'sk_test_paydesk';
export const STRIPE_WEBHOOK_SECRET = 'whsec_paydesk_test';

/** A free TCP port on 127.0.0.1, as the operating system hands one out. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StripeMock {
  url: string;
  port: number;
  /** A Stripe SDK client on the mock: the test's window on what Stripe really holds. */
  stripe: Stripe;
  close(): Promise<void>;
}

/** stripe-stateful-mock (a Stripe-compatible server, API 2020-08-27) started as its own process on a free port. */
export async function startStripeMock(): Promise<StripeMock> {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('stripe-stateful-mock/package.json')), 'dist', 'cli.js');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [cli], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`stripe-stateful-mock exited: ${stderr}`);
    try {
      const answer = await fetch(`${url}/v1/charges?limit=1`, {
        headers: { authorization: `Bearer ${STRIPE_TEST_KEY}` },
      });
      if (answer.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`stripe-stateful-mock did not start on port ${port}: ${stderr}`);
    }
    await sleep(50);
  }
  return {
    url,
    port,
    stripe: stripeClient({
      secretKey: STRIPE_TEST_KEY,
      apiBase: { host: '127.0.0.1', port, protocol: 'http' },
      timeoutMs: 5_000,
    }),
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A `stripe` payment method pointed at the mock, made through the API. */
export async function givenStripeMethod(
  app: TestApp,
  admin: ApiClient,
  mock: StripeMock,
  overrides: Record<string, unknown> = {},
): Promise<PaymentMethodRow> {
  const created = await admin.post('/api/payment-methods', {
    type: 'stripe',
    name: 'Stripe',
    auto_capture: false,
    preferences: {
      secret_key: STRIPE_TEST_KEY,
      webhook_secret: STRIPE_WEBHOOK_SECRET,
      api_base: mock.url,
      timeout_ms: 5_000,
    },
    ...overrides,
  });
  if (created.status !== 201) throw new Error(`could not make the stripe method: ${JSON.stringify(created.body)}`);
  return (await app.db
    .selectFrom('payment_methods')
    .selectAll()
    .where('id', '=', created.body.id)
    .executeTakeFirstOrThrow()) as PaymentMethodRow;
}

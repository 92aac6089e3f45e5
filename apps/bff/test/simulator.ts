import { createSimulator, type Simulator } from '../../gateway-sim/src/simulator.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import type { ApiClient, TestApp } from './harness.ts';

export type SimCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: any }>;

/** The simulator's own API (faults, stats, transactions), as a test's window on what the gateway really did. */
export function simClient(url: string, apiKey: string): SimCall {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
}

export interface Sandbox {
  simulator: Simulator;
  url: string;
  /** The `sandbox` payment method pointed at the simulator, made through the API. */
  method: PaymentMethodRow;
  sim: SimCall;
}

/** A gateway simulator on a free port, and a sandbox payment method for it. */
export async function startSandbox(
  app: TestApp,
  admin: ApiClient,
  apiKey: string,
  timeoutMs: number,
): Promise<Sandbox> {
  const simulator = createSimulator({ apiKey });
  const url = await simulator.listen(0);
  const created = await admin.post('/api/payment-methods', {
    type: 'sandbox',
    name: 'Sandbox card',
    auto_capture: false,
    preferences: { base_url: url, api_key: apiKey, timeout_ms: timeoutMs },
  });
  if (created.status !== 201) throw new Error(`could not make the sandbox method: ${JSON.stringify(created.body)}`);
  const method = (await app.db
    .selectFrom('payment_methods')
    .selectAll()
    .where('id', '=', created.body.id)
    .executeTakeFirstOrThrow()) as PaymentMethodRow;
  return { simulator, url, method, sim: simClient(url, apiKey) };
}

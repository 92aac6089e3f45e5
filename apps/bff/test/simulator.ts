import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createSimulator, type Simulator } from '../../gateway-sim/src/simulator.ts';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import type { ApiClient, TestApp } from './harness.ts';
import type { Db } from '../src/db/database.ts';

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

export interface SimulatorProcess {
  url: string;
  /** The simulator's own API (faults, stats, charges). */
  sim: SimCall;
  stop(): Promise<void>;
}

/**
 * The gateway simulator as its own process (`node --import tsx src/main.ts` in apps/gateway-sim) on a free
 * port, with `env` (e.g. OPERATOR_NOTIFICATION_SECRET, OPERATOR_LAPSE_MS, OPERATOR_NOTIFY_URL).
 */
export async function startSimulatorProcess(
  apiKey: string,
  env: Record<string, string> = {},
): Promise<SimulatorProcess> {
  const cwd = fileURLToPath(new URL('../../gateway-sim', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, PORT: '0', GATEWAY_SIM_API_KEY: apiKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (output.length < 20_000) output += chunk.toString();
      const started = /"url":"([^"]+)"/.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(started[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${code}): ${output}`));
    });
  });
  // Keep reading its log so that its stdout never fills up.
  child.stdout.resume();
  return {
    url,
    sim: simClient(url, apiKey),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `call`, made while the payment method's `timeout_ms` is `ms`; after it, the timeout is `after` again. */
export async function withMethodTimeout<T>(
  db: Db,
  methodId: number,
  { ms, after }: { ms: number; after: number },
  call: () => Promise<T>,
): Promise<T> {
  const setTimeoutMs = (value: number) =>
    db
      .updateTable('payment_methods')
      .set({ preferences: sql`preferences || jsonb_build_object('timeout_ms', ${value}::int)` })
      .where('id', '=', methodId)
      .execute();
  await setTimeoutMs(ms);
  try {
    return await call();
  } finally {
    await setTimeoutMs(after);
  }
}

import { createSimulator } from './simulator.ts';

/**
 * The gateway simulator as its own process: `pnpm --filter @paydesk/gateway-sim start`.
 * PORT (default 4010), HOST (default 127.0.0.1: the admin endpoints have no authentication, so keep it
 * off public interfaces) and GATEWAY_SIM_API_KEY (default `sandbox-key`).
 */
const port = Number(process.env.PORT ?? 4010);
const host = process.env.HOST ?? '127.0.0.1';
const apiKey = process.env.GATEWAY_SIM_API_KEY || 'sandbox-key';

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`);
  process.exit(1);
}

const simulator = createSimulator({
  apiKey,
  // One JSON line per request: method, path, status, duration, fault. Never a body, so never a card number.
  log: (entry) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
});

const url = await simulator.listen(port, host);
process.stdout.write(
  `${JSON.stringify({ time: new Date().toISOString(), msg: 'gateway simulator listening', url })}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    simulator.close().finally(() => process.exit(0));
  });
}

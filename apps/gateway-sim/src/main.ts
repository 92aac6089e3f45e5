import { createSimulator } from './simulator.ts';

/**
 * The gateway simulator as its own process: `pnpm --filter @paydesk/gateway-sim start`.
 * PORT (default 4010), HOST (default 127.0.0.1: the admin endpoints have no authentication, so keep it
 * off public interfaces) and GATEWAY_SIM_API_KEY (default `sandbox-key`). The operator side (carrier
 * billing): OPERATOR_NOTIFICATION_SECRET, OPERATOR_NOTIFY_URL (where notifications go when a charge names
 * none), OPERATOR_LAPSE_MS (default 900000: a charge nobody confirms lapses after 15 minutes) and
 * OPERATOR_PUBLIC_URL (the base of confirmation links, default the address it listens on).
 */
const port = Number(process.env.PORT ?? 4010);
const host = process.env.HOST ?? '127.0.0.1';
const apiKey = process.env.GATEWAY_SIM_API_KEY || 'sandbox-key';
const lapseAfterMs = process.env.OPERATOR_LAPSE_MS ? Number(process.env.OPERATOR_LAPSE_MS) : undefined;
if (lapseAfterMs !== undefined && (!Number.isSafeInteger(lapseAfterMs) || lapseAfterMs <= 0)) {
  console.error(`OPERATOR_LAPSE_MS must be a positive number of milliseconds, not "${process.env.OPERATOR_LAPSE_MS}".`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`);
  process.exit(1);
}

const simulator = createSimulator({
  apiKey,
  operator: {
    notificationSecret: process.env.OPERATOR_NOTIFICATION_SECRET || undefined,
    notifyUrl: process.env.OPERATOR_NOTIFY_URL || undefined,
    publicUrl: process.env.OPERATOR_PUBLIC_URL || undefined,
    lapseAfterMs,
  },
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

import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import { defaultGateways } from './gateways/registry.ts';
import { startBackgroundWork } from './jobs/background.ts';
import { createLogger, prettyDestination } from './logger.ts';
import { instrumentGateways } from './metrics/instrument-gateways.ts';
import { Metrics } from './metrics/metrics.ts';
import { resealStoredSecrets } from './payment-methods/method-secrets.ts';
import { hasAnyPaymentMethod } from './payment-methods/payment-methods.repository.ts';
import { secretBoxFromEnv } from './secrets/secret-box.ts';
import { seedDemoData } from './seed/seed.ts';

const config = loadConfig();
// Refuses to start in production without PAYDESK_SECRETS_KEY.
const secrets = secretBoxFromEnv();
const logger = createLogger(config.logLevel, config.logFormat === 'pretty' ? prettyDestination() : undefined);
const database = openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
  limits: config.databaseLimits,
});

if (database.kind === 'postgres') {
  // Migrations as the schema's owner (DATABASE_MIGRATION_URL), with no time limits; the app as its own role.
  const owner = openDatabase({ databaseUrl: config.migrationUrl, limits: false, poolSize: 1 });
  try {
    await migrateToLatest(owner.db);
  } finally {
    await owner.close();
  }
} else {
  await migrateToLatest(database.db);
}
if (database.kind === 'pglite' && !(await hasAnyPaymentMethod(database.db))) {
  logger.info('empty embedded database: writing demo data (first start only)');
  const summary = await seedDemoData(database.db, { demoStaff: true });
  logger.info(summary, 'demo data written; sign in as admin@paydesk.test with the password paydesk-demo');
}

if (secrets.development) {
  logger.warn(
    'PAYDESK_SECRETS_KEY is not set: gateway credentials are sealed under the development key, which is no secret',
  );
}
const resealed = await resealStoredSecrets(database.db, secrets);
if (resealed > 0) logger.info({ payment_methods: resealed }, 'gateway credentials sealed under the current key');

const metrics = new Metrics({ processMetrics: true });
// One set of timings for the requests' gateway calls and the background work's.
const gateways = instrumentGateways(defaultGateways(secrets), metrics);
const app = createApp({
  metrics,
  metricsToken: config.metricsToken,
  database,
  logger,
  consoleDir: config.consoleDir,
  trustProxy: config.trustProxy,
  gateways,
  secrets,
  rateLimits: config.rateLimits,
  lockout: config.lockout,
  requestDeadlineMs: config.requestDeadlineMs,
});
const background = startBackgroundWork({
  db: database.db,
  gateways,
  metrics,
  logger,
  captureRunLeaseSeconds: config.captureRunLeaseSeconds,
});
const server: Server = app.listen(config.port, () => {
  logger.info(
    { port: config.port, database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined },
    `Paydesk is serving on http://localhost:${config.port}`,
  );
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  server.close();
  server.closeAllConnections();
  await background.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

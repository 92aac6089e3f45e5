import { existsSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import compression from 'compression';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { apiKeysRouter } from './api-keys/api-keys.routes.ts';
import { captureRunsRouter } from './capture-runs/capture-runs.routes.ts';
import { carrierNotificationsRouter } from './carrier-notifications/carrier-notifications.routes.ts';
import { callbackAttemptsRouter, callbackDeliveriesRouter } from './callbacks/callback-deliveries.routes.ts';
import { productsRouter } from './products/products.routes.ts';
import { needsAttentionRouter } from './reconciliation/reconciliation.routes.ts';
import { transactionsRouter } from './transactions/transactions.routes.ts';
import { auditEventsRouter } from './audit-events/audit-events.routes.ts';
import { authRouter } from './auth/auth.routes.ts';
import { dashboardRouter } from './dashboard/dashboard.routes.ts';
import { auditWrites, authorize } from './auth/authorize.ts';
import { loadSession, requireCsrf, requireSession } from './auth/require-session.ts';
import { loadApiKey } from './api-keys/api-key-auth.ts';
import type { DatabaseHandle } from './db/database.ts';
import { defaultGateways, type GatewayRegistry } from './gateways/registry.ts';
import { fraudDecisionsRouter, fraudReviewsRouter } from './fraud-reviews/fraud-reviews.routes.ts';
import { consoleFiles } from './http/console-files.ts';
import { DEFAULT_EXPORT_CHUNK_SIZE } from './http/csv-export.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits, rateLimiters, staffRequestHit } from './http/rate-limits.ts';
import { jsonBody } from './http/json-body.ts';
import { requestSerializer } from './logger.ts';
import { DEFAULT_REQUEST_DEADLINE_MS } from './http/idempotency.ts';
import { databaseLane } from './http/lanes.ts';
import { logEntriesRouter } from './log-entries/log-entries.routes.ts';
import { metricsHandler, requestMetrics } from './metrics/http-metrics.ts';
import { instrumentGateways } from './metrics/instrument-gateways.ts';
import { Metrics } from './metrics/metrics.ts';
import { monitoringRouter } from './monitoring/monitoring.routes.ts';
import { API_VERSION, openApiRouter } from './openapi/openapi.routes.ts';
import { ordersRouter } from './orders/orders.routes.ts';
import { paymentMethodsRouter } from './payment-methods/payment-methods.routes.ts';
import { paymentsRouter } from './payments/payments.routes.ts';
import { refundApprovalsRouter } from './refund-approvals/refund-approvals.routes.ts';
import { refundReasonsRouter } from './refund-reasons/refund-reasons.routes.ts';
import { refundsRouter } from './refunds/refunds.routes.ts';
import { settingsRouter } from './settings/settings.routes.ts';
import { type SecretBox, secretBoxFromEnv } from './secrets/secret-box.ts';
import { DEFAULT_LOCKOUT, type Lockout } from './staff-users/staff-users.repository.ts';
import { staffUsersRouter } from './staff-users/staff-users.routes.ts';
import { savedViewsRouter } from './saved-views/saved-views.routes.ts';
import { webhooksRouter } from './webhooks/webhooks.routes.ts';

export interface AppOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** The built console to serve; omitted in API-only tests. */
  consoleDir?: string;
  trustProxy?: boolean | number | string;
  gateways?: GatewayRegistry;
  /** Seals and opens the payment methods' gateway credentials (PAYDESK_SECRETS_KEY). */
  secrets?: SecretBox;
  /** Requests per minute, counted in the database (http/rate-limits.ts); any left out keep their default. */
  rateLimits?: Partial<RateLimits>;
  /** How many failed password checks in a row lock an account, and for how long. */
  lockout?: Lockout;
  /** How long a request may hold its Idempotency-Key unanswered (http/idempotency.ts). */
  requestDeadlineMs?: number;
  /** Where request and gateway timings go; the app's own unless given (the server shares one with its jobs). */
  metrics?: Metrics;
  /** How many rows an export (`GET /api/<resource>/export.csv`) reads at a time; http/csv-export.ts's default unless given. */
  exportChunkSize?: number;
  /** The bearer token of `GET /metrics` (PAYDESK_METRICS_TOKEN); without it the endpoint is off. */
  metricsToken?: string;
}

export function createApp({
  database,
  logger,
  consoleDir,
  trustProxy = false,
  secrets = secretBoxFromEnv(),
  metrics = new Metrics(),
  metricsToken,
  gateways: givenGateways = defaultGateways(secrets),
  rateLimits = {},
  lockout = DEFAULT_LOCKOUT,
  requestDeadlineMs = DEFAULT_REQUEST_DEADLINE_MS,
  exportChunkSize = DEFAULT_EXPORT_CHUNK_SIZE,
}: AppOptions): Express {
  const { db } = database;
  const gateways = instrumentGateways(givenGateways, metrics);
  const app = express();
  app.locals.requestDeadlineMs = requestDeadlineMs;
  app.locals.exportChunkSize = exportChunkSize;
  app.set('trust proxy', trustProxy);
  app.disable('x-powered-by');
  // API answers are payment data: never stored by a browser or proxy, so no ETag to compute for each (the
  // console's static files keep theirs).
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // MUI's emotion writes <style> tags at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Served over plain HTTP on localhost too; upgrading would break it.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  app.use(requestMetrics(metrics));
  // Request logs: method, URL, status, time. Never bodies; cookies and tokens redacted.
  app.use(
    pinoHttp({
      logger,
      serializers: { req: requestSerializer },
      autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
    }),
  );
  app.get('/metrics', metricsHandler(metrics, database, metricsToken));

  const api = Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // JSON and CSV answers compressed (brotli or gzip, as the client accepts) above 1 KB: a page of a list is a
  // few KB over the wire instead of tens.
  api.use(compression());
  api.use(jsonBody());
  api.use(cookieParser());
  // After the body is read: a stream's callbacks would not carry the lane.
  api.use(databaseLane);
  api.get('/health', async (_req, res) => {
    await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
    res.json({ status: 'ok', database: database.kind });
  });
  // Every other request is counted against its caller's limit: its staff member, its API key, or (with
  // neither) its address; password checks besides per address.
  const limits = rateLimiters(db, { ...DEFAULT_RATE_LIMITS, ...rateLimits });
  // The intake API's contract, for integrators: public.
  api.use(openApiRouter(API_VERSION));
  // Storefronts: API keys, not staff sessions.
  api.use('/v1', loadApiKey(db), limits.perCaller, transactionsRouter({ db, gateways }));
  // The staff member's hit of the per-caller limit counted in the session's lookup (one round trip for both).
  api.use(loadSession(db, { countHit: staffRequestHit }), limits.perCaller);
  api.post(['/auth/login', '/auth/password'], limits.passwordChecks);
  api.use('/auth', authRouter(db, lockout));

  api.use(requireSession(db), requireCsrf);
  // Each resource: who may do what (403 and an audit event otherwise), then every write audited.
  const resource = (name: string, router: Router, { writable = false } = {}) =>
    api.use(`/${name}`, authorize(db, name), ...(writable ? [auditWrites(db, name)] : []), router);
  resource('payments', paymentsRouter({ db, gateways }));
  resource('capture-runs', captureRunsRouter({ db, gateways }));
  resource('fraud-reviews', fraudReviewsRouter({ db, gateways }));
  resource('fraud-decisions', fraudDecisionsRouter({ db, gateways }));
  resource('orders', ordersRouter({ db, gateways }));
  resource('payment-methods', paymentMethodsRouter(db, secrets), { writable: true });
  resource('log-entries', logEntriesRouter(db));
  resource('refunds', refundsRouter(db));
  resource('refund-approvals', refundApprovalsRouter({ db, gateways }));
  resource('refund-reasons', refundReasonsRouter(db), { writable: true });
  resource('staff-users', staffUsersRouter(db), { writable: true });
  resource('audit-events', auditEventsRouter(db));
  resource('settings', settingsRouter(db), { writable: true });
  resource('products', productsRouter(db), { writable: true });
  resource('api-keys', apiKeysRouter(db), { writable: true });
  resource('callback-deliveries', callbackDeliveriesRouter(db));
  resource('callback-attempts', callbackAttemptsRouter(db));
  resource('needs-attention', needsAttentionRouter(db));
  resource('monitoring', monitoringRouter(db));
  resource('dashboard', dashboardRouter(db));
  resource('saved-views', savedViewsRouter(db));
  api.use(notFoundHandler);
  // Gateways' webhooks: signed by the gateway over the raw body, so before the API's JSON parser and sessions.
  // Carrier operators' notifications carry the charge's outcome, signed with the method's notification secret.
  app.use('/api/webhooks/carrier', carrierNotificationsRouter({ db, gateways }, secrets));
  app.use('/api/webhooks', webhooksRouter({ db, gateways }));
  app.use('/api', api);

  if (consoleDir && existsSync(path.join(consoleDir, 'index.html'))) {
    // Precompressed, cached for a year when hashed; the console routes on the client, so other GETs get its page.
    app.use(consoleFiles(consoleDir));
  }
  app.use(errorHandler(logger));
  return app;
}

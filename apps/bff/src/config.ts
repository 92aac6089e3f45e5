import { DEFAULT_STUCK_AFTER_SECONDS } from '@paydesk/domain';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type DatabaseLimits } from './db/database.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limits.ts';
import { DEFAULT_LOCKOUT, type Lockout } from './staff-users/staff-users.repository.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT: `pretty`, `json`, or `auto` (the default): pretty on a terminal, JSON when piped or collected. */
export function logFormat(raw: string | undefined, stdoutIsTty: boolean): LogFormat {
  const value = (raw ?? 'auto').trim().toLowerCase() || 'auto';
  if (value === 'pretty' || value === 'json') return value;
  if (value === 'auto') return stdoutIsTty ? 'pretty' : 'json';
  throw new Error(`LOG_FORMAT must be auto, pretty or json, not "${raw}".`);
}

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  /** Who runs the migrations (and seeding): the schema's owner. Defaults to databaseUrl. */
  migrationUrl: string | undefined;
  databaseLimits: DatabaseLimits;
  /** How long a request may hold its Idempotency-Key unanswered before a retry may take it over. */
  requestDeadlineMs: number;
  /** The bearer token of GET /metrics; undefined turns the endpoint off. */
  metricsToken: string | undefined;
  dataDir: string;
  consoleDir: string;
  logLevel: string;
  /** `pretty`: one readable, coloured line per entry (pino-pretty); `json`: one JSON object per line. */
  logFormat: LogFormat;
  trustProxy: boolean | number | string;
  /** Requests per minute: password checks and unauthenticated requests per address, per staff member, per API key. */
  rateLimits: RateLimits;
  /** Failed password checks in a row that lock an account, and the lock's minutes. */
  lockout: Lockout;
  /** Seconds a capture run's item in flight stays with its instance without a renewal (renewed every third). */
  captureRunLeaseSeconds: number;
}

/**
 * Everything Paydesk reads from its environment, in one place (the README lists it), except the secrets key,
 * which only the server reads (secrets/secret-box.ts: secretBoxFromEnv).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // pnpm runs scripts inside the package; relative paths mean the folder the user typed the command in.
  const invokedFrom = env.INIT_CWD ?? process.cwd();
  if (env.PAYDESK_TEST_FAST_PASSWORD_HASHING)
    throw new Error('PAYDESK_TEST_FAST_PASSWORD_HASHING is for the test suite only: unset it to run Paydesk.');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    migrationUrl: env.DATABASE_MIGRATION_URL || env.DATABASE_URL || undefined,
    databaseLimits: {
      acquireTimeoutMs: whole(env, 'PAYDESK_DB_ACQUIRE_TIMEOUT_MS', DEFAULT_LIMITS.acquireTimeoutMs),
      lockTimeoutMs: whole(env, 'PAYDESK_DB_LOCK_TIMEOUT_MS', DEFAULT_LIMITS.lockTimeoutMs),
      statementTimeoutMs: whole(env, 'PAYDESK_DB_STATEMENT_TIMEOUT_MS', DEFAULT_LIMITS.statementTimeoutMs),
      readPoolSize: whole(env, 'PAYDESK_DB_READ_POOL_SIZE', DEFAULT_LIMITS.readPoolSize),
      runsPoolSize: whole(env, 'PAYDESK_DB_RUNS_POOL_SIZE', DEFAULT_LIMITS.runsPoolSize),
    },
    requestDeadlineMs: whole(env, 'PAYDESK_REQUEST_DEADLINE_SECONDS', 300) * 1000,
    metricsToken: metricsToken(env.PAYDESK_METRICS_TOKEN),
    dataDir: env.PAYDESK_DATA_DIR ? path.resolve(invokedFrom, env.PAYDESK_DATA_DIR) : path.join(repoRoot, '.data'),
    consoleDir: env.PAYDESK_CONSOLE_DIR
      ? path.resolve(invokedFrom, env.PAYDESK_CONSOLE_DIR)
      : path.join(repoRoot, 'apps/console/dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    logFormat: logFormat(env.LOG_FORMAT, Boolean(process.stdout.isTTY)),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimits: {
      loginPerMinute: perMinute(env, 'PAYDESK_LOGIN_RATE_LIMIT', DEFAULT_RATE_LIMITS.loginPerMinute),
      apiPerMinute: perMinute(env, 'PAYDESK_API_RATE_LIMIT', DEFAULT_RATE_LIMITS.apiPerMinute),
      intakePerMinute: perMinute(env, 'PAYDESK_INTAKE_RATE_LIMIT', DEFAULT_RATE_LIMITS.intakePerMinute),
      publicPerMinute: perMinute(env, 'PAYDESK_PUBLIC_RATE_LIMIT', DEFAULT_RATE_LIMITS.publicPerMinute),
    },
    lockout: {
      failures: whole(env, 'PAYDESK_LOCKOUT_FAILURES', DEFAULT_LOCKOUT.failures),
      minutes: whole(env, 'PAYDESK_LOCKOUT_MINUTES', DEFAULT_LOCKOUT.minutes),
    },
    captureRunLeaseSeconds: seconds(env, 'PAYDESK_CAPTURE_RUN_LEASE_SECONDS', 60),
  };
}

function perMinute(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`${name} must be a whole number of requests per minute, not "${value}".`);
  return Number(value);
}

/** How old a gateway call's claim is before the reconciler takes it for stuck (its process died). */
export function stuckAfterSeconds(env: NodeJS.ProcessEnv = process.env): number {
  return seconds(env, 'PAYDESK_STUCK_AFTER_SECONDS', DEFAULT_STUCK_AFTER_SECONDS);
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`${name} must be a whole number of seconds, not "${value}".`);
  return Number(value);
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`${name} must be a whole number above 0, not "${value}".`);
  return Number(value);
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function metricsToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16 || /\s/.test(value))
    throw new Error('PAYDESK_METRICS_TOKEN must be at least 16 characters with no spaces (openssl rand -hex 32).');
  return value;
}

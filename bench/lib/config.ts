import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BFF_DIR = path.join(ROOT, 'apps/bff');
export const CONSOLE_DIST = path.join(ROOT, 'apps/console/dist');

export interface BenchConfig {
  /** The benchmark database (dropped and recreated unless reused). */
  databaseUrl: string;
  /** The same server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  databaseName: string;
  /** Explicitly given through BENCH_DATABASE_URL (else the default paydesk_bench). */
  explicitUrl: boolean;
  reuse: boolean;
  payments: number;
  durationS: number;
  warmupS: number;
  clients: number;
  chromium: string;
  /** BENCH_ONLY: the benchmarks to run (lists, show, monitoring, console, pgbench, capture, refund, instances, statements, runs); all when unset. */
  only?: string[];
}

export const BENCHMARK_KEYS = [
  'lists',
  'show',
  'monitoring',
  'console',
  'pgbench',
  'capture',
  'refund',
  'instances',
  'statements',
  'runs',
  'detection',
  'monitoring10m',
];

function onlyBenchmarks(): string[] | undefined {
  const raw = process.env.BENCH_ONLY;
  if (!raw) return undefined;
  const keys = raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = keys.filter((k) => !BENCHMARK_KEYS.includes(k));
  if (unknown.length)
    throw new Error(`BENCH_ONLY: unknown benchmark ${unknown.join(', ')} (choose from ${BENCHMARK_KEYS.join(', ')}).`);
  return keys;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/paydesk_bench';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a whole number above 0, not "${raw}".`);
  return value;
}

export function loadBenchConfig(): BenchConfig {
  const explicitUrl = Boolean(process.env.BENCH_DATABASE_URL);
  const databaseUrl = process.env.BENCH_DATABASE_URL || DEFAULT_URL;
  const url = new URL(databaseUrl);
  const databaseName = decodeURIComponent(url.pathname.replace(/^\//, ''));
  // The bench drops and recreates its database: refuse anything that does not look like a bench database.
  if (!/^[a-z_][a-z0-9_]*$/.test(databaseName) || !databaseName.includes('bench')) {
    throw new Error(
      `BENCH_DATABASE_URL must name a database whose name contains "bench" (it is dropped and recreated), not "${databaseName}".`,
    );
  }
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const durationS = positiveInt('BENCH_DURATION_S', 20);
  return {
    databaseUrl,
    adminUrl: admin.toString(),
    databaseName,
    explicitUrl,
    reuse: process.env.BENCH_REUSE === '1',
    payments: positiveInt('BENCH_PAYMENTS', 1_000_000),
    durationS,
    warmupS: Math.min(5, Math.max(1, Math.round(durationS / 5))),
    clients: 16,
    chromium: process.env.PAYDESK_CHROMIUM ?? '/usr/bin/chromium',
    only: onlyBenchmarks(),
  };
}

/** The same server, another database. */
export function withDatabase(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

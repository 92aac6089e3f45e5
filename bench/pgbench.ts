import { existsSync } from 'node:fs';
import { withDatabase, type BenchConfig } from './lib/config.ts';
import { dropDatabase, recreateDatabase } from './lib/database.ts';
import { cpuMeter, type CpuUse } from './lib/cpu.ts';
import { run } from './lib/processes.ts';

/**
 * The yardstick for the command benchmarks: pgbench's TPC-B-like transaction (3 UPDATEs, a SELECT and an
 * INSERT, committed) with the same 16 clients, on a scratch database on the same server, in the same run.
 */

export interface PgbenchResult {
  tps: number;
  scale: number;
  clients: number;
  threads: number;
  seconds: number;
  command: string;
  /** Mean latency per transaction (ms), as pgbench reports it. */
  latencyMs?: number;
  cpu?: CpuUse;
}

function pgbenchBinary(): string {
  for (const candidate of ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'])
    if (existsSync(candidate)) return candidate;
  return 'pgbench';
}

export async function runPgbench(config: BenchConfig, durationS: number): Promise<PgbenchResult> {
  const name = `${config.databaseName}_pgbench`;
  const url = new URL(withDatabase(config.databaseUrl, name));
  // libpq's environment, from the bench URL.
  const env = {
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    PGDATABASE: name,
  };
  const binary = pgbenchBinary();
  const scale = 10;
  const clients = 16;
  const threads = 2;
  await recreateDatabase(config, name);
  try {
    await run(binary, ['-i', '-s', String(scale), '-q'], { env, quiet: true });
    const args = ['-c', String(clients), '-j', String(threads), '-T', String(durationS), '-b', 'tpcb-like'];
    const meter = cpuMeter([]);
    const output = await run(binary, args, { env, quiet: true });
    const cpu = meter.stop();
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]) || undefined;
    const tps =
      /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? /tps = ([\d.]+)/.exec(output)?.[1];
    if (!tps) throw new Error(`Could not read pgbench's TPS:\n${output}`);
    return {
      tps: Number(tps),
      scale,
      clients,
      threads,
      seconds: durationS,
      command: `pgbench -i -s ${scale} && pgbench ${args.join(' ')}`,
      latencyMs,
      cpu,
    };
  } finally {
    await dropDatabase(config, name);
  }
}

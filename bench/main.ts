import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  benchCapture,
  benchHealthThroughput,
  benchRefund,
  CapturePool,
  type CaptureRun,
  type LoadResult,
  type RefundRun,
} from './commands.ts';
import { benchConsole, snapshotConsole, type ConsoleResult } from './console.ts';
import { benchDetection, writeDetectionSection, type DetectionResult } from './detection.ts';
import { benchMonitoring10m, writeMonitoring10mSection, type Monitoring10mResult } from './monitoring-10m.ts';
import { loadBenchConfig } from './lib/config.ts';
import { describeMachine, dropDatabase, prepareDatabase, type Machine, type PreparedDatabase } from './lib/database.ts';
import { loginClients } from './lib/http.ts';
import { killAll, startBff, type RunningBff } from './lib/processes.ts';
import { benchFloor, benchLists, type ListResult } from './lists.ts';
import type { Latency } from './lib/stats.ts';
import { benchMonitoring, type MonitoringResult } from './monitoring.ts';
import { runPgbench, type PgbenchResult } from './pgbench.ts';
import { printTable, writeReport } from './report.ts';
import { benchShow, type ShowResult } from './show.ts';
import { countCommandStatements, type CommandStatements } from './statements.ts';
import { benchRuns, writeRunsSection, type RunsResult } from './runs.ts';

/**
 * `pnpm bench`: seeds (or reuses) a PostgreSQL database, starts the BFF as a child process, runs the
 * benchmarks one after another, prints a table and writes BENCHMARKS.md. Every child is ended on the way out.
 */

export interface Results {
  config: ReturnType<typeof loadBenchConfig>;
  machine: Machine;
  loadAverageEnd?: number[];
  startedAt: Date;
  finishedAt?: Date;
  database?: PreparedDatabase;
  lists?: ListResult[];
  floor?: Latency;
  show?: ShowResult;
  pgbench?: PgbenchResult;
  capture?: CaptureRun;
  healthLoad?: LoadResult;
  refund?: RefundRun;
  monitoring?: MonitoringResult[];
  console?: ConsoleResult;
  twoInstances?: CaptureRun;
  statements?: CommandStatements;
  runs?: RunsResult;
  detection?: DetectionResult;
  monitoring10m?: Monitoring10mResult;
  errors: string[];
}

const log = (line: string) => console.error(line);

class RunsOnly extends Error {}

/** Every run's results, so that BENCHMARKS.md can be written again from them (BENCH_REPORT_FROM=<this file>). */
const LAST_RUN = path.join(os.tmpdir(), 'paydesk-bench-last-run.json');

async function main(): Promise<number> {
  if (process.env.BENCH_REPORT_FROM) {
    const saved = JSON.parse(readFileSync(process.env.BENCH_REPORT_FROM, 'utf8'), (key, value) =>
      ['startedAt', 'finishedAt', 'builtAt'].includes(key) && typeof value === 'string' ? new Date(value) : value,
    ) as Results;
    printTable(saved);
    await writeReport(saved);
    return 0;
  }
  const config = loadBenchConfig();
  const results: Results = { config, machine: await describeMachine(config), startedAt: new Date(), errors: [] };
  log(
    `Bench: ${config.payments} payments in ${config.databaseName}; ${config.durationS} s runs after ${config.warmupS} s warm-up; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  /** One benchmark; a failure is reported and the others still run. BENCH_ONLY=capture,refund runs those alone. */
  const step = async <T>(name: string, work: () => Promise<T>, key: string): Promise<T | undefined> => {
    if (config.only && !config.only.includes(key)) return undefined;
    log(`\n== ${name}`);
    const started = Date.now();
    try {
      const value = await work();
      log(`   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return value;
    } catch (error) {
      const message = `${name}: ${(error as Error).stack ?? String(error)}`;
      log(`   FAILED ${message}`);
      results.errors.push(message);
      return undefined;
    }
  };

  const instances: RunningBff[] = [];
  // Capture runs, spike detection and the 10M-entry monitoring bench need neither the big database nor the built console.
  const standalone =
    config.only?.every((key) => key === 'runs' || key === 'detection' || key === 'monitoring10m') ?? false;
  const consoleCopy = standalone ? undefined : await snapshotConsole();
  try {
    if (standalone) throw new RunsOnly();
    results.database = await prepareDatabase(config);
    const bff = await startBff(config.databaseUrl, consoleCopy?.dir);
    instances.push(bff);
    const clients = await loginClients(bff.url, config.clients);

    results.lists = await step(
      '1. payments list',
      () => benchLists({ databaseUrl: config.databaseUrl, clients, payments: config.payments, log }),
      'lists',
    );
    results.floor = await step('1. the floor: GET /api/health', () => benchFloor(clients), 'lists');
    results.show = await step(
      '2. payment show page',
      () => benchShow({ databaseUrl: config.databaseUrl, clients }),
      'show',
    );
    results.monitoring = await step('5. monitoring endpoints', () => benchMonitoring(clients), 'monitoring');
    results.console = await step(
      '6. console',
      () =>
        benchConsole({ baseUrl: bff.url, client: clients[0]!, chromiumPath: config.chromium, console: consoleCopy }),
      'console',
    );
    // pgbench right before the command runs, on the same server: the yardstick for them.
    results.pgbench = await step('pgbench tpcb-like', () => runPgbench(config, config.durationS), 'pgbench');
    const pool = new CapturePool(config.databaseUrl);
    const timing = { durationS: config.durationS, warmupS: config.warmupS };
    results.healthLoad = await step(
      '3. the floor: GET /api/health, 16 clients',
      () => benchHealthThroughput({ clients, pids: [bff.pid], ...timing }),
      'capture',
    );
    results.capture = await step(
      '3. capture throughput',
      () => benchCapture({ databaseUrl: config.databaseUrl, clients, pids: [bff.pid], pool, ...timing }),
      'capture',
    );
    results.refund = await step(
      '4. refund throughput',
      () => benchRefund({ databaseUrl: config.databaseUrl, clients, pids: [bff.pid], ...timing }),
      'refund',
    );
    results.twoInstances = await step(
      '7. two BFF instances, one PostgreSQL',
      async () => {
        const second = await startBff(config.databaseUrl, consoleCopy?.dir);
        instances.push(second);
        // Half the clients move to the second instance: clients i and i + 8 are on different instances.
        const half = config.clients / 2;
        const moved = await loginClients(second.url, half);
        const mixed = [...clients.slice(0, half), ...moved];
        return benchCapture({
          databaseUrl: config.databaseUrl,
          clients: mixed,
          pids: [bff.pid, second.pid],
          pool,
          ...timing,
        });
      },
      'instances',
    );
    results.statements = await step(
      'statements per command',
      async () => countCommandStatements(config.databaseUrl, (await pool.take(1))[0]),
      'statements',
    );
    results.runs = await step('8. capture runs', () => benchRuns(config), 'runs');
    results.detection = await step('9. spike detection', () => benchDetection(config, log), 'detection');
    results.monitoring10m = await step(
      '10. monitoring over 10,000,000 log entries',
      () => benchMonitoring10m(config, log),
      'monitoring10m',
    );
  } catch (error) {
    if (error instanceof RunsOnly) {
      results.runs = await step('8. capture runs', () => benchRuns(config), 'runs');
      results.detection = await step('9. spike detection', () => benchDetection(config, log), 'detection');
      results.monitoring10m = await step(
        '10. monitoring over 10,000,000 log entries',
        () => benchMonitoring10m(config, log),
        'monitoring10m',
      );
    } else {
      results.errors.push((error as Error).stack ?? String(error));
      log(`FAILED: ${(error as Error).stack ?? String(error)}`);
    }
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    killAll();
    consoleCopy?.remove();
  }
  results.finishedAt = new Date();
  results.loadAverageEnd = os.loadavg();

  writeFileSync(LAST_RUN, JSON.stringify(results));
  printTable(results);
  // BENCHMARKS.md is the whole suite's report: a partial run (BENCH_ONLY) only prints its table.
  if (results.lists && !config.only) await writeReport(results);
  // Capture runs have their own section of BENCHMARKS.md, written whenever they are measured.
  if (results.runs) writeRunsSection(results.runs);
  // So has spike detection.
  if (results.detection) writeDetectionSection(results.detection);
  if (results.monitoring10m) writeMonitoring10mSection(results.monitoring10m);
  log(`Results saved in ${LAST_RUN} (BENCH_REPORT_FROM=${LAST_RUN} pnpm bench writes BENCHMARKS.md from them again).`);
  if (!config.reuse) {
    log(`Dropping ${config.databaseName} (BENCH_REUSE=1 keeps it for the next run).`);
    await dropDatabase(config, config.databaseName).catch((error) =>
      log(`Could not drop ${config.databaseName}: ${error}`),
    );
  }
  return results.errors.length ? 1 : 0;
}

// However the bench ends, its children end with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
process.once('exit', killAll);

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);

import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BFF_DIR, loadBenchConfig, ROOT, withDatabase } from './lib/config.ts';
import { createBenchStaff, describeMachine, recreateDatabase } from './lib/database.ts';
import { pgPool } from './lib/deps.ts';
import { BENCH_EMAIL, BENCH_PASSWORD } from './lib/http.ts';
import { killAll, run, rssOf, sampleRss, startBff } from './lib/processes.ts';

/**
 * `pnpm bench:exports`: the CSV export of the payments list (`GET /api/payments/export.csv`) over
 * BENCH_EXPORT_PAYMENTS payments (default 1,000,000, `pnpm seed`), on its own PostgreSQL database
 * (<bench>_exports; BENCH_REUSE=1 keeps it). One BFF process (`node --import tsx src/server.ts`), its RSS
 * sampled every 250 ms from /proc:
 * 1. every payment, newest first, read as fast as this client can;
 * 2. a filtered and sorted export (status refunded, by total);
 * 3. a client that stops reading after its first megabyte for 10 s, then goes away: the BFF must not buffer
 *    what the client does not take, and the export is audited as cut short.
 * Prints Markdown and writes BENCHMARKS.md's "CSV exports" section.
 */

const PAYMENTS = Number(process.env.BENCH_EXPORT_PAYMENTS ?? 1_000_000);
const MB = 1024 * 1024;

interface Streamed {
  status: number;
  bytes: number;
  lines: number;
  seconds: number;
}

async function signIn(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** Reads the export to its end (or, with `stallAfter`, stops reading there for `stallMs`, then hangs up). */
function download(url: string, cookie: string, stall?: { after: number; ms: number }): Promise<Streamed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { cookie } }, (response) => {
      let bytes = 0;
      let lines = 0;
      const done = () =>
        resolve({ status: response.statusCode ?? 0, bytes, lines, seconds: (performance.now() - started) / 1000 });
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
        if (stall && bytes >= stall.after) {
          response.pause();
          setTimeout(() => {
            request.destroy();
            done();
          }, stall.ms);
          stall = undefined;
        }
      });
      response.on('end', done);
      response.on('error', reject);
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

async function measured<T>(pid: number, work: () => Promise<T>) {
  const rss = sampleRss(pid);
  const result = await work();
  return { result, rss: rss.stop()! };
}

const mb = (bytes: number) => (bytes / MB).toFixed(0);

async function main(): Promise<void> {
  const base = loadBenchConfig();
  const name = `${base.databaseName}_exports`;
  const config = { ...base, databaseName: name, databaseUrl: withDatabase(base.databaseUrl, name) };
  const machine = await describeMachine(config);
  const loadStart = os.loadavg();
  const db = pgPool(config.databaseUrl, 1);
  const existing = config.reuse
    ? await db
        .query<{ n: number }>('SELECT count(*)::int AS n FROM payments')
        .then((r) => r.rows[0]!.n)
        .catch(() => 0)
    : 0;
  if (existing < PAYMENTS) {
    await db.end();
    await recreateDatabase(config, name);
    console.error(`Seeding ${PAYMENTS} payments into ${name}...`);
    await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'seed', '--payments', String(PAYMENTS)], {
      cwd: BFF_DIR,
      env: { DATABASE_URL: config.databaseUrl },
      quiet: true,
    });
  } else await db.end();
  await createBenchStaff(config);
  const pool = pgPool(config.databaseUrl, 1);
  await pool.query('VACUUM (ANALYZE)');
  const countOf = async (where: string) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE ${where}`)).rows[0]!.n;
  const payments = await countOf('true');

  const bff = await startBff(config.databaseUrl);
  try {
    const cookie = await signIn(bff.url);
    // Warm: the first requests plan and prepare the statements.
    await download(`${bff.url}/api/payments/export.csv?filter=${encodeURIComponent('{"id":1}')}`, cookie);
    const idle = rssOf(bff.pid)!;

    console.error('Exporting every payment...');
    const all = await measured(bff.pid, () => download(`${bff.url}/api/payments/export.csv`, cookie));
    const afterAll = rssOf(bff.pid)!;
    const filter = encodeURIComponent('{"status":["refunded"]}');
    const sort = encodeURIComponent('["total","ASC"]');
    console.error('Exporting the refunded ones by total...');
    // The BFF's background jobs (reconciliation of the seed's unknown outcomes) may move payments meanwhile.
    const refundedBefore = await countOf(`status = 'refunded'`);
    const filtered = await measured(bff.pid, () =>
      download(`${bff.url}/api/payments/export.csv?filter=${filter}&sort=${sort}`, cookie),
    );
    const refundedAfter = await countOf(`status = 'refunded'`);
    const refunded =
      refundedBefore === refundedAfter
        ? `${refundedBefore.toLocaleString('en')} refunded`
        : `${refundedBefore.toLocaleString('en')} refunded before, ${refundedAfter.toLocaleString('en')} after`;
    console.error('A client that stops reading...');
    const beforeStall = rssOf(bff.pid)!;
    const stalled = await measured(bff.pid, () =>
      download(`${bff.url}/api/payments/export.csv`, cookie, { after: MB, ms: 10_000 }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const audits = (
      await pool.query<{ outcome: string; note: string }>(
        `SELECT outcome, note FROM audit_events WHERE action = 'payments.export' ORDER BY id DESC LIMIT 1`,
      )
    ).rows[0];

    const rows = (s: Streamed) => s.lines - 1;
    const section = [
      '<!-- exports -->',
      '## CSV exports',
      '',
      `Measured by \`pnpm bench:exports\` (bench/exports.ts) on ${new Date().toISOString()}: ${payments.toLocaleString('en')} payments (\`pnpm seed\`) on PostgreSQL (${machine.postgres}), one BFF process (\`node --import tsx src/server.ts\`, chunks of 1,000 rows), its RSS sampled every 250 ms; the client on the same machine (${machine.cpuModel}, ${machine.cores} cores, load average ${loadStart.map((l) => l.toFixed(2)).join(', ')} at start, ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} at end: the machine was shared).`,
      '',
      '| export | rows | size | seconds | rows/s | BFF RSS |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      `| every payment, newest first | ${rows(all.result).toLocaleString('en')} | ${mb(all.result.bytes)} MB | ${all.result.seconds.toFixed(1)} | ${Math.round(rows(all.result) / all.result.seconds).toLocaleString('en')} | idle ${mb(idle)} MB; peak ${mb(all.rss.peak)} MB, mean ${mb(all.rss.mean)} MB, ${mb(afterAll)} MB at the end |`,
      `| status refunded, by total | ${rows(filtered.result).toLocaleString('en')} (${refunded}) | ${mb(filtered.result.bytes)} MB | ${filtered.result.seconds.toFixed(1)} | ${Math.round(rows(filtered.result) / filtered.result.seconds).toLocaleString('en')} | peak ${mb(filtered.rss.peak)} MB |`,
      `| a client that stops reading after ${mb(MB)} MB for 10 s, then hangs up | ${rows(stalled.result).toLocaleString('en')} read | ${mb(stalled.result.bytes)} MB | ${stalled.result.seconds.toFixed(1)} | — | ${mb(beforeStall)} MB before, peak ${mb(stalled.rss.peak)} MB while it waits |`,
      '',
      `The stalled export's audit event: outcome \`${audits?.outcome}\`, note \`${audits?.note}\` (the rows the BFF wrote before the client's and the socket's buffers filled).`,
      '<!-- /exports -->',
    ].join('\n');
    console.log(section);
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const current = readFileSync(file, 'utf8');
    const pattern = /<!-- exports -->[\s\S]*<!-- \/exports -->/;
    writeFileSync(
      file,
      pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`,
    );
    console.error(`Wrote the "CSV exports" section of ${file}`);
  } finally {
    await bff.stop();
    await pool.end();
    killAll();
  }
}

main().catch((error) => {
  console.error(error);
  killAll();
  process.exit(1);
});

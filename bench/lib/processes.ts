import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { BFF_DIR } from './config.ts';
import { BFF_NODE_FLAGS } from '../../apps/bff/src/node-flags.ts';

/** Every child the bench starts, so that all of them are ended however the bench ends. */
const children = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs a command to its end; fails with its output if it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(command, args, {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stderr.write(chunk);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningBff {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Bench-only ceilings: the limiters still run (their cost is measured), they just never refuse a bench client. */
export const BENCH_RATE_LIMITS = {
  PAYDESK_LOGIN_RATE_LIMIT: '1000',
  PAYDESK_API_RATE_LIMIT: '1000000',
  PAYDESK_INTAKE_RATE_LIMIT: '1000000',
  PAYDESK_PUBLIC_RATE_LIMIT: '1000000',
};

/**
 * `node --import tsx src/server.ts` (one process, so its pid is the server's) on a free port, with the Node flags
 * the BFF's start script and Dockerfile pass (BFF_NODE_FLAGS).
 * BENCH_BFF_NODE_ARGS adds Node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/paydesk-profiles` to profile it.
 */
export async function startBff(databaseUrl: string, consoleDir?: string): Promise<RunningBff> {
  const port = await freePort();
  const child = track(
    spawn(
      process.execPath,
      [
        ...BFF_NODE_FLAGS,
        ...(process.env.BENCH_BFF_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        '--import',
        'tsx',
        'src/server.ts',
      ],
      {
        cwd: BFF_DIR,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          ...BENCH_RATE_LIMITS,
          ...(consoleDir ? { PAYDESK_CONSOLE_DIR: consoleDir } : {}),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    ),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The BFF exited (code ${child.exitCode}) before it served.`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The BFF did not answer /api/health within 2 minutes.');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** VmRSS of a process in bytes (Linux), or undefined when it cannot be read. */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSummary {
  peak: number;
  mean: number;
  samples: number;
}

/** Samples a process's RSS every 250 ms until stopped. */
export function sampleRss(pid: number, everyMs = 250): { stop(): RssSummary | undefined } {
  const samples: number[] = [];
  const take = () => {
    const rss = rssOf(pid);
    if (rss !== undefined) samples.push(rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      if (samples.length === 0) return undefined;
      return {
        peak: Math.max(...samples),
        mean: samples.reduce((a, b) => a + b, 0) / samples.length,
        samples: samples.length,
      };
    },
  };
}

/** The gateway simulator (apps/gateway-sim) as its own process on a free port. */
export async function startGatewaySim(apiKey: string): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: `${BFF_DIR}/../gateway-sim`,
      env: { ...process.env, PORT: String(port), GATEWAY_SIM_API_KEY: apiKey },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The gateway simulator did not answer within a minute.');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => child.kill('SIGKILL') };
}

import { readdirSync, readFileSync } from 'node:fs';

/**
 * Where the CPU went during a run (Linux /proc): the BFF processes, PostgreSQL's processes (the whole server —
 * on a shared machine that includes other databases' work), the bench itself, and the whole machine. In cores:
 * 1.0 is one core busy for the whole window.
 */

export interface CpuUse {
  bff: number;
  postgres: number;
  /** The bench process and the children it has reaped (pgbench): the clients' side. */
  bench: number;
  machine: number;
  cores: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process, plus — with `children` — the time of its children it has reaped. */
function processTicks(pid: number | 'self', children = false): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 12th to 15th.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return fields[11]! + fields[12]! + (children ? fields[13]! + fields[14]! : 0);
  } catch {
    return undefined;
  }
}

/**
 * All PostgreSQL processes' CPU so far, with what the postmaster's exited children used (cutime): a backend
 * that ends during the window (pgbench's connections) still counts, moving from the one sum to the other.
 */
function postgresTicks(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    ticks += processTicks(Number(entry), true) ?? 0;
  }
  return ticks;
}

function machineTicks(): { busy: number; total: number; cores: number } {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3]! + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total, cores: lines.filter((l) => /^cpu\d/.test(l)).length };
}

export function cpuMeter(bffPids: number[]): { stop(): CpuUse | undefined } {
  try {
    const started = performance.now();
    const bff0 = bffPids.map((pid) => processTicks(pid) ?? 0);
    const pg0 = postgresTicks();
    const bench0 = processTicks('self', true) ?? 0;
    const machine0 = machineTicks();
    return {
      stop() {
        const seconds = (performance.now() - started) / 1000;
        const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
        const machine1 = machineTicks();
        return {
          bff: cores(bffPids.reduce((sum, pid, i) => sum + ((processTicks(pid) ?? bff0[i]!) - bff0[i]!), 0)),
          postgres: cores(postgresTicks() - pg0),
          bench: cores((processTicks('self', true) ?? bench0) - bench0),
          machine: ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * machine1.cores,
          cores: machine1.cores,
        };
      },
    };
  } catch {
    return { stop: () => undefined };
  }
}

import type { OperationKind } from './store.ts';

/**
 * Injected faults: each rule applies to the next `count` matching requests, oldest rule first.
 * - latency: wait `latency_ms`, then answer normally;
 * - timeout: hold the request open (until the client gives up) and run nothing;
 * - reset: destroy the connection and run nothing;
 * - http500: answer 500 and run nothing;
 * - succeed_then_error: run the operation (and record it under its key), then answer 500.
 */
export const FAULT_MODES = ['latency', 'timeout', 'reset', 'http500', 'succeed_then_error'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** What a rule may be limited to: one operation kind, or `retrieve` (the GET endpoints, only when named). */
export const FAULT_PATHS = ['authorize', 'purchase', 'capture', 'void', 'refund', 'retrieve'] as const;
export type FaultPath = (typeof FAULT_PATHS)[number];

/** One rule: `remaining` matching requests still to be hit; `latency_ms` set for `latency` only. */
export type FaultRule = Rule<FaultMode, FaultPath>;

export const DEFAULT_LATENCY_MS = 1_000;
const MAX_LATENCY_MS = 600_000;

export type FaultInput = { ok: true; rule: Omit<FaultRule, 'id'> } | { ok: false; message: string };

export function parseFault(body: unknown): FaultInput {
  return parseRule(body, FAULT_MODES, FAULT_PATHS);
}

/** A fault rule from its JSON: `mode` among `modes`, `path` (optional) among `paths`, `count`, `latency_ms`. */
export function parseRule<Mode extends string, Path extends string>(
  body: unknown,
  modes: readonly Mode[],
  paths: readonly Path[],
): { ok: true; rule: Omit<Rule<Mode, Path>, 'id'> } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'The body must be a JSON object.' };
  const { mode, count = 1, latency_ms = DEFAULT_LATENCY_MS, path = null } = body as Record<string, unknown>;
  if (!modes.includes(mode as Mode)) return { ok: false, message: `mode must be one of ${modes.join(', ')}.` };
  if (!Number.isSafeInteger(count) || (count as number) < 1)
    return { ok: false, message: 'count must be a positive integer.' };
  if (!Number.isSafeInteger(latency_ms) || (latency_ms as number) < 0 || (latency_ms as number) > MAX_LATENCY_MS) {
    return { ok: false, message: `latency_ms must be an integer from 0 to ${MAX_LATENCY_MS}.` };
  }
  if (path !== null && !paths.includes(path as Path))
    return { ok: false, message: `path must be one of ${paths.join(', ')}.` };
  return {
    ok: true,
    rule: {
      mode: mode as Mode,
      remaining: count as number,
      latency_ms: mode === 'latency' ? (latency_ms as number) : null,
      path: path as Path | null,
    },
  };
}

/** A queue of fault rules of some modes and paths; `matches` says which requests a rule hits. */
export class RuleQueue<Mode extends string, Path extends string, Kind extends string> {
  private rules: Rule<Mode, Path>[] = [];
  private nextId = 1;
  private hits: Record<Mode, number>;

  constructor(
    private readonly modes: readonly Mode[],
    private readonly matches: (rule: Rule<Mode, Path>, kind: Kind) => boolean,
  ) {
    this.hits = this.zero();
  }

  private zero(): Record<Mode, number> {
    return Object.fromEntries(this.modes.map((mode) => [mode, 0])) as Record<Mode, number>;
  }

  add(rule: Omit<Rule<Mode, Path>, 'id'>): Rule<Mode, Path> {
    const added = { ...rule, id: this.nextId++ };
    this.rules.push(added);
    return { ...added };
  }

  /** Takes one hit of the first rule matching this request, if any. */
  take(kind: Kind): Rule<Mode, Path> | undefined {
    const rule = this.rules.find((r) => this.matches(r, kind));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    this.hits[rule.mode] += 1;
    return { ...rule };
  }

  list(): Rule<Mode, Path>[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** How many requests each mode has hit. */
  applied(): Record<Mode, number> {
    return { ...this.hits };
  }

  clear(): void {
    this.rules = [];
  }

  reset(): void {
    this.rules = [];
    this.hits = this.zero();
  }
}

export interface Rule<Mode extends string, Path extends string> {
  id: number;
  mode: Mode;
  remaining: number;
  latency_ms: number | null;
  path: Path | null;
}

/** The card side's faults. A rule without `path` matches every operation but not `retrieve`. */
export class FaultQueue extends RuleQueue<FaultMode, FaultPath, OperationKind | 'retrieve'> {
  constructor() {
    super(FAULT_MODES, (r, kind) => (r.path === null ? kind !== 'retrieve' : r.path === kind));
  }
}

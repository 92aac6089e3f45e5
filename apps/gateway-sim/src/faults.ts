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

export interface FaultRule {
  id: number;
  mode: FaultMode;
  /** Matching requests still to be hit. */
  remaining: number;
  /** Set for `latency` only. */
  latency_ms: number | null;
  path: FaultPath | null;
}

export const DEFAULT_LATENCY_MS = 1_000;
const MAX_LATENCY_MS = 600_000;

export type FaultInput = { ok: true; rule: Omit<FaultRule, 'id'> } | { ok: false; message: string };

export function parseFault(body: unknown): FaultInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'The body must be a JSON object.' };
  const { mode, count = 1, latency_ms = DEFAULT_LATENCY_MS, path = null } = body as Record<string, unknown>;
  if (!FAULT_MODES.includes(mode as FaultMode))
    return { ok: false, message: `mode must be one of ${FAULT_MODES.join(', ')}.` };
  if (!Number.isSafeInteger(count) || (count as number) < 1)
    return { ok: false, message: 'count must be a positive integer.' };
  if (!Number.isSafeInteger(latency_ms) || (latency_ms as number) < 0 || (latency_ms as number) > MAX_LATENCY_MS) {
    return { ok: false, message: `latency_ms must be an integer from 0 to ${MAX_LATENCY_MS}.` };
  }
  if (path !== null && !FAULT_PATHS.includes(path as FaultPath))
    return { ok: false, message: `path must be one of ${FAULT_PATHS.join(', ')}.` };
  return {
    ok: true,
    rule: {
      mode: mode as FaultMode,
      remaining: count as number,
      latency_ms: mode === 'latency' ? (latency_ms as number) : null,
      path: path as FaultPath | null,
    },
  };
}

export class FaultQueue {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private hits: Record<FaultMode, number> = { latency: 0, timeout: 0, reset: 0, http500: 0, succeed_then_error: 0 };

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    const added = { ...rule, id: this.nextId++ };
    this.rules.push(added);
    return { ...added };
  }

  /** Takes one hit of the first rule matching this request, if any. A rule without `path` matches every operation but not `retrieve`. */
  take(kind: OperationKind | 'retrieve'): FaultRule | undefined {
    const rule = this.rules.find((r) => (r.path === null ? kind !== 'retrieve' : r.path === kind));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    this.hits[rule.mode] += 1;
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** How many requests each mode has hit. */
  applied(): Record<FaultMode, number> {
    return { ...this.hits };
  }

  clear(): void {
    this.rules = [];
  }

  reset(): void {
    this.rules = [];
    this.hits = { latency: 0, timeout: 0, reset: 0, http500: 0, succeed_then_error: 0 };
  }
}

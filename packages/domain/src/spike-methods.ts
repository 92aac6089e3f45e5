import type { BucketCounts } from './spike-detector.ts';
import { assertSpikeRule, judgeSteps, STEP_MS, type SpikeRule, type StepVerdict } from './spike-rule.ts';

/**
 * Spike signals per payment method (product.md, "Failed-order spike monitoring"). Each kind of failure is
 * judged over every payment method together and, where there are two methods or more, over each method on
 * its own: a total outage of one method among several is a spike of that method even when the others
 * keep the overall rate near its baseline.
 *
 * Judging more signals gives chance more tries, so the significance is shared among them (Bonferroni):
 * each signal is judged at spike_significance ÷ the number of signals judged, which keeps the chance that
 * normal traffic raises any alarm at a step at about the significance, however many methods there are.
 *
 * Pure: counts in, verdicts out. The BFF counts (in SQL, per method) and asks.
 */

/** One method's 5-minute counts of one signal. */
export interface MethodBucketCounts extends BucketCounts {
  paymentMethodId: number;
}

/** A signal's counts over one scope: every method together (paymentMethodId null) or one method. */
export interface ScopedCounts {
  paymentMethodId: number | null;
  counts: BucketCounts[];
}

/**
 * The scopes a signal is judged over, from its per-method counts: every method together first (the
 * buckets summed over the methods), then each method in id order — but only when there are two methods or
 * more (one method's own signal would be the overall one judged twice). The methods are `methods` when
 * given (a method without counts has an empty series), else those with counts in the history given.
 */
export function methodScopes(rows: readonly MethodBucketCounts[], methods?: readonly number[]): ScopedCounts[] {
  const all = new Map<number, BucketCounts>();
  const byMethod = new Map<number, BucketCounts[]>();
  for (const row of rows) {
    const sum = all.get(row.start);
    if (sum) {
      sum.attempts += row.attempts;
      sum.failures += row.failures;
    } else {
      all.set(row.start, { start: row.start, attempts: row.attempts, failures: row.failures });
    }
    const own = byMethod.get(row.paymentMethodId) ?? [];
    own.push({ start: row.start, attempts: row.attempts, failures: row.failures });
    byMethod.set(row.paymentMethodId, own);
  }
  const scopes: ScopedCounts[] = [
    { paymentMethodId: null, counts: [...all.values()].sort((a, b) => a.start - b.start) },
  ];
  const ids = [...new Set(methods ?? byMethod.keys())].sort((a, b) => a - b);
  if (ids.length < 2) return scopes;
  for (const id of ids) scopes.push({ paymentMethodId: id, counts: byMethod.get(id) ?? [] });
  return scopes;
}

/**
 * How many signals are judged when each kind of failure has attempts of `methodsPerKind[i]` payment
 * methods in the lookback: each kind over every method together, and over each of its methods when it has
 * two or more (a kind that only one method has is that method's signal already). A kind without any
 * attempt in the lookback can be no spike and is not counted; the divisor is at least 1.
 */
export function signalsJudged(methodsPerKind: readonly number[]): number {
  let judged = 0;
  for (const methods of methodsPerKind) {
    if (!Number.isInteger(methods) || methods < 0) throw new RangeError('methods must be whole numbers ≥ 0.');
    judged += methods >= 2 ? 1 + methods : methods;
  }
  return Math.max(1, judged);
}

/** The rule each of `judged` signals is judged by: the significance divided among them (Bonferroni). */
export function bonferroniRule(rule: SpikeRule, judged: number): SpikeRule {
  assertSpikeRule(rule);
  if (!Number.isInteger(judged) || judged < 1) throw new RangeError('judged must be a whole number ≥ 1.');
  return { ...rule, significance: rule.significance / judged };
}

export interface SignalCounts<S extends string> {
  signal: S;
  /** The signal's 5-minute counts per payment method, reaching back to spikeHistoryStart of the step. */
  rows: readonly MethodBucketCounts[];
}

export interface ScopedVerdict<S extends string> {
  signal: S;
  /** null: every payment method together. */
  paymentMethodId: number | null;
  verdict: StepVerdict;
}

export interface SignalsNow<S extends string> {
  /** The number of signals judged (kinds × scopes): the significance's divisor. */
  judged: number;
  /** The rule every signal was judged by (its significance adjusted). */
  rule: SpikeRule;
  /** Every signal's verdict, each kind's overall one first, then its methods' in id order. */
  verdicts: ScopedVerdict<S>[];
}

/**
 * Every signal over every scope judged at the 5-minute step that holds `at`, at the significance divided
 * by the number judged: each kind over every method together, and over each method that has attempts of
 * that kind in the history given when two or more have (methodScopes). A method without attempts of a
 * kind in the lookback cannot be a spike of it, so it is neither judged nor counted; nor is a kind without
 * any (its overall verdict is no_attempts). `shown` signals (an
 * overall rate that is shown but does not alert) are judged the same way at the same significance, and are
 * not counted in the divisor; their verdicts follow the others'.
 */
export function judgeSignalsAt<S extends string>(
  signals: readonly SignalCounts<S>[],
  rule: SpikeRule,
  at: number,
  shown: readonly SignalCounts<S>[] = [],
): SignalsNow<S> {
  if (signals.length === 0) throw new RangeError('judgeSignalsAt needs at least one signal.');
  const scoped = (list: readonly SignalCounts<S>[]) =>
    list.map(({ signal, rows }) => ({ signal, scopes: methodScopes(rows) }));
  const judgedScopes = scoped(signals);
  const judged = signalsJudged(signals.map(({ rows }) => new Set(rows.map((row) => row.paymentMethodId)).size));
  const adjusted = bonferroniRule(rule, judged);
  const stepStart = Math.floor(at / STEP_MS) * STEP_MS;
  const verdicts: ScopedVerdict<S>[] = [];
  for (const { signal, scopes } of [...judgedScopes, ...scoped(shown)]) {
    for (const { paymentMethodId, counts } of scopes) {
      const verdict = judgeSteps(counts, adjusted, stepStart, stepStart + 1).at(-1)!;
      verdicts.push({ signal, paymentMethodId, verdict });
    }
  }
  return { judged, rule: adjusted, verdicts };
}

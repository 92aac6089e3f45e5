import { binomialProbability, binomialTailBound } from './binomial.ts';
import type { BucketCounts } from './spike-detector.ts';
import {
  assertSpikeRule,
  judgeSteps,
  MIN_FAILURES,
  STEP_MS,
  windowTestsBefore,
  type SpikeRule,
  type StepVerdict,
  type WindowTests,
} from './spike-rule.ts';

/**
 * Spike signals per payment method (product.md, "Failed-order spike monitoring"). Each kind of failure is
 * judged over every payment method together and, where there are two methods or more, over each method on
 * its own: a total outage of one method among several is a spike of that method even when the others
 * keep the overall rate near its baseline.
 *
 * Judging more signals gives chance more tries, so the significance is shared among them: every window of
 * every signal is judged at the significance calibrated on the week before (calibrateSignificance), the
 * largest at which that week's tests, at their exact binomial sizes, would have made at most
 * spike_significance false alarms per 5-minute step, however many methods there are. (bonferroniRule, the
 * rule before it, divided spike_significance by the number of signals whatever each test could spend.)
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
  return scopesOf(methodSeries(rows), [], methods);
}

/**
 * A signal's per-method counts summed by bucket and split by method once: what methodScopes makes its
 * scopes of, kept so that the scopes with a later step's rows (scopesOf) need not go over them again.
 */
export interface MethodSeries {
  /** Every method together, by start. */
  all: BucketCounts[];
  /** Each method's own counts, by start. */
  byMethod: Map<number, BucketCounts[]>;
}

export function methodSeries(rows: readonly MethodBucketCounts[]): MethodSeries {
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
    let own = byMethod.get(row.paymentMethodId);
    if (!own) byMethod.set(row.paymentMethodId, (own = []));
    own.push({ start: row.start, attempts: row.attempts, failures: row.failures });
  }
  return { all: [...all.values()].sort((a, b) => a.start - b.start), byMethod };
}

/**
 * methodScopes of the rows `series` was made of followed by `later`, every one of which starts after all
 * of those (the step still counting after the steps kept): the series are not changed, only copied where
 * a later row adds to them.
 */
export function scopesOf(
  series: MethodSeries,
  later: readonly MethodBucketCounts[],
  methods?: readonly number[],
): ScopedCounts[] {
  const last = series.all.at(-1)?.start ?? Number.NEGATIVE_INFINITY;
  const added = methodSeries(later);
  if ((added.all[0]?.start ?? Number.POSITIVE_INFINITY) <= last) {
    throw new RangeError('The later rows must start after every row of the series.');
  }
  const joined = (before: readonly BucketCounts[] = [], after: readonly BucketCounts[] = []) => [...before, ...after];
  const scopes: ScopedCounts[] = [{ paymentMethodId: null, counts: joined(series.all, added.all) }];
  const ids = [...new Set(methods ?? [...series.byMethod.keys(), ...added.byMethod.keys()])].sort((a, b) => a - b);
  if (ids.length < 2) return scopes;
  for (const id of ids) {
    scopes.push({ paymentMethodId: id, counts: joined(series.byMethod.get(id), added.byMethod.get(id)) });
  }
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

/**
 * The rule each of `judged` signals is judged by under plain Bonferroni: the significance divided among
 * them, each window at the share. The rule before the calibration (the detection bench compares them).
 */
export function bonferroniRule(rule: SpikeRule, judged: number): SpikeRule {
  assertSpikeRule(rule);
  if (!Number.isInteger(judged) || judged < 1) throw new RangeError('judged must be a whole number ≥ 1.');
  return { ...rule, significance: rule.significance / judged };
}

/**
 * The most any window is judged at, however few tests a week holds: a signal that nothing attempted for a
 * week still needs a chance of at most 1 in 1,000 before its first failures are a spike.
 */
export const MAX_WINDOW_SIGNIFICANCE = 0.001;
/** Tails below this are too small to matter next to any significance: counted whole, not stepped through. */
const NEGLIGIBLE_TAIL = 1e-16;

export interface Calibration {
  /** What each window is judged at: P(X ≥ k) ≤ this. */
  significance: number;
  /**
   * The spikes a step of normal traffic like the last week's would make at that significance, on average,
   * over every signal and window (at most rule.significance), by the exact sizes of the tests.
   */
  perStep: number;
  /** The windows the week judged, over every signal (the tests the significance is shared among). */
  tests: number;
}

/**
 * The significance every window is judged at (product.md, "Failed-order spike monitoring"), calibrated on
 * the last week: the largest at which the windows the rule judged over that week — every alerting signal,
 * every scope, every window of every step — would together have made at most `rule.significance` spikes
 * per step on average had the traffic been normal (each failing at its baseline rate), i.e. at most
 * `rule.significance` × 2,016 false alarms a week (the default 0.0005: one).
 *
 * Each test counts at its exact size, not at the significance. A window of n attempts judged at α is a
 * spike when it holds k failures or more, k the fewest with P(X ≥ k) ≤ α that also make 2 failures and the
 * rise of the rule; the chance of that under the baseline, P(X ≥ k), is often far below α (the binomial
 * is discrete: two attempts can only fail with chance p₀² or not at all), and zero when no count of n
 * can reach the significance (n < 2, or declines at 6 % over three attempts). The plain Bonferroni bound
 * spends α on each test whatever it can use; this spends what each test does use, so the windows of
 * low-volume signals, which can rarely be a spike at all, leave room for those that can. Summing over
 * windows that overlap overcounts (two windows of one step that alarm together are one alarm), so the
 * figure is an upper bound of the false alarms, which makes the calibration careful.
 *
 * Deterministic from the counts: the /alerts verdicts, the series of /failures and the alert evaluator
 * calibrate on the same week and agree.
 */
export function calibrateSignificance(weeks: readonly WindowTests[], rule: SpikeRule): Calibration {
  assertSpikeRule(rule);
  // f(α) = base + the weights of the tails at or below α: the spikes per step at significance α. The tails
  // are binned on a logarithmic grid, each moved down to its bin's floor (so f is never underestimated).
  const bins = new Float64Array(GRID_BINS);
  let base = 0;
  let tests = 0;
  for (const week of weeks) {
    if (week.steps === 0) continue;
    const p = week.baselineRate;
    const odds = p / (1 - p);
    for (const [n, count] of week.attemptsJudged) {
      tests += count;
      const share = count / week.steps;
      const kMin = Math.max(MIN_FAILURES, Math.ceil(week.threshold * n - 1e-9));
      if (kMin > n) continue;
      const bound = binomialTailBound(kMin, n, p);
      if (bound < NEGLIGIBLE_TAIL) {
        base += share * bound;
        continue;
      }
      // P(X = k) from kMin up, until it no longer counts; the tails are their sums from the top down.
      const exactly: number[] = [];
      let term = binomialProbability(kMin, n, p);
      for (let k = kMin; k <= n; k++) {
        exactly.push(term);
        if (term < NEGLIGIBLE_TAIL * 1e-3) break;
        term *= ((n - k) / (k + 1)) * odds;
      }
      // The test's size at α is P(X ≥ k*(α)): the sum of P(X = k) over the k whose tail is ≤ α.
      let tail = 0;
      for (let i = exactly.length - 1; i >= 0; i--) {
        tail += exactly[i]!;
        if (tail < NEGLIGIBLE_TAIL) base += share * exactly[i]!;
        else if (tail <= MAX_WINDOW_SIGNIFICANCE) bins[gridBin(tail)]! += share * exactly[i]!;
      }
    }
  }
  let perStep = base;
  let significance = MAX_WINDOW_SIGNIFICANCE;
  for (let i = 0; i < GRID_BINS; i++) {
    if (perStep + bins[i]! > rule.significance) {
      // Every tail of this bin counts from its floor: the significance stops just short of it.
      significance = gridFloor(i) * (1 - 1e-9);
      break;
    }
    perStep += bins[i]!;
  }
  return { significance: Math.min(significance, MAX_WINDOW_SIGNIFICANCE), perStep, tests };
}

/** The grid of significances tried: 100 a decade from NEGLIGIBLE_TAIL up to MAX_WINDOW_SIGNIFICANCE. */
const GRID_PER_DECADE = 100;
const GRID_LOW = Math.log10(NEGLIGIBLE_TAIL);
const GRID_BINS = Math.ceil((Math.log10(MAX_WINDOW_SIGNIFICANCE) - GRID_LOW) * GRID_PER_DECADE) + 1;
const gridBin = (tail: number) =>
  Math.min(GRID_BINS - 1, Math.max(0, Math.floor((Math.log10(tail) - GRID_LOW) * GRID_PER_DECADE)));
const gridFloor = (bin: number) => 10 ** (GRID_LOW + bin / GRID_PER_DECADE);

/** The rule each window is judged by: the significance calibrated on the week before `at`. */
export function calibratedRule(
  scopes: readonly (readonly BucketCounts[])[],
  rule: SpikeRule,
  at: number,
): { rule: SpikeRule; calibration: Calibration } {
  const calibration = calibrateSignificance(
    scopes.map((counts) => windowTestsBefore(counts, rule, at)),
    rule,
  );
  return { rule: { ...rule, significance: calibration.significance }, calibration };
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
  /** The number of alerting signals judged (kinds × scopes). */
  judged: number;
  /** The significance calibrated on the week before (calibrateSignificance). */
  calibration: Calibration;
  /** The rule every window was judged by (its significance calibrated). */
  rule: SpikeRule;
  /** Every signal's verdict, each kind's overall one first, then its methods' in id order. */
  verdicts: ScopedVerdict<S>[];
}

/** The alerting signals' scopes (methodScopes): the signals judged, and what the significance is calibrated on. */
export function alertingScopes<S extends string>(
  signals: readonly SignalCounts<S>[],
): { signal: S; scopes: ScopedCounts[] }[] {
  return signals.map(({ signal, rows }) => ({ signal, scopes: methodScopes(rows) }));
}

/**
 * The rule every window of every signal is judged by at the step that holds `at`: the significance
 * calibrated on the alerting signals' week before (calibrateSignificance), over each kind's scopes — every
 * method together, and each method with attempts of that kind in the history given when two or more have.
 * A method without attempts of a kind in the lookback cannot be a spike of it and makes no test.
 */
export function calibrationAt<S extends string>(
  signals: readonly SignalCounts<S>[],
  rule: SpikeRule,
  at: number,
  scoped = alertingScopes(signals),
): { judged: number; calibration: Calibration; rule: SpikeRule } {
  const scopes = scoped.flatMap(({ scopes }) => scopes.map(({ counts }) => counts));
  const judged = signalsJudged(signals.map(({ rows }) => new Set(rows.map((row) => row.paymentMethodId)).size));
  return { judged, ...calibratedRule(scopes, rule, at) };
}

/**
 * Every signal over every scope judged at the 5-minute step that holds `at`, at the significance
 * calibrated on the week before (calibrationAt): each kind over every method together, and over each
 * method that has attempts of that kind in the history given when two or more have (methodScopes). `shown`
 * signals (an overall rate that is shown but does not alert) are judged the same way at the same
 * significance, and make no tests of the calibration; their verdicts follow the others'.
 */
export function judgeSignalsAt<S extends string>(
  signals: readonly SignalCounts<S>[],
  rule: SpikeRule,
  at: number,
  shown: readonly SignalCounts<S>[] = [],
  /** The calibration to judge at, when made already (calibrationAt over the same week). */
  given?: { judged: number; calibration: Calibration; rule: SpikeRule },
): SignalsNow<S> {
  if (signals.length === 0) throw new RangeError('judgeSignalsAt needs at least one signal.');
  const scoped = alertingScopes(signals);
  const { judged, calibration, rule: calibrated } = given ?? calibrationAt(signals, rule, at, scoped);
  const verdicts = judgeScopesAt([...scoped, ...alertingScopes(shown)], calibrated, at);
  return { judged, calibration, rule: calibrated, verdicts };
}

/**
 * Each scope of each signal judged at the 5-minute step that holds `at` by `rule` (its significance
 * calibrated already): judgeSignalsAt's verdicts, in the order given, for scopes made before (scopesOf).
 */
export function judgeScopesAt<S extends string>(
  signals: readonly { signal: S; scopes: readonly ScopedCounts[] }[],
  rule: SpikeRule,
  at: number,
): ScopedVerdict<S>[] {
  const stepStart = Math.floor(at / STEP_MS) * STEP_MS;
  const verdicts: ScopedVerdict<S>[] = [];
  for (const { signal, scopes } of signals) {
    for (const { paymentMethodId, counts } of scopes) {
      const verdict = judgeSteps(counts, rule, stepStart, stepStart + 1).at(-1)!;
      verdicts.push({ signal, paymentMethodId, verdict });
    }
  }
  return verdicts;
}

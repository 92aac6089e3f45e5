import { binomialUpperTail, wilsonInterval } from './binomial.ts';
import type { AttemptCounts, BucketCounts } from './spike-detector.ts';

/**
 * The statistical spike rule (product.md, "Failed-order spike monitoring"), one signal at a time. Over a
 * window, with n attempts of which k failed, and a baseline failure rate p₀:
 *
 *   spike  ⇔  k ≥ MIN_FAILURES (2)                          (one failure is never a spike)
 *          and k/n ≥ max(p₀ + min_effect, factor × p₀)   (the rise is large enough to matter)
 *          and P(X ≥ k | X ~ Binomial(n, p₀)) ≤ α              (and too large to be chance)
 *
 * The effect keeps high volume quiet: with thousands of attempts a rise of half a point is "significant"
 * but nobody's business. The test keeps low volume quiet: one decline in two attempts is 50 % but means
 * nothing, while three failures in three attempts where 1 % fail is a spike however few.
 *
 * Every 5 minutes the rule is asked of each window of whole 5-minute steps that ends then, from the last
 * 5 minutes up to spike_window_minutes (judgeScan): the short windows see an outage at once at any volume
 * that has attempts in them, the long one gathers enough attempts at low volume. α is the rule's
 * significance: spike_significance, the false alarms a step may make, is turned into the α of every window
 * by calibrateSignificance (spike-methods.ts) before a rule reaches these functions.
 *
 * p₀ is shrunk towards a prior: (baseline failures + 1) / (baseline attempts + 20), i.e. 5 % worth 20
 * attempts, so a new method (no baseline) is judged against 5 %, and a baseline with no failure at all is
 * not taken to promise that nothing ever fails.
 *
 * Pure: counts in, verdicts out. The BFF counts (in SQL) and asks.
 */

export interface SpikeRule {
  /**
   * spike_window_minutes: the longest window judged; every window of whole 5-minute steps up to it that ends
   * at a step is judged too (5, 10, … minutes). A series steps it every 5 minutes.
   */
  windowMinutes: number;
  /**
   * α: the largest chance of the window's failures under the baseline rate that is a spike. The setting
   * spike_significance is instead the false alarms a step may make (calibrateSignificance turns it into α).
   */
  significance: number;
  /** spike_min_effect: the rise over the baseline rate that matters, as a ratio (0.05 = 5 points). */
  minEffect: number;
  /** spike_factor: the window's rate must also reach factor × the baseline rate. */
  factor: number;
  /** spike_baseline_days: the days before the window whose failures are the baseline. */
  baselineDays: number;
  /**
   * spike_baseline_weeks: 0 for the plain baseline; N for the same hours of the N weeks before (the two
   * hours around the window's time, one week, two weeks, … earlier), following the time of day and the
   * day of the week.
   */
  seasonalWeeks: number;
}

export const DEFAULT_SPIKE_RULE: SpikeRule = {
  windowMinutes: 15,
  significance: 0.0004,
  minEffect: 0.05,
  factor: 1.5,
  baselineDays: 7,
  seasonalWeeks: 0,
};

/** The prior the baseline rate is shrunk towards: PRIOR_RATE worth PRIOR_ATTEMPTS attempts. */
export const PRIOR_RATE = 0.05;
export const PRIOR_ATTEMPTS = 20;
/** The fewest failures that can be a spike: one failure says nothing about a rate, however rare failures are. */
export const MIN_FAILURES = 2;

export type SpikeTestReason = 'spike' | 'no_attempts' | 'too_few_failures' | 'below_effect' | 'not_significant';

export interface SpikeTestVerdict {
  spike: boolean;
  reason: SpikeTestReason;
  /** k / n; null without attempts. */
  rate: number | null;
  /** p₀, shrunk towards the prior. */
  baselineRate: number;
  /** The rate the window must reach: max(p₀ + min_effect, factor × p₀), at most 1. */
  thresholdRate: number;
  /** P(X ≥ k) under the baseline rate; null when the effect is too small for it to matter. */
  pValue: number | null;
  /** 95 % Wilson interval of the window's rate; null without attempts. */
  band: { low: number; high: number } | null;
}

export function shrunkBaselineRate({ attempts, failures }: AttemptCounts): number {
  return (failures + PRIOR_RATE * PRIOR_ATTEMPTS) / (attempts + PRIOR_ATTEMPTS);
}

export function thresholdRate(baselineRate: number, rule: Pick<SpikeRule, 'minEffect' | 'factor'>): number {
  return Math.min(1, Math.max(baselineRate + rule.minEffect, rule.factor * baselineRate));
}

export function assertSpikeRule(rule: SpikeRule): void {
  if (!(rule.significance > 0 && rule.significance < 1)) throw new RangeError('significance must be in (0, 1).');
  if (!(rule.minEffect >= 0 && rule.minEffect < 1)) throw new RangeError('minEffect must be in [0, 1).');
  if (!(rule.factor >= 1) || !Number.isFinite(rule.factor)) throw new RangeError('factor must be ≥ 1.');
  if (!(rule.windowMinutes > 0)) throw new RangeError('windowMinutes must be positive.');
  if (!Number.isInteger(rule.seasonalWeeks) || rule.seasonalWeeks < 0)
    throw new RangeError('seasonalWeeks must be a whole number ≥ 0.');
}

function assertCounts(name: string | (() => string), { attempts, failures }: AttemptCounts): void {
  if (!Number.isInteger(attempts) || !Number.isInteger(failures) || failures < 0 || failures > attempts) {
    const what = typeof name === 'string' ? name : name();
    throw new RangeError(`${what}: need whole numbers with 0 ≤ failures ≤ attempts (got ${attempts}, ${failures}).`);
  }
}

/** The rule's three conditions over a window with attempts, given p₀ and the threshold rate. */
function testWindow(
  window: AttemptCounts,
  baselineRate: number,
  threshold: number,
  rule: SpikeRule,
): { spike: boolean; reason: SpikeTestReason; pValue: number | null } {
  if (window.failures < MIN_FAILURES) return { spike: false, reason: 'too_few_failures', pValue: null };
  // k/n ≥ threshold, multiplied out, with a hair of tolerance so that 3/10 reaches 0.3 whatever 0.1 + 0.2 is.
  if (window.failures < threshold * window.attempts - 1e-9)
    return { spike: false, reason: 'below_effect', pValue: null };
  const pValue = binomialUpperTail(window.failures, window.attempts, baselineRate);
  const spike = pValue <= rule.significance;
  return { spike, reason: spike ? 'spike' : 'not_significant', pValue };
}

/** The statistical rule over one window and its baseline. */
export function judgeSpike(window: AttemptCounts, baseline: AttemptCounts, rule: SpikeRule): SpikeTestVerdict {
  assertCounts('window', window);
  assertCounts('baseline', baseline);
  const baselineRate = shrunkBaselineRate(baseline);
  const threshold = thresholdRate(baselineRate, rule);
  const band = wilsonInterval(window.failures, window.attempts);
  if (window.attempts === 0) {
    return {
      spike: false,
      reason: 'no_attempts',
      rate: null,
      baselineRate,
      thresholdRate: threshold,
      pValue: null,
      band,
    };
  }
  const rate = window.failures / window.attempts;
  return { ...testWindow(window, baselineRate, threshold, rule), rate, baselineRate, thresholdRate: threshold, band };
}

export interface ScanVerdict extends SpikeTestVerdict {
  /**
   * The window that made the spike, in minutes (the shortest that did), or null when none did. The other
   * fields but spike, reason and pValue are the longest window's (what a chart and a drill-down show).
   */
  decidingMinutes: number | null;
}

/**
 * The rule over the windows that end at one step: `windows[j]` holds the last j + 1 steps (5, 10, …
 * minutes), the last one the whole spike window; the baseline precedes the whole window. A spike when any
 * window is one, the shortest first.
 */
export function judgeScan(windows: readonly AttemptCounts[], baseline: AttemptCounts, rule: SpikeRule): ScanVerdict {
  if (windows.length === 0) throw new RangeError('judgeScan needs at least one window.');
  const verdict: ScanVerdict = { ...judgeSpike(windows.at(-1)!, baseline, rule), decidingMinutes: null };
  for (let j = 0; j < windows.length; j++) {
    const part = windows[j]!;
    assertCounts('window', part);
    // Most steps: too few failures, decided without the tail.
    if (part.failures < MIN_FAILURES) continue;
    const test =
      j === windows.length - 1 ? verdict : testWindow(part, verdict.baselineRate, verdict.thresholdRate, rule);
    if (test.spike) {
      verdict.spike = true;
      verdict.reason = 'spike';
      verdict.pValue = test.pValue;
      verdict.decidingMinutes = ((j + 1) * STEP_MS) / MINUTE;
      break;
    }
  }
  return verdict;
}

// ── Series: one definition of "was this moment a spike" for every range and bucket size ──────────────

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
/** The rule is judged every STEP_MS, at the end of each 5-minute step, over the window that ends there. */
export const STEP_MS = 5 * MINUTE;
/** The seasonal baseline takes this much either side of the same moment of each earlier week. */
export const SEASONAL_HALF_SPAN_MS = 60 * MINUTE;

/** The window in whole steps (an unaligned window is widened to the steps that hold it). */
export const windowSteps = (rule: Pick<SpikeRule, 'windowMinutes'>) =>
  Math.max(1, Math.ceil((rule.windowMinutes * MINUTE) / STEP_MS));

/** How far before a step's end its window and baseline reach. */
export function ruleLookbackMs(rule: Pick<SpikeRule, 'windowMinutes' | 'baselineDays' | 'seasonalWeeks'>): number {
  const windowMs = windowSteps(rule) * STEP_MS;
  if (rule.seasonalWeeks > 0) return rule.seasonalWeeks * WEEK + SEASONAL_HALF_SPAN_MS;
  return windowMs + Math.ceil((rule.baselineDays * DAY) / STEP_MS) * STEP_MS;
}

/** The first 5-minute count a series from `from` needs (a multiple of STEP_MS). */
export function spikeHistoryStart(from: number, rule: SpikeRule): number {
  return Math.floor(from / STEP_MS) * STEP_MS - ruleLookbackMs(rule);
}

export interface StepVerdict extends ScanVerdict {
  /** The step's end: the moment judged. */
  at: number;
  window: AttemptCounts;
  baseline: AttemptCounts;
}

/**
 * The 5-minute counts as prefix sums from the history's start, and the rule at any step's end over them:
 * `lean(end)` (is it a spike: no allocation, for every step of a long series) and `full(end)` (the verdict
 * with its numbers). Both ask exactly judgeScan's question.
 */
function stepJudge(counts: readonly BucketCounts[], rule: SpikeRule, from: number, to: number) {
  assertSpikeRule(rule);
  const first = Math.floor(from / STEP_MS) * STEP_MS;
  const historyStart = first - ruleLookbackMs(rule);
  const n = Math.max(0, Math.ceil((to - historyStart) / STEP_MS));
  const attempts = new Float64Array(n + 1);
  const failures = new Float64Array(n + 1);
  for (const bucket of counts) {
    assertCounts(() => `bucket ${new Date(bucket.start).toISOString()}`, bucket);
    const i = (bucket.start - historyStart) / STEP_MS;
    if (!Number.isInteger(i)) throw new RangeError('Every count must start on a 5-minute boundary.');
    if (i < 0 || i >= n) continue;
    attempts[i + 1]! += bucket.attempts;
    failures[i + 1]! += bucket.failures;
  }
  for (let i = 1; i <= n; i++) {
    attempts[i]! += attempts[i - 1]!;
    failures[i]! += failures[i - 1]!;
  }
  const clamp = (i: number) => Math.min(n, Math.max(0, i));
  // Buckets [a, b) by index, clamped to what was counted.
  const span = (a: number, b: number): AttemptCounts => {
    const lo = clamp(a);
    const hi = clamp(b);
    return { attempts: attempts[hi]! - attempts[lo]!, failures: failures[hi]! - failures[lo]! };
  };
  const k = windowSteps(rule);
  const baselineSteps = Math.ceil((rule.baselineDays * DAY) / STEP_MS);
  const weekSteps = WEEK / STEP_MS;
  const halfSteps = SEASONAL_HALF_SPAN_MS / STEP_MS;
  const baselineAt = (end: number): AttemptCounts => {
    if (rule.seasonalWeeks === 0) return span(end - k - baselineSteps, end - k);
    const baseline = { attempts: 0, failures: 0 };
    for (let w = 1; w <= rule.seasonalWeeks; w++) {
      const centre = end - w * weekSteps;
      const part = span(centre - halfSteps, centre + halfSteps);
      baseline.attempts += part.attempts;
      baseline.failures += part.failures;
    }
    return baseline;
  };
  return {
    historyStart,
    n,
    /**
     * The tests the rule made over the `steps` steps that end at `end` and before (one week by default):
     * how many windows of each number of attempts it judged, a window that holds the same attempts as a
     * shorter one ending with it (the extra steps had none) counted once, since it is the same test; and
     * the baseline rate and threshold at `end`. Steps before the counts begin are left out.
     */
    testsBefore(end: number, steps: number): WindowTests {
      const attemptsJudged = new Map<number, number>();
      const first = Math.max(k, end - steps + 1);
      for (let e = first; e <= end; e++) {
        let previous = 0;
        for (let j = 1; j <= k; j++) {
          const a = attempts[clamp(e)]! - attempts[clamp(e - j)]!;
          if (a === previous) continue;
          previous = a;
          if (a >= MIN_FAILURES) attemptsJudged.set(a, (attemptsJudged.get(a) ?? 0) + 1);
        }
      }
      const baselineRate = shrunkBaselineRate(baselineAt(end));
      return {
        steps: Math.max(0, end - first + 1),
        attemptsJudged,
        baselineRate,
        threshold: thresholdRate(baselineRate, rule),
      };
    },
    /** The first step's end index. */
    firstEnd: (first - historyStart) / STEP_MS + 1,
    lean(end: number): boolean {
      const hi = clamp(end);
      if (failures[hi]! - failures[clamp(end - k)]! < MIN_FAILURES) return false;
      const baselineRate = shrunkBaselineRate(baselineAt(end));
      const threshold = thresholdRate(baselineRate, rule);
      for (let j = 1; j <= k; j++) {
        const lo = clamp(end - j);
        const f = failures[hi]! - failures[lo]!;
        const a = attempts[hi]! - attempts[lo]!;
        if (f < MIN_FAILURES || f < threshold * a - 1e-9) continue;
        if (binomialUpperTail(f, a, baselineRate) <= rule.significance) return true;
      }
      return false;
    },
    full(end: number): StepVerdict {
      const window = span(end - k, end);
      const baseline = baselineAt(end);
      const windows: AttemptCounts[] = [];
      for (let j = 1; j < k; j++) windows.push(span(end - j, end));
      windows.push(window);
      const verdict = judgeScan(windows, baseline, rule) as StepVerdict;
      verdict.at = historyStart + end * STEP_MS;
      verdict.window = window;
      verdict.baseline = baseline;
      return verdict;
    },
  };
}

/** The windows a signal's rule judged over some steps, by their number of attempts (what a test's size depends on). */
export interface WindowTests {
  /** The steps counted. */
  steps: number;
  /** attempts → how many windows with that many attempts were judged (windows of fewer than 2 are left out). */
  attemptsJudged: Map<number, number>;
  /** The baseline rate and threshold rate at the last step, which the sizes are reckoned at. */
  baselineRate: number;
  threshold: number;
}

/** The week of steps that the significance is calibrated over (spike-methods.ts, calibratedRule). */
export const STEPS_PER_WEEK = WEEK / STEP_MS;

/**
 * The windows judged at the `steps` steps (a week by default) that end with the step holding `at`, from
 * 5-minute `counts` reaching back to spikeHistoryStart(at, rule): what calibrating the significance needs.
 */
export function windowTestsBefore(
  counts: readonly BucketCounts[],
  rule: SpikeRule,
  at: number,
  steps = STEPS_PER_WEEK,
): WindowTests {
  const stepStart = Math.floor(at / STEP_MS) * STEP_MS;
  const judge = stepJudge(counts, rule, stepStart, stepStart + 1);
  return judge.testsBefore(judge.firstEnd, steps);
}

/**
 * The rule at the end of every 5-minute step in (from, to + STEP_MS): `counts` are 5-minute buckets
 * (sparse; a missing one had no attempts) reaching back to spikeHistoryStart(from, rule).
 */
export function judgeSteps(counts: readonly BucketCounts[], rule: SpikeRule, from: number, to: number): StepVerdict[] {
  const judge = stepJudge(counts, rule, from, to);
  const steps: StepVerdict[] = [];
  for (let end = judge.firstEnd; end <= judge.n; end++) steps.push(judge.full(end));
  return steps;
}

export interface SpikePoint extends BucketCounts {
  end: number;
  /** The bucket's own rate. */
  rate: number | null;
  /**
   * The rate the chart draws: the window ending with the bucket for 5-minute buckets, the bucket's own
   * for longer ones (which hold more than a window).
   */
  windowRate: number | null;
  /** 95 % interval of windowRate: wide at low volume, narrow at high. */
  band: { low: number; high: number } | null;
  /** The baseline rate at the bucket's last step. */
  baselineRate: number;
  thresholdRate: number;
  /** Whether the rule held at any 5-minute step that ends in (start, end]: the same moments in every view. */
  spike: boolean;
}

/**
 * A series of `bucketMs` buckets (a multiple of 5 minutes) from `from` to `to`, judged step by step.
 * A 1-hour bucket is a spike when one of its twelve steps was: a 24-hour view of 5-minute buckets and a
 * 7-day view of hours mark the same moments.
 */
export function spikeSeries(
  counts: readonly BucketCounts[],
  rule: SpikeRule,
  options: { bucketMs: number; from: number; to: number },
): SpikePoint[] {
  const { bucketMs, from, to } = options;
  if (bucketMs % STEP_MS !== 0) throw new RangeError('bucketMs must be a multiple of 5 minutes.');
  if (from % bucketMs !== 0) throw new RangeError('from must be a multiple of the bucket size.');
  if (to <= from) return [];
  const judge = stepJudge(counts, rule, from, to);
  const own = new Map<number, AttemptCounts>();
  for (const bucket of counts) {
    if (bucket.start < from || bucket.start >= to) continue;
    const start = Math.floor(bucket.start / bucketMs) * bucketMs;
    const sum = own.get(start) ?? { attempts: 0, failures: 0 };
    sum.attempts += bucket.attempts;
    sum.failures += bucket.failures;
    own.set(start, sum);
  }
  const perBucket = bucketMs / STEP_MS;
  const points: SpikePoint[] = [];
  for (let start = from, s = judge.firstEnd; start < to; start += bucketMs, s += perBucket) {
    // A bucket's steps end in (start, start + bucketMs]; the last one may lie past `to` (still to come).
    const lastEnd = Math.min(s + perBucket - 1, judge.n);
    const last = judge.full(lastEnd);
    let spike = last.spike;
    for (let end = s; end < lastEnd && !spike; end++) spike = judge.lean(end);
    const counted = own.get(start) ?? { attempts: 0, failures: 0 };
    const rate = counted.attempts > 0 ? counted.failures / counted.attempts : null;
    const short = perBucket === 1;
    points.push({
      start,
      end: start + bucketMs,
      ...counted,
      rate,
      windowRate: short ? last.rate : rate,
      band: short ? last.band : wilsonInterval(counted.failures, counted.attempts),
      baselineRate: last.baselineRate,
      thresholdRate: last.thresholdRate,
      spike,
    });
  }
  return points;
}

export interface SpikeEpisode {
  /** The end of the first spike step: when the rule first held. */
  start: number;
  /** The end of the first step after it that was not a spike (null: still on). */
  end: number | null;
}

/** Runs of spike steps, as the moments the rule started and stopped holding. */
export function spikeEpisodes(steps: readonly StepVerdict[]): SpikeEpisode[] {
  const episodes: SpikeEpisode[] = [];
  let open: SpikeEpisode | null = null;
  for (const step of steps) {
    if (step.spike && !open) {
      open = { start: step.at, end: null };
      episodes.push(open);
    } else if (!step.spike && open) {
      open.end = step.at;
      open = null;
    }
  }
  return episodes;
}

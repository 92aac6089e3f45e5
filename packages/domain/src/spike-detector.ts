/**
 * Failed-order spikes (product.md, "Failed-order spike monitoring"). An attempt is an authorize or purchase
 * call; a failure is an attempt that did not succeed. Over the last window, there is a spike when
 *
 *   failure rate ≥ factor × baseline rate   and   failures ≥ min_failures
 *
 * where the baseline is the `baselineDays` days just before the window. Rates are ratios (failures /
 * attempts) and fine as JS numbers; the comparison itself is made on the integer counts, so that a rate
 * exactly at the threshold is a spike whatever floating point makes of the division.
 *
 * Pure: counts in, verdicts out. The BFF counts (in SQL) and asks.
 */

/** Attempts and failures over some span of time. */
export interface AttemptCounts {
  attempts: number;
  failures: number;
}

/** The thresholds, as the spike_* settings hold them. */
export interface SpikeThresholds {
  /** spike_window_minutes: the window whose failure rate is judged. */
  windowMinutes: number;
  /** spike_factor: how many times the baseline rate counts as a spike. */
  factor: number;
  /** spike_min_failures: the fewest failures in the window that can make a spike. */
  minFailures: number;
  /** spike_baseline_days: the days before the window whose failure rate is the baseline. */
  baselineDays: number;
}

/**
 * Why the verdict is what it is:
 * - `spike`: both conditions hold;
 * - `no_attempts`: nothing was attempted in the window, so nothing failed;
 * - `below_min_failures`: too few failures to mean anything, whatever the rate;
 * - `below_factor`: enough failures, but the rate is under factor × baseline.
 */
export type SpikeReason = 'spike' | 'no_attempts' | 'below_min_failures' | 'below_factor';

export interface SpikeVerdict {
  spike: boolean;
  reason: SpikeReason;
  /** failures / attempts in the window; null when nothing was attempted. */
  rate: number | null;
  /** failures / attempts in the baseline; null when the baseline had no attempts. */
  baselineRate: number | null;
  /** factor × baseline rate: the window's rate must reach it. 0 when the baseline rate is 0 or unknown. */
  thresholdRate: number;
}

/** failures / attempts, or null when there were no attempts (a rate of nothing is not 0%). */
export function failureRate({ attempts, failures }: AttemptCounts): number | null {
  return attempts > 0 ? failures / attempts : null;
}

function assertCounts(name: string, { attempts, failures }: AttemptCounts): void {
  if (
    !Number.isInteger(attempts) ||
    !Number.isInteger(failures) ||
    attempts < 0 ||
    failures < 0 ||
    failures > attempts
  ) {
    throw new RangeError(
      `${name}: attempts and failures must be whole numbers with 0 ≤ failures ≤ attempts (got ${attempts}, ${failures}).`,
    );
  }
}

/**
 * The spike rule over one window and its baseline.
 *
 * A zero baseline — the baseline's attempts all succeeded (rate 0), or there were none (rate unknown, e.g.
 * a new payment method) — leaves nothing to multiply: factor × 0 = 0, so any failure rate reaches it and
 * min_failures alone decides. A burst of failures where there were none before is exactly what a lead
 * wants to hear about, and min_failures (≥ 1) keeps one unlucky decline from raising the alarm.
 */
export function evaluateSpike(
  window: AttemptCounts,
  baseline: AttemptCounts,
  { factor, minFailures }: Pick<SpikeThresholds, 'factor' | 'minFailures'>,
): SpikeVerdict {
  assertCounts('window', window);
  assertCounts('baseline', baseline);
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new RangeError(`factor must be a positive number (got ${factor}).`);
  if (!Number.isInteger(minFailures) || minFailures < 1)
    throw new RangeError(`minFailures must be a whole number ≥ 1 (got ${minFailures}).`);

  const rate = failureRate(window);
  const baselineRate = failureRate(baseline);
  const thresholdRate = baselineRate === null ? 0 : factor * baselineRate;
  const verdict = (spike: boolean, reason: SpikeReason): SpikeVerdict => ({
    spike,
    reason,
    rate,
    baselineRate,
    thresholdRate,
  });

  if (window.attempts === 0) return verdict(false, 'no_attempts');
  if (window.failures < minFailures) return verdict(false, 'below_min_failures');
  // rate ≥ factor × baselineRate, multiplied out: failures / attempts ≥ factor × bFailures / bAttempts.
  const reachesFactor =
    baseline.attempts === 0 || window.failures * baseline.attempts >= factor * baseline.failures * window.attempts;
  return reachesFactor ? verdict(true, 'spike') : verdict(false, 'below_factor');
}

/** One bucket of a failure series: attempts and failures with created_at in [start, start + bucket). */
export interface BucketCounts extends AttemptCounts {
  /** Epoch milliseconds; a multiple of the bucket size. */
  start: number;
}

export interface SeriesOptions extends Pick<SpikeThresholds, 'factor' | 'minFailures'> {
  /** Bucket size in milliseconds (5 minutes, 1 hour). */
  bucketMs: number;
  /** The spike window in milliseconds (spike_window_minutes). */
  windowMs: number;
  /** The baseline period in milliseconds (spike_baseline_days). */
  baselineMs: number;
  /** The first bucket to judge (epoch ms, a multiple of bucketMs). */
  from: number;
  /** The end of the series (epoch ms): the last bucket is the one that holds `to − 1`, possibly still filling. */
  to: number;
}

export interface SeriesPoint extends BucketCounts {
  end: number;
  rate: number | null;
  /** The failure rate of the window that ends with this bucket: the rate the spike rule judges. */
  windowRate: number | null;
  /** The baseline rate of this bucket's window (the baseline period before it); null with no attempts. */
  baselineRate: number | null;
  /** Whether the spike rule held for the window that ends with this bucket. */
  spike: boolean;
}

/**
 * How many whole buckets a spike window covers on a series. A window that does not fall on bucket edges
 * is widened to the whole buckets that hold it: buckets cannot be split, and widening never drops a
 * failure of the window. A 15-minute window is 3 buckets of 5 minutes, and 1 bucket of an hour; a
 * 16-minute window is 4 buckets of 5 minutes. (The live alert does not use buckets: it counts its exact
 * window.)
 */
export function windowBuckets(windowMs: number, bucketMs: number): number {
  if (!(bucketMs > 0) || !(windowMs > 0)) throw new RangeError('windowMs and bucketMs must be positive.');
  return Math.max(1, Math.ceil(windowMs / bucketMs));
}

/** The first bucket start a series needs counts from: one window and one baseline before `from`. */
export function seriesHistoryStart(
  options: Pick<SeriesOptions, 'bucketMs' | 'windowMs' | 'baselineMs' | 'from'>,
): number {
  const { bucketMs, windowMs, baselineMs, from } = options;
  return from - (windowBuckets(windowMs, bucketMs) - 1) * bucketMs - Math.ceil(baselineMs / bucketMs) * bucketMs;
}

/**
 * The failure series from `from` to `to`, each bucket judged by the spike rule: its window is the
 * `windowBuckets` buckets that end with it, its baseline the `baselineMs` (rounded up to whole buckets)
 * before that window. `counts` may be sparse (a missing bucket had no attempts) and should reach back to
 * `seriesHistoryStart(options)`; counts outside the series' span are ignored.
 */
export function failureSeries(counts: readonly BucketCounts[], options: SeriesOptions): SeriesPoint[] {
  const { bucketMs, from, to } = options;
  if (from % bucketMs !== 0) throw new RangeError('from must be a multiple of the bucket size.');
  if (to <= from) return [];
  const k = windowBuckets(options.windowMs, bucketMs);
  const baselineBuckets = Math.ceil(options.baselineMs / bucketMs);
  const historyStart = seriesHistoryStart(options);
  const n = Math.ceil((to - historyStart) / bucketMs);

  // Dense counts from historyStart, then prefix sums: any span of buckets is one subtraction.
  const attempts = new Array<number>(n).fill(0);
  const failures = new Array<number>(n).fill(0);
  for (const bucket of counts) {
    assertCounts(`bucket ${new Date(bucket.start).toISOString()}`, bucket);
    const i = (bucket.start - historyStart) / bucketMs;
    if (!Number.isInteger(i)) throw new RangeError('Every bucket must start on a multiple of the bucket size.');
    if (i < 0 || i >= n) continue;
    attempts[i]! += bucket.attempts;
    failures[i]! += bucket.failures;
  }
  const sumAttempts = prefixSums(attempts);
  const sumFailures = prefixSums(failures);
  const span = (first: number, endExclusive: number): AttemptCounts => ({
    attempts: sumAttempts[endExclusive]! - sumAttempts[Math.max(0, first)]!,
    failures: sumFailures[endExclusive]! - sumFailures[Math.max(0, first)]!,
  });

  const points: SeriesPoint[] = [];
  for (let i = (from - historyStart) / bucketMs; i < n; i++) {
    const windowFirst = i - k + 1;
    const verdict = evaluateSpike(span(windowFirst, i + 1), span(windowFirst - baselineBuckets, windowFirst), options);
    const start = historyStart + i * bucketMs;
    points.push({
      start,
      end: start + bucketMs,
      attempts: attempts[i]!,
      failures: failures[i]!,
      rate: failureRate({ attempts: attempts[i]!, failures: failures[i]! }),
      windowRate: verdict.rate,
      baselineRate: verdict.baselineRate,
      spike: verdict.spike,
    });
  }
  return points;
}

function prefixSums(values: readonly number[]): number[] {
  const sums = new Array<number>(values.length + 1);
  sums[0] = 0;
  for (let i = 0; i < values.length; i++) sums[i + 1] = sums[i]! + values[i]!;
  return sums;
}

/** A run of consecutive spike buckets, as one marked span on a chart. */
export interface SpikeSpan {
  start: number;
  end: number;
  attempts: number;
  failures: number;
}

/** Consecutive spike buckets merged into spans, for marking them on a chart. */
export function spikeSpans(points: readonly SeriesPoint[]): SpikeSpan[] {
  const spans: SpikeSpan[] = [];
  for (const point of points) {
    if (!point.spike) continue;
    const last = spans.at(-1);
    if (last && last.end === point.start) {
      last.end = point.end;
      last.attempts += point.attempts;
      last.failures += point.failures;
    } else {
      spans.push({ start: point.start, end: point.end, attempts: point.attempts, failures: point.failures });
    }
  }
  return spans;
}

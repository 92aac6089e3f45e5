import { describe, expect, it } from 'vitest';
import {
  evaluateSpike,
  failureRate,
  failureSeries,
  seriesHistoryStart,
  spikeSpans,
  windowBuckets,
  type BucketCounts,
  type SeriesOptions,
} from './spike-detector.ts';

const rule = { factor: 3, minFailures: 10 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('evaluateSpike: rate ≥ factor × baseline and failures ≥ min_failures', () => {
  it('finds no spike when the window fails as often as usual', () => {
    const verdict = evaluateSpike({ attempts: 400, failures: 16 }, { attempts: 50_000, failures: 2_000 }, rule);
    expect(verdict).toEqual({
      spike: false,
      reason: 'below_factor',
      rate: 0.04,
      baselineRate: 0.04,
      thresholdRate: 3 * 0.04,
    });
  });

  it('finds a spike when the rate reaches the factor and enough attempts failed', () => {
    const verdict = evaluateSpike({ attempts: 40, failures: 22 }, { attempts: 50_000, failures: 2_000 }, rule);
    expect(verdict.spike).toBe(true);
    expect(verdict.reason).toBe('spike');
    expect(verdict.rate).toBeCloseTo(0.55);
  });

  it('counts a rate exactly at factor × baseline as a spike (≥), without floating-point luck', () => {
    // 0.3 = 3 × 0.1, which 3 * 0.1 (0.30000000000000004) would miss.
    expect(evaluateSpike({ attempts: 100, failures: 30 }, { attempts: 1000, failures: 100 }, rule).spike).toBe(true);
    expect(evaluateSpike({ attempts: 100, failures: 29 }, { attempts: 1000, failures: 100 }, rule).reason).toBe(
      'below_factor',
    );
    // A fractional factor too.
    expect(
      evaluateSpike({ attempts: 100, failures: 25 }, { attempts: 100, failures: 10 }, { factor: 2.5, minFailures: 10 })
        .spike,
    ).toBe(true);
  });

  it('finds no spike under min_failures, however high the rate', () => {
    const verdict = evaluateSpike({ attempts: 9, failures: 9 }, { attempts: 50_000, failures: 500 }, rule);
    expect(verdict).toMatchObject({ spike: false, reason: 'below_min_failures', rate: 1 });
    expect(evaluateSpike({ attempts: 10, failures: 10 }, { attempts: 50_000, failures: 500 }, rule).spike).toBe(true);
  });

  it('treats a zero baseline rate as "any rate is too high": min_failures alone decides', () => {
    const perfectWeek = { attempts: 20_000, failures: 0 };
    expect(evaluateSpike({ attempts: 1000, failures: 10 }, perfectWeek, rule)).toEqual({
      spike: true,
      reason: 'spike',
      rate: 0.01,
      baselineRate: 0,
      thresholdRate: 0,
    });
    expect(evaluateSpike({ attempts: 1000, failures: 9 }, perfectWeek, rule).reason).toBe('below_min_failures');
  });

  it('treats a baseline without attempts (a new payment method) like a zero baseline', () => {
    const verdict = evaluateSpike({ attempts: 12, failures: 11 }, { attempts: 0, failures: 0 }, rule);
    expect(verdict).toMatchObject({ spike: true, baselineRate: null, thresholdRate: 0 });
  });

  it('finds nothing in a window without attempts', () => {
    expect(evaluateSpike({ attempts: 0, failures: 0 }, { attempts: 0, failures: 0 }, rule)).toEqual({
      spike: false,
      reason: 'no_attempts',
      rate: null,
      baselineRate: null,
      thresholdRate: 0,
    });
  });

  it('refuses counts that cannot be', () => {
    expect(() => evaluateSpike({ attempts: 1, failures: 2 }, { attempts: 0, failures: 0 }, rule)).toThrow(RangeError);
    expect(() => evaluateSpike({ attempts: 1.5, failures: 0 }, { attempts: 0, failures: 0 }, rule)).toThrow(RangeError);
    expect(() =>
      evaluateSpike({ attempts: 1, failures: 0 }, { attempts: 0, failures: 0 }, { factor: 0, minFailures: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      evaluateSpike({ attempts: 1, failures: 0 }, { attempts: 0, failures: 0 }, { factor: 3, minFailures: 0 }),
    ).toThrow(RangeError);
  });

  it('has no rate without attempts', () => {
    expect(failureRate({ attempts: 0, failures: 0 })).toBeNull();
    expect(failureRate({ attempts: 8, failures: 2 })).toBe(0.25);
  });
});

describe('windowBuckets: a window that does not fall on bucket edges is widened to whole buckets', () => {
  it.each([
    [15 * MINUTE, 5 * MINUTE, 3],
    [16 * MINUTE, 5 * MINUTE, 4],
    [14 * MINUTE, 5 * MINUTE, 3],
    [15 * MINUTE, HOUR, 1],
    [90 * MINUTE, HOUR, 2],
    [MINUTE, 5 * MINUTE, 1],
  ])('a window of %d ms over buckets of %d ms covers %d buckets', (windowMs, bucketMs, expected) => {
    expect(windowBuckets(windowMs, bucketMs)).toBe(expected);
  });
});

/**
 * A synthetic day of 5-minute buckets: 20 attempts and 1 failure in each (5%), for the day and the whole
 * baseline before it, with `overrides` by bucket index from the series' start.
 */
function syntheticSeries(overrides: Record<number, { attempts: number; failures: number }> = {}, windowMinutes = 15) {
  const bucketMs = 5 * MINUTE;
  const from = Date.UTC(2026, 4, 12, 0, 0);
  const options: SeriesOptions = {
    bucketMs,
    windowMs: windowMinutes * MINUTE,
    baselineMs: 7 * DAY,
    from,
    to: from + DAY,
    ...rule,
  };
  const counts: BucketCounts[] = [];
  for (let start = seriesHistoryStart(options); start < options.to; start += bucketMs) {
    const index = (start - from) / bucketMs;
    counts.push({ start, attempts: 20, failures: 1, ...overrides[index] });
  }
  return { options, counts, from, bucketMs };
}

describe('failureSeries: each bucket judged over the window that ends with it', () => {
  it('marks nothing in a steady series, and draws the baseline beside it', () => {
    const { options, counts } = syntheticSeries();
    const points = failureSeries(counts, options);
    expect(points).toHaveLength(288);
    expect(points.every((p) => !p.spike && p.rate === 0.05 && p.baselineRate === 0.05)).toBe(true);
    expect(points[0]!.start).toBe(options.from);
    expect(points.at(-1)!.end).toBe(options.to);
  });

  it('marks the buckets whose window holds a spike, from the first one that reaches the rule', () => {
    // Buckets 100 and 101 fail 7 of 20 each: alone, neither reaches 10 failures; together they do.
    const { options, counts } = syntheticSeries({
      100: { attempts: 20, failures: 7 },
      101: { attempts: 20, failures: 7 },
    });
    const points = failureSeries(counts, options);
    const marked = points.flatMap((p, i) => (p.spike ? [i] : []));
    // The window ending with 100 holds buckets 98–100: 9 failures, too few. Those ending with 101 (99–101)
    // and 102 (100–102) hold 15 of 60 (25% ≥ 3 × 5%); the one ending with 103 (101–103) 9 again.
    expect(marked).toEqual([101, 102]);
    expect(points[101]).toMatchObject({ attempts: 20, failures: 7, rate: 0.35, windowRate: 0.25, baselineRate: 0.05 });
    expect(spikeSpans(points)).toEqual([
      { start: points[101]!.start, end: points[102]!.end, attempts: 40, failures: 8 },
    ]);
  });

  it('marks nothing when the spike stays under min_failures', () => {
    const { options, counts } = syntheticSeries({ 100: { attempts: 10, failures: 7 } });
    const points = failureSeries(counts, options);
    expect(points[100]!.rate).toBe(0.7);
    expect(points.some((p) => p.spike)).toBe(false);
  });

  it('judges against a zero baseline when nothing failed before', () => {
    const { options, counts } = syntheticSeries();
    const quiet = counts.map((c) => ({ ...c, failures: c.start < options.from + 150 * 5 * MINUTE ? 0 : c.failures }));
    quiet.find((c) => c.start === options.from + 150 * 5 * MINUTE)!.failures = 10;
    const points = failureSeries(quiet, options);
    expect(points[150]).toMatchObject({ spike: true, baselineRate: 0 });
  });

  it('counts a failure at the edge of a bucket in that bucket, and widens an unaligned window to whole buckets', () => {
    // 11 failures in bucket 200, nothing in 199 and before: with a 15-minute window (3 buckets), the windows
    // ending with 200, 201 and 202 hold them; the one ending with 203 does not.
    const { options, counts } = syntheticSeries({ 200: { attempts: 20, failures: 11 } });
    expect(failureSeries(counts, options).flatMap((p, i) => (p.spike ? [i] : []))).toEqual([200, 201, 202]);
    // A 16-minute window does not fit 3 buckets: it is widened to 4, so the window ending with 203 holds them too.
    const wide = syntheticSeries({ 200: { attempts: 20, failures: 11 } }, 16);
    expect(failureSeries(wide.counts, wide.options).flatMap((p, i) => (p.spike ? [i] : []))).toEqual([
      200, 201, 202, 203,
    ]);
  });

  it('ends with the bucket that is still filling, and fills the gaps of sparse counts with zeros', () => {
    const bucketMs = HOUR;
    const from = Date.UTC(2026, 4, 12, 0);
    const to = from + 2 * HOUR + 10 * MINUTE;
    const points = failureSeries([{ start: from + HOUR, attempts: 4, failures: 1 }], {
      bucketMs,
      windowMs: 15 * MINUTE,
      baselineMs: DAY,
      from,
      to,
      ...rule,
    });
    expect(points.map((p) => [p.start - from, p.attempts, p.failures, p.rate])).toEqual([
      [0, 0, 0, null],
      [HOUR, 4, 1, 0.25],
      [2 * HOUR, 0, 0, null],
    ]);
    expect(points[1]!.baselineRate).toBeNull();
  });

  it('needs counts from one window and one baseline before the first bucket', () => {
    expect(
      seriesHistoryStart({ bucketMs: 5 * MINUTE, windowMs: 15 * MINUTE, baselineMs: 7 * DAY, from: 7 * DAY + HOUR }),
    ).toBe(HOUR - 10 * MINUTE);
    expect(() =>
      failureSeries([{ start: 7, attempts: 1, failures: 0 }], {
        bucketMs: HOUR,
        windowMs: HOUR,
        baselineMs: DAY,
        from: 2 * DAY,
        to: 3 * DAY,
        ...rule,
      }),
    ).toThrow(RangeError);
  });
});

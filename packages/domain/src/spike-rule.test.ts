import { describe, expect, it } from 'vitest';
import { binomialUpperTail, logGamma, wilsonInterval } from './binomial.ts';
import {
  DEFAULT_SPIKE_RULE,
  judgeScan,
  judgeSpike,
  judgeSteps,
  shrunkBaselineRate,
  spikeEpisodes,
  spikeHistoryStart,
  spikeSeries,
  STEP_MS,
  type SpikeRule,
} from './spike-rule.ts';
import type { BucketCounts } from './spike-detector.ts';

/**
 * The default rule with each window judged at α = 0.0001: the rule's own edges, whatever α the calibration
 * gives a week's traffic (spike-methods.test.ts tests that).
 */
const rule: SpikeRule = { ...DEFAULT_SPIKE_RULE, significance: 0.0001 };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;

/** Exact P(X ≥ k), term by term in logs: the reference for the incomplete-beta route. */
function tailBySum(k: number, n: number, p: number): number {
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(
      logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p),
    );
  }
  return sum;
}

describe('binomial tail and interval', () => {
  it('logGamma gives factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3_628_800), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('matches the exact sum at small and large n, both sides of the mean', () => {
    for (const [k, n, p] of [
      [1, 1, 0.3],
      [2, 3, 0.05],
      [3, 9, 0.02],
      [5, 10, 0.5],
      [40, 300, 0.1],
      [20, 300, 0.1],
      [350, 3000, 0.1],
      [1, 2000, 0.0001],
    ] as const) {
      const exact = tailBySum(k, n, p);
      expect(Math.abs(binomialUpperTail(k, n, p) - exact) / exact).toBeLessThan(1e-9);
    }
  });

  it('has the obvious edges', () => {
    expect(binomialUpperTail(0, 5, 0.1)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.1)).toBe(0);
    expect(binomialUpperTail(3, 3, 0.1)).toBeCloseTo(0.001, 12);
    expect(binomialUpperTail(1, 5, 0)).toBe(0);
    expect(binomialUpperTail(5, 5, 1)).toBe(1);
  });

  it('Wilson interval: wide at 1 of 2, narrow at 100 of 1000, none for nothing', () => {
    const low = wilsonInterval(1, 2)!;
    expect(low.low).toBeLessThan(0.1);
    expect(low.high).toBeGreaterThan(0.9);
    const high = wilsonInterval(100, 1000)!;
    expect(high.high - high.low).toBeLessThan(0.04);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

/** A week of baseline at `perStep` attempts per 5 minutes failing at `rate`. */
const weekOf = (perStep: number, rate: number) => {
  const attempts = perStep * 2016;
  return { attempts, failures: Math.round(attempts * rate) };
};

describe('judgeSpike at the edges of each volume (attempts per 5 minutes)', () => {
  // The default rule: windows of 5 to 15 minutes, α = 0.0001 each, at least 2 failures.
  // Technical failures usually run near 1 %, fraud blocks near 0.4 %, declines near 8 %.
  const technical = (perStep: number) => weekOf(perStep, 0.01);
  const fraud = (perStep: number) => weekOf(perStep, 0.004);
  const declines = (perStep: number) => weekOf(perStep, 0.08);

  it('1 per 5 min: one failure is never a spike, whatever its chance', () => {
    expect(judgeSpike({ attempts: 1, failures: 1 }, weekOf(1, 0), rule)).toMatchObject({
      spike: false,
      reason: 'too_few_failures',
      pValue: null,
    });
    expect(judgeSpike({ attempts: 1, failures: 1 }, technical(1), rule).reason).toBe('too_few_failures');
  });

  it('1 per 5 min: 2 of 2 technical failures where 1 % fail are just not enough at α = 1e-4 (p ≈ 1.1e-4); 3 of 3 are', () => {
    const two = judgeSpike({ attempts: 2, failures: 2 }, technical(1), rule);
    expect(two).toMatchObject({ spike: false, reason: 'not_significant' });
    expect(two.pValue!).toBeGreaterThan(rule.significance);
    expect(two.pValue!).toBeLessThan(1.2e-4);
    expect(judgeSpike({ attempts: 3, failures: 3 }, technical(1), rule).spike).toBe(true);
    // Rarer failures need fewer: 2 fraud blocks in 2 attempts where 0.4 % are blocked.
    expect(judgeSpike({ attempts: 2, failures: 2 }, fraud(1), rule).spike).toBe(true);
  });

  it('1 per 5 min: declines (8 %) need 4 in a row — what one issuer answering "do not honor" rarely gives', () => {
    expect(judgeSpike({ attempts: 3, failures: 3 }, declines(1), rule).spike).toBe(false);
    expect(judgeSpike({ attempts: 4, failures: 4 }, declines(1), rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 6, failures: 4 }, declines(1), rule).spike).toBe(false);
  });

  it('3 per 5 min: a total outage is a spike within 5 minutes for technical failures, 10 for declines', () => {
    expect(judgeSpike({ attempts: 3, failures: 3 }, technical(3), rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 3, failures: 3 }, declines(3), rule).spike).toBe(false);
    expect(judgeSpike({ attempts: 6, failures: 6 }, declines(3), rule).spike).toBe(true);
    // Two unlucky failures in the 30 minutes are not a spike.
    expect(judgeSpike({ attempts: 18, failures: 2 }, technical(3), rule).spike).toBe(false);
  });

  it('10 per 5 min: 4 technical failures in 10 attempts are a spike, 3 are not; half declining takes 10 minutes', () => {
    expect(judgeSpike({ attempts: 10, failures: 4 }, technical(10), rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 10, failures: 3 }, technical(10), rule)).toMatchObject({
      spike: false,
      reason: 'not_significant',
    });
    expect(judgeSpike({ attempts: 10, failures: 5 }, declines(10), rule).spike).toBe(false);
    expect(judgeSpike({ attempts: 20, failures: 10 }, declines(10), rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 60, failures: 9 }, declines(10), rule).spike).toBe(false);
  });

  it('100 per 5 min: a rise from 8 % to 20 % is a spike; to 11 % is not (below the minimum effect)', () => {
    expect(judgeSpike({ attempts: 300, failures: 60 }, declines(100), rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 300, failures: 33 }, declines(100), rule)).toMatchObject({
      spike: false,
      reason: 'below_effect',
    });
  });

  it('1,000 per 5 min: ordinary noise is not a spike, though it is "significant"', () => {
    // 8.0 % → 9.0 %: p ≈ 0.03 at n = 3,000 — real but small, and under the 5-point minimum effect.
    const verdict = judgeSpike({ attempts: 3000, failures: 270 }, declines(1000), rule);
    expect(verdict).toMatchObject({ spike: false, reason: 'below_effect' });
    // A 5-point rise at this volume is both large enough and far beyond chance.
    expect(judgeSpike({ attempts: 3000, failures: 400 }, declines(1000), rule).spike).toBe(true);
  });

  it('judges a rate exactly at the threshold as reaching it', () => {
    // Baseline 10 % (shrinkage is negligible at 2 million attempts): threshold 15 % = 45 of 300.
    const baseline = { attempts: 2_000_000, failures: 200_000 };
    const verdict = judgeSpike({ attempts: 300, failures: 45 }, baseline, { ...rule, factor: 1 });
    expect(verdict.reason).not.toBe('below_effect');
  });

  it('without a baseline (a new method) judges against the 5 % prior', () => {
    expect(shrunkBaselineRate({ attempts: 0, failures: 0 })).toBeCloseTo(0.05);
    expect(judgeSpike({ attempts: 6, failures: 6 }, { attempts: 0, failures: 0 }, rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 6, failures: 1 }, { attempts: 0, failures: 0 }, rule).spike).toBe(false);
  });

  it('no attempts, no spike; and the band is there with attempts', () => {
    expect(judgeSpike({ attempts: 0, failures: 0 }, declines(10), rule)).toMatchObject({
      spike: false,
      reason: 'no_attempts',
      band: null,
    });
    const { band } = judgeSpike({ attempts: 3, failures: 3 }, declines(1), rule);
    expect(band!.low).toBeLessThan(0.5);
    expect(band!.high).toBe(1);
  });

  it('a stricter significance needs more evidence', () => {
    const baseline = weekOf(3, 0.01);
    expect(judgeSpike({ attempts: 9, failures: 3 }, baseline, rule).spike).toBe(true);
    expect(judgeSpike({ attempts: 9, failures: 3 }, baseline, { ...rule, significance: 1e-6 }).spike).toBe(false);
  });

  it('refuses counts that cannot be', () => {
    expect(() => judgeSpike({ attempts: 1, failures: 2 }, declines(1), rule)).toThrow(RangeError);
  });
});

describe('judgeScan: every window from 5 minutes to the spike window', () => {
  const technical = weekOf(10, 0.01);
  const quiet = { attempts: 10, failures: 0 };

  it('a short window decides when the long one dilutes it, and says which', () => {
    // The last 5 minutes: 8 of 10 failed; the 30 minutes: 8 of 60 (13 %) — a spike either way here,
    // but the 5-minute window is the one that decides first.
    const windows = [
      { attempts: 10, failures: 8 },
      { attempts: 20, failures: 8 },
      { attempts: 30, failures: 8 },
      { attempts: 40, failures: 8 },
      { attempts: 50, failures: 8 },
      { attempts: 60, failures: 8 },
    ];
    const verdict = judgeScan(windows, technical, { ...rule, minEffect: 0.2 });
    expect(verdict).toMatchObject({ spike: true, reason: 'spike', decidingMinutes: 5 });
    // Rate, band and counts are the whole window's: what the chart and the drill-down show.
    expect(verdict.rate).toBeCloseTo(8 / 60);
    expect(judgeSpike(windows.at(-1)!, technical, { ...rule, minEffect: 0.2 }).spike).toBe(false);
  });

  it('the long window decides at low volume, where the short ones hold too few attempts', () => {
    const sparse = weekOf(1, 0.08);
    const windows = [
      { attempts: 1, failures: 1 },
      { attempts: 2, failures: 2 },
      { attempts: 3, failures: 3 },
      { attempts: 4, failures: 4 },
    ];
    expect(judgeScan(windows, sparse, rule)).toMatchObject({ spike: true, decidingMinutes: 20 });
    expect(judgeScan(windows.slice(0, 3), sparse, rule)).toMatchObject({ spike: false, decidingMinutes: null });
  });

  it('quiet windows are no spike; an empty list is refused', () => {
    expect(judgeScan([quiet, quiet], technical, rule)).toMatchObject({ spike: false, decidingMinutes: null });
    expect(() => judgeScan([], technical, rule)).toThrow(RangeError);
  });
});

/** Synthetic 5-minute counts: `perStep` attempts at `rate` failures (deterministic: every 1/rate-th fails). */
function traffic(from: number, to: number, perStep: number, failing: (at: number, i: number) => number) {
  const counts: BucketCounts[] = [];
  let i = 0;
  for (let start = from; start < to; start += STEP_MS, i++) {
    counts.push({ start, attempts: perStep, failures: failing(start, i) });
  }
  return counts;
}

describe('judgeSteps and spikeSeries: one definition for every range and bucket size', () => {
  const now = Date.UTC(2026, 10, 20, 12, 0);
  const outageFrom = now - 6 * 60 * MINUTE;
  const outageTo = outageFrom + 40 * MINUTE;
  // 3 attempts per 5 minutes, one failure a hour at ordinary times; everything fails during the outage.
  const counts = traffic(spikeHistoryStart(now - 30 * DAY, rule), now, 3, (at, i) =>
    at >= outageFrom && at < outageTo ? 3 : i % 12 === 0 ? 1 : 0,
  );

  it('raises the spike within 5 minutes of the outage and drops it once the window has passed it', () => {
    const steps = judgeSteps(counts, rule, now - DAY, now);
    const episodes = spikeEpisodes(steps);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.start - outageFrom).toBeLessThanOrEqual(5 * MINUTE);
    expect(episodes[0]!.end).toBeGreaterThan(outageTo);
    expect(episodes[0]!.end! - outageTo).toBeLessThanOrEqual(rule.windowMinutes * MINUTE);
  });

  it('marks the same moments in 5-minute buckets over 24 hours and hours over 7 and 30 days', () => {
    const day = spikeSeries(counts, rule, { bucketMs: STEP_MS, from: now - DAY, to: now });
    const hour = 60 * MINUTE;
    for (const range of [7 * DAY, 30 * DAY]) {
      const hours = spikeSeries(counts, rule, { bucketMs: hour, from: now - range, to: now });
      const spikeHours = new Set(hours.filter((p) => p.spike).map((p) => p.start));
      const fromFives = new Set(day.filter((p) => p.spike).map((p) => Math.floor((p.end - 1) / hour) * hour));
      expect([...spikeHours].filter((h) => h >= now - DAY)).toEqual([...fromFives]);
      expect(spikeHours.size).toBe(fromFives.size);
    }
  });

  it('follows the time of day with the seasonal baseline: a nightly failure burst is usual, not a spike', () => {
    // Every night at 02:00–03:00, two thirds of attempts fail (a batch of retries); else 1 in 12 steps has one.
    const nightly = (at: number, i: number) => {
      const minuteOfDay = (at % DAY) / MINUTE;
      return minuteOfDay >= 120 && minuteOfDay < 180 ? 2 : i % 12 === 0 ? 1 : 0;
    };
    const to = Date.UTC(2026, 10, 20, 4, 0);
    const seasonal = { ...rule, seasonalWeeks: 4 };
    const history = traffic(spikeHistoryStart(to - DAY, seasonal), to, 3, nightly);
    const plain = spikeEpisodes(judgeSteps(history, rule, to - DAY, to));
    const weekly = spikeEpisodes(judgeSteps(history, seasonal, to - DAY, to));
    expect(plain.length).toBeGreaterThan(0);
    expect(weekly).toEqual([]);
    expect(spikeHistoryStart(to, seasonal)).toBe(to - 4 * WEEK - 60 * MINUTE);
  });
});

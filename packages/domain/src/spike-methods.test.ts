import { describe, expect, it } from 'vitest';
import type { BucketCounts } from './spike-detector.ts';
import {
  bonferroniRule,
  calibrateSignificance,
  calibrationAt,
  judgeSignalsAt,
  MAX_WINDOW_SIGNIFICANCE,
  judgeScopesAt,
  methodScopes,
  methodSeries,
  scopesOf,
  signalsJudged,
  type MethodBucketCounts,
} from './spike-methods.ts';
import {
  DEFAULT_SPIKE_RULE,
  judgeSteps,
  spikeHistoryStart,
  STEP_MS,
  STEPS_PER_WEEK,
  windowTestsBefore,
  type SpikeRule,
  type WindowTests,
} from './spike-rule.ts';

const rule: SpikeRule = DEFAULT_SPIKE_RULE;
const MINUTE = 60_000;
/** A step boundary well away from the epoch. */
const NOW = Date.UTC(2026, 11, 2, 14, 0);

/** Steady counts per 5 minutes for one method from the history's start up to (not including) `until`. */
function steady(method: number, attempts: number, failures: number, until: number): MethodBucketCounts[] {
  const rows: MethodBucketCounts[] = [];
  for (let t = spikeHistoryStart(NOW, rule); t < until; t += STEP_MS) {
    rows.push({ start: t, paymentMethodId: method, attempts, failures });
  }
  return rows;
}

/** The step that holds NOW, and the 10 minutes before it. */
const INCIDENT = NOW - 10 * MINUTE;

/**
 * Two methods: cards (id 1) with 60 attempts per 5 minutes, one failing in each, and carrier billing
 * (id 2) with 2, one failing every 25 steps (1 %). From INCIDENT every carrier attempt fails: over the
 * window's three steps 9 failures of 186 attempts overall (4.8 %, under the baseline's 1.7 % + 5 points),
 * but 6 of 6 for the carrier.
 */
function oneMethodOutage(): MethodBucketCounts[] {
  const cards = steady(1, 60, 1, NOW + STEP_MS);
  const carrier = steady(2, 2, 0, INCIDENT);
  for (const row of carrier) if ((row.start / STEP_MS) % 25 === 0) row.failures = 1;
  for (let t = INCIDENT; t <= NOW; t += STEP_MS)
    carrier.push({ start: t, paymentMethodId: 2, attempts: 2, failures: 2 });
  return [...cards, ...carrier];
}

describe('methodScopes', () => {
  it('sums the methods into the overall series and keeps each method apart, in id order', () => {
    const rows: MethodBucketCounts[] = [
      { start: 0, paymentMethodId: 7, attempts: 3, failures: 1 },
      { start: 0, paymentMethodId: 2, attempts: 4, failures: 0 },
      { start: STEP_MS, paymentMethodId: 2, attempts: 1, failures: 1 },
    ];
    expect(methodScopes(rows)).toEqual([
      {
        paymentMethodId: null,
        counts: [
          { start: 0, attempts: 7, failures: 1 },
          { start: STEP_MS, attempts: 1, failures: 1 },
        ],
      },
      {
        paymentMethodId: 2,
        counts: [
          { start: 0, attempts: 4, failures: 0 },
          { start: STEP_MS, attempts: 1, failures: 1 },
        ],
      },
      { paymentMethodId: 7, counts: [{ start: 0, attempts: 3, failures: 1 }] },
    ]);
  });

  it('judges one method only overall (its own signal would be the same one twice)', () => {
    const rows = [{ start: 0, paymentMethodId: 3, attempts: 2, failures: 1 }];
    expect(methodScopes(rows)).toEqual([{ paymentMethodId: null, counts: [{ start: 0, attempts: 2, failures: 1 }] }]);
  });

  it('gives a named method without counts an empty series', () => {
    const scopes = methodScopes([{ start: 0, paymentMethodId: 3, attempts: 2, failures: 1 }], [3, 4]);
    expect(scopes.map((s) => [s.paymentMethodId, s.counts.length])).toEqual([
      [null, 1],
      [3, 1],
      [4, 0],
    ]);
  });
});

describe('scopesOf', () => {
  const before: MethodBucketCounts[] = [
    { start: 0, paymentMethodId: 3, attempts: 4, failures: 0 },
    { start: STEP_MS, paymentMethodId: 3, attempts: 2, failures: 1 },
  ];

  it("is methodScopes of the kept rows and a later step's, the kept series left as they were", () => {
    const series = methodSeries(before);
    const later: MethodBucketCounts[] = [
      { start: 2 * STEP_MS, paymentMethodId: 3, attempts: 1, failures: 1 },
      { start: 2 * STEP_MS, paymentMethodId: 5, attempts: 3, failures: 2 },
    ];
    // A second method in the later step: both methods judged on their own, the first with its kept counts.
    expect(scopesOf(series, later)).toEqual(methodScopes([...before, ...later]));
    expect(scopesOf(series, later).map((s) => s.paymentMethodId)).toEqual([null, 3, 5]);
    // Nothing later: the kept rows' scopes, one method judged overall only.
    expect(scopesOf(series, [])).toEqual(methodScopes(before));
    expect(scopesOf(series, [])).toHaveLength(1);
    expect(series).toEqual(methodSeries(before));
    expect(scopesOf(series, [], [3, 4]).map((s) => [s.paymentMethodId, s.counts.length])).toEqual([
      [null, 2],
      [3, 2],
      [4, 0],
    ]);
  });

  it('refuses later rows that are not after every kept one', () => {
    expect(() =>
      scopesOf(methodSeries(before), [{ start: STEP_MS, paymentMethodId: 3, attempts: 1, failures: 0 }]),
    ).toThrow(RangeError);
  });
});

describe('Bonferroni adjustment', () => {
  it('counts each kind over every method together and over each of its methods from two methods on', () => {
    expect(signalsJudged([1, 1, 1, 1, 1, 1])).toBe(6);
    expect(signalsJudged([2, 2, 2, 2, 2, 2])).toBe(18);
    expect(signalsJudged([5, 5, 5, 1, 0, 2])).toBe(6 * 3 + 1 + 0 + 3);
    // Nothing attempted anywhere: nothing can be a spike, and the significance is left whole.
    expect(signalsJudged([0, 0, 0])).toBe(1);
    expect(signalsJudged([])).toBe(1);
    expect(() => signalsJudged([1.5])).toThrow(RangeError);
  });

  it('divides the significance by the number of signals judged and keeps the rest of the rule', () => {
    const adjusted = bonferroniRule({ ...rule, significance: 0.0009 }, 18);
    expect(adjusted.significance).toBeCloseTo(0.00005, 12);
    expect({ ...adjusted, significance: 0 }).toEqual({ ...rule, significance: 0 });
    expect(() => bonferroniRule(rule, 0)).toThrow(RangeError);
  });

  it('turns a window that is a spike at the whole significance into none at the shared one', () => {
    // One 5-minute window: baseline 1 in 25 failing; the window 3 failures in 5 attempts.
    const short: SpikeRule = { ...rule, windowMinutes: 5 };
    const counts: BucketCounts[] = [];
    for (let t = spikeHistoryStart(NOW, short); t < NOW; t += STEP_MS)
      counts.push({ start: t, attempts: 5, failures: (t / STEP_MS) % 25 === 0 ? 1 : 0 });
    counts.push({ start: NOW, attempts: 5, failures: 3 });
    const p = judgeSteps(counts, short, NOW, NOW + 1).at(-1)!.pValue!;
    expect(p).toBeGreaterThan(0);
    // Ten times the window's p-value: a spike; shared among 18 signals it is under the p-value: none.
    const shared = { ...short, significance: p * 10 };
    expect(judgeSteps(counts, shared, NOW, NOW + 1).at(-1)!.spike).toBe(true);
    expect(judgeSteps(counts, bonferroniRule(shared, 18), NOW, NOW + 1).at(-1)!.spike).toBe(false);
    expect(judgeSteps(counts, bonferroniRule(shared, 9), NOW, NOW + 1).at(-1)!.spike).toBe(true);
  });
});

describe('judgeSignalsAt', () => {
  it("catches one method's total outage that the overall signal does not", () => {
    const rows = oneMethodOutage();
    const now = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW + 2 * MINUTE);
    expect(now.judged).toBe(3);
    // Judged at the significance calibrated on the three scopes' week before.
    const scopes = methodScopes(rows).map((scope) => windowTestsBefore(scope.counts, rule, NOW + 2 * MINUTE));
    expect(now.rule.significance).toBe(calibrateSignificance(scopes, rule).significance);
    expect(now.calibration.perStep).toBeLessThanOrEqual(rule.significance);
    expect(now.verdicts.map((v) => v.paymentMethodId)).toEqual([null, 1, 2]);
    const byScope = Object.fromEntries(now.verdicts.map((v) => [String(v.paymentMethodId), v.verdict]));
    expect(byScope['2']!.spike).toBe(true);
    expect(byScope['2']!.window).toEqual({ attempts: 6, failures: 6 });
    expect(byScope['1']!.spike).toBe(false);
    // Overall the cards' successes hide it: below the minimum effect.
    expect(byScope.null!.window).toEqual({ attempts: 186, failures: 9 });
    expect(byScope.null!.spike).toBe(false);
    expect(byScope.null!.reason).toBe('below_effect');
  });

  it('counts the scopes judged: a kind that only one method has is judged over every method alone', () => {
    const rows = oneMethodOutage();
    // Declines: only cards have any, so carrier billing is not judged for them, nor counted.
    const declines = rows.filter((r) => r.paymentMethodId === 1).map((r) => ({ ...r, failures: 0 }));
    const now = judgeSignalsAt(
      [
        { signal: 'technical', rows },
        { signal: 'declines', rows: declines },
      ],
      rule,
      NOW,
    );
    expect(now.judged).toBe(3 + 1);
    // The declines' one scope makes tests of its own, the significance shared with them.
    const technicalOnly = calibrationAt([{ signal: 'technical', rows }], rule, NOW).calibration;
    const declinesOnly = calibrationAt([{ signal: 'declines', rows: declines }], rule, NOW).calibration;
    expect(now.calibration.tests).toBe(technicalOnly.tests + declinesOnly.tests);
    expect(now.rule.significance).toBeLessThanOrEqual(technicalOnly.significance);
    expect(now.verdicts.map((v) => `${v.signal}:${v.paymentMethodId}`)).toEqual([
      'technical:null',
      'technical:1',
      'technical:2',
      'declines:null',
    ]);
  });

  it('shares the allowance: signals whose tests can spend it leave less to the others, those that cannot none', () => {
    // Cards steady; the carrier's 10-minute window 3 failures in 4 attempts.
    const rows = oneMethodOutage().filter((r) => !(r.paymentMethodId === 2 && r.start >= INCIDENT));
    rows.push({ start: NOW, paymentMethodId: 2, attempts: 2, failures: 2 });
    rows.push({ start: NOW - STEP_MS, paymentMethodId: 2, attempts: 2, failures: 1 });
    const alone = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW);
    const carrier = alone.verdicts.find((v) => v.paymentMethodId === 2)!.verdict;
    expect(carrier.pValue).not.toBeNull();
    // Kinds of the cards alone that fail as often: their tests spend the allowance too, the significance falls.
    const cards = rows.filter((r) => r.paymentMethodId === 1);
    const busy = Array.from({ length: 9 }, (_, i) => ({ signal: `busy${i}`, rows: cards }));
    const many = judgeSignalsAt([{ signal: 'technical', rows }, ...busy], rule, NOW);
    expect(many.judged).toBe(12);
    expect(many.rule.significance).toBeLessThan(alone.rule.significance / 3);
    expect(many.calibration.perStep).toBeLessThanOrEqual(rule.significance);
    // Kinds of the carrier that never failed: two attempts where nothing fails can hardly be a spike, and
    // cost next to nothing.
    const quiet = rows.filter((r) => r.paymentMethodId === 2).map((r) => ({ ...r, failures: 0 }));
    const idle = Array.from({ length: 9 }, (_, i) => ({ signal: `quiet${i}`, rows: quiet }));
    const few = judgeSignalsAt([{ signal: 'technical', rows }, ...idle], rule, NOW);
    expect(few.judged).toBe(12);
    expect(few.rule.significance).toBeGreaterThan(alone.rule.significance * 0.8);
    // Kinds that nothing attempted: neither judged nor counted.
    const none = Array.from({ length: 9 }, (_, i) => ({ signal: `none${i}`, rows: [] }));
    const nothing = judgeSignalsAt([{ signal: 'technical', rows }, ...none], rule, NOW);
    expect(nothing.judged).toBe(3);
    expect(nothing.rule.significance).toBe(alone.rule.significance);
  });

  it('judges a single method overall only', () => {
    const rows = oneMethodOutage().filter((r) => r.paymentMethodId === 2);
    const now = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW);
    expect(now.judged).toBe(1);
    expect(now.rule.significance).toBe(calibrationAt([{ signal: 'technical', rows }], rule, NOW).rule.significance);
    expect(now.verdicts).toHaveLength(1);
    expect(now.verdicts[0]!.paymentMethodId).toBeNull();
    expect(now.verdicts[0]!.verdict.spike).toBe(true);
  });
});

/**
 * One method at 1 attempt per 5 minutes for the week before NOW: 6 % declined, 1 % technical failures,
 * 0.4 % fraud blocks (spread evenly); then the last two attempts, 5 and 10 minutes ago, both technical.
 */
function lowVolumeOutage(): { signal: string; rows: MethodBucketCounts[] }[] {
  const kinds = { declines: 17, technical: 100, fraud: 250 } as const;
  return Object.entries(kinds).map(([signal, every]) => {
    const rows = steady(1, 1, 0, NOW - STEP_MS);
    for (const row of rows) if ((row.start / STEP_MS) % every === 3) row.failures = 1;
    const outage = signal === 'technical' ? 1 : 0;
    rows.push({ start: NOW - STEP_MS, paymentMethodId: 1, attempts: 1, failures: outage });
    rows.push({ start: NOW, paymentMethodId: 1, attempts: 1, failures: outage });
    return { signal, rows };
  });
}

describe('the significance calibrated on the week before', () => {
  const week = (attemptsJudged: [number, number][], baselineRate: number, threshold = baselineRate + 0.05) => ({
    steps: STEPS_PER_WEEK,
    attemptsJudged: new Map(attemptsJudged),
    baselineRate,
    threshold,
  });

  it('counts a test at its exact size: two attempts can only both fail, with chance p₀²', () => {
    // One window of 2 attempts a step, 1 % failing: a spike only at 2 of 2, chance 1e-4 a step.
    const tests: WindowTests[] = [week([[2, STEPS_PER_WEEK]], 0.01)];
    const roomy = calibrateSignificance(tests, { ...rule, significance: 0.0002 });
    expect(roomy.perStep).toBeCloseTo(1e-4, 8);
    expect(roomy.significance).toBe(MAX_WINDOW_SIGNIFICANCE);
    // An allowance below 1e-4 a step: 2 of 2 must not be a spike.
    const tight = calibrateSignificance(tests, { ...rule, significance: 0.00005 });
    expect(tight.significance).toBeLessThan(1e-4);
    expect(tight.perStep).toBe(0);
  });

  it('spends nothing on tests that cannot be a spike', () => {
    // Declines at 6 % over 2 attempts: 2 of 2 has chance 0.0036, above any significance it is judged at.
    const tests = [week([[2, STEPS_PER_WEEK]], 0.06)];
    const calibration = calibrateSignificance(tests, rule);
    expect(calibration.perStep).toBe(0);
    expect(calibration.significance).toBe(MAX_WINDOW_SIGNIFICANCE);
    expect(calibrateSignificance([], rule).significance).toBe(MAX_WINDOW_SIGNIFICANCE);
  });

  it('is never stricter than Bonferroni over the week, and keeps to the allowance', () => {
    // Three windows of 30, 60 and 90 attempts a step, three kinds: sizes nearly continuous.
    const tests = [0.06, 0.01, 0.004].map((p) =>
      week(
        [
          [30, STEPS_PER_WEEK],
          [60, STEPS_PER_WEEK],
          [90, STEPS_PER_WEEK],
        ],
        p,
      ),
    );
    const calibration = calibrateSignificance(tests, rule);
    expect(calibration.tests).toBe(9 * STEPS_PER_WEEK);
    expect(calibration.perStep).toBeLessThanOrEqual(rule.significance);
    // Bonferroni: the allowance of a step over its 9 tests (the grid rounds down by at most 2.3 %).
    expect(calibration.significance).toBeGreaterThanOrEqual((rule.significance / 9) * 0.97);
    expect(calibration.significance).toBeLessThan(MAX_WINDOW_SIGNIFICANCE);
  });

  it('catches a 2-of-2 outage at 1 attempt per 5 minutes, which the Bonferroni share did not', () => {
    const signals = lowVolumeOutage();
    const now = judgeSignalsAt(signals, rule, NOW + MINUTE);
    const technical = now.verdicts.find((v) => v.signal === 'technical')!.verdict;
    expect(technical.spike).toBe(true);
    expect(technical.decidingMinutes).toBe(10);
    const p0 = technical.baselineRate;
    expect(technical.pValue).toBeCloseTo(p0 * p0, 12);
    expect(now.calibration.perStep).toBeLessThanOrEqual(rule.significance);
    // The rule before: 0.0001 shared among the 3 signals, each window at 3.3e-5, under p₀² ≈ 1e-4.
    const before = bonferroniRule({ ...rule, significance: 0.0001 }, now.judged);
    const counts = methodScopes(signals[1]!.rows)[0]!.counts;
    expect(judgeSteps(counts, before, NOW, NOW + 1).at(-1)!.spike).toBe(false);
    // Nor are the other kinds a spike, and one technical failure alone never is.
    expect(now.verdicts.filter((v) => v.verdict.spike).map((v) => v.signal)).toEqual(['technical']);
    const single = lowVolumeOutage();
    single[1]!.rows.find((r) => r.start === NOW - STEP_MS)!.failures = 0;
    expect(judgeSignalsAt(single, rule, NOW + MINUTE).verdicts.some((v) => v.verdict.spike)).toBe(false);
  });

  it('would not take 2 of 3 technical failures where 1 % fail as a spike', () => {
    // Three attempts in the 15 minutes, two of them technical: chance 3p₀², above what the week allows.
    const signals = lowVolumeOutage();
    signals[1]!.rows.find((r) => r.start === NOW - STEP_MS)!.failures = 0;
    signals[1]!.rows.find((r) => r.start === NOW - 2 * STEP_MS)!.failures = 1;
    for (const { rows } of signals) rows.find((r) => r.start === NOW - STEP_MS)!.attempts = 1;
    const now = judgeSignalsAt(signals, rule, NOW + MINUTE);
    const technical = now.verdicts.find((v) => v.signal === 'technical')!.verdict;
    expect(technical.window).toEqual({ attempts: 3, failures: 2 });
    expect(technical.spike).toBe(false);
  });
});

describe('judgeSignalsAt, shown signals', () => {
  it('judges a shown signal over its scopes at the shared significance, outside the divisor', () => {
    const rows = oneMethodOutage();
    const now = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW, [{ signal: 'failures', rows }]);
    expect(now.judged).toBe(3);
    expect(now.verdicts.map((v) => `${v.signal}:${v.paymentMethodId}`)).toEqual([
      'technical:null',
      'technical:1',
      'technical:2',
      'failures:null',
      'failures:1',
      'failures:2',
    ]);
    expect(now.verdicts.find((v) => v.signal === 'failures' && v.paymentMethodId === 2)!.verdict.spike).toBe(true);
  });
});

describe('judgeScopesAt', () => {
  it("gives judgeSignalsAt's verdicts for the steps before kept as series and the step's own rows added", () => {
    const rows = oneMethodOutage();
    const now = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW, [{ signal: 'failures', rows }]);
    const kept = methodSeries(rows.filter((row) => row.start < NOW));
    const step = rows.filter((row) => row.start >= NOW);
    const scopes = scopesOf(kept, step);
    const verdicts = judgeScopesAt(
      [
        { signal: 'technical', scopes },
        { signal: 'failures', scopes },
      ],
      now.rule,
      NOW,
    );
    expect(verdicts).toEqual(now.verdicts);
    expect(verdicts.filter((v) => v.verdict.spike).map((v) => `${v.signal}:${v.paymentMethodId}`)).toEqual([
      'technical:2',
      'failures:2',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { BucketCounts } from './spike-detector.ts';
import {
  bonferroniRule,
  judgeSignalsAt,
  methodScopes,
  signalsJudged,
  type MethodBucketCounts,
} from './spike-methods.ts';
import { DEFAULT_SPIKE_RULE, judgeSteps, spikeHistoryStart, STEP_MS, type SpikeRule } from './spike-rule.ts';

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
    expect(now.rule.significance).toBeCloseTo(rule.significance / 3, 15);
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

  it('divides by the scopes judged: a kind that only one method has is judged over every method alone', () => {
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
    expect(now.rule.significance).toBeCloseTo(rule.significance / 4, 15);
    expect(now.verdicts.map((v) => `${v.signal}:${v.paymentMethodId}`)).toEqual([
      'technical:null',
      'technical:1',
      'technical:2',
      'declines:null',
    ]);
  });

  it('judges at the shared significance: a method at the edge is a spike alone, not among many', () => {
    // Cards steady; carrier's window p-value sits between α / 3 and α / 30.
    const rows = oneMethodOutage().filter((r) => !(r.paymentMethodId === 2 && r.start >= INCIDENT));
    rows.push({ start: NOW, paymentMethodId: 2, attempts: 2, failures: 2 });
    rows.push({ start: NOW - STEP_MS, paymentMethodId: 2, attempts: 2, failures: 1 });
    const alone = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW);
    const carrier = alone.verdicts.find((v) => v.paymentMethodId === 2)!.verdict;
    expect(carrier.pValue).not.toBeNull();
    const edge = { ...rule, significance: carrier.pValue! * 5 };
    const few = judgeSignalsAt([{ signal: 'technical', rows }], edge, NOW);
    expect(few.verdicts.find((v) => v.paymentMethodId === 2)!.verdict.spike).toBe(true);
    // Nine more kinds of the carrier alone: 12 signals, the significance shared four times thinner.
    const carrierOnly = rows.filter((r) => r.paymentMethodId === 2).map((r) => ({ ...r, failures: 0 }));
    const others = Array.from({ length: 9 }, (_, i) => ({ signal: `other${i}`, rows: carrierOnly }));
    const many = judgeSignalsAt([{ signal: 'technical', rows }, ...others], edge, NOW);
    expect(many.judged).toBe(12);
    // Kinds that nothing attempted: not counted.
    const none = Array.from({ length: 9 }, (_, i) => ({ signal: `none${i}`, rows: [] }));
    expect(judgeSignalsAt([{ signal: 'technical', rows }, ...none], edge, NOW).judged).toBe(3);
    expect(many.verdicts.find((v) => v.signal === 'technical' && v.paymentMethodId === 2)!.verdict.spike).toBe(false);
  });

  it('judges a single method overall only', () => {
    const rows = oneMethodOutage().filter((r) => r.paymentMethodId === 2);
    const now = judgeSignalsAt([{ signal: 'technical', rows }], rule, NOW);
    expect(now.judged).toBe(1);
    expect(now.rule.significance).toBe(rule.significance);
    expect(now.verdicts).toHaveLength(1);
    expect(now.verdicts[0]!.paymentMethodId).toBeNull();
    expect(now.verdicts[0]!.verdict.spike).toBe(true);
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

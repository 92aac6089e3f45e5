import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  bonferroniRule,
  calibrationAt,
  evaluateSpike,
  judgeSteps,
  methodScopes,
  signalsJudged,
  type MethodBucketCounts,
  spikeEpisodes,
  spikeHistoryStart,
  STEP_MS,
  type BucketCounts,
  type SpikeRule,
  type StepVerdict,
} from '../packages/domain/src/index.ts';
import { migrateToLatest, openDatabase } from '../apps/bff/src/db/database.ts';
import { readSpikeRule, signalBuckets, signalMethodBuckets } from '../apps/bff/src/monitoring/monitoring.repository.ts';
import { ALERTING_SIGNALS, type Signal } from '../apps/bff/src/monitoring/signals.ts';
import { putSetting } from '../apps/bff/src/settings/settings.repository.ts';
import { ROOT, withDatabase, type BenchConfig } from './lib/config.ts';
import { recreateDatabase } from './lib/database.ts';

/**
 * Benchmark 9: spike detection. Synthetic weeks of traffic at 1, 10, 100 and 1,000 payment attempts per
 * 5 minutes, with one injected incident each, written to the monitoring rollups (monitoring_buckets_5m and,
 * summed over the methods, monitoring_totals_5m: what the log entries' triggers keep) of a database of their
 * own and read back by the monitoring's own query
 * (signalBuckets). Each week is judged step by step, every 5 minutes, by the statistical rule (the default
 * settings) and by the former rule (rate ≥ 3 × baseline and ≥ 10 failures in 15 minutes, one rate for every
 * failure). Each incident is injected REPLICAS times (each its own random traffic) and normal traffic is
 * judged over NORMAL_SAMPLES weeks per volume. Reported: minutes from the incident's start to the first alert
 * (median), how many alerts came within 10 minutes, incidents missed (no alert before the incident ends), and
 * false alarms per week of normal traffic (alerts that start outside any incident).
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
export const VOLUMES = [1, 10, 100, 1000] as const;
/** Each incident at each volume is injected this many times, into traffic of its own. */
export const REPLICAS = 10;
/**
 * Normal traffic is judged over this many weeks per volume (6 days each, after a full baseline);
 * BENCH_DETECTION_NORMAL_WEEKS sets another number.
 */
export const NORMAL_SAMPLES = Number(process.env.BENCH_DETECTION_NORMAL_WEEKS ?? 12);
/** The significance before its calibration (the settings' default then), divided among the signals. */
export const PREVIOUS_SIGNIFICANCE = 0.0001;

/** Normal traffic: the share of attempts that fail, by kind. */
const NORMAL = { declines: 0.06, technical: 0.01, fraud: 0.004 };
/** Two payment methods: cards take most attempts, carrier billing the rest. */
const CARRIER_SHARE = 0.25;

export type IncidentName = 'total outage' | '30-point rise' | 'slow drift' | 'single decline code' | 'one method only';
interface Incident {
  name: IncidentName;
  minutes: number;
  /** The extra failure share of one attempt at `minute` into the incident, by kind, and on which method. */
  extra(minute: number): { kind: 'declines' | 'technical'; share: number; carrierOnly?: boolean };
}

const INCIDENTS: Incident[] = [
  { name: 'total outage', minutes: 60, extra: () => ({ kind: 'technical', share: 1 }) },
  { name: '30-point rise', minutes: 60, extra: () => ({ kind: 'technical', share: 0.3 }) },
  // From nothing to 60 % over three hours.
  { name: 'slow drift', minutes: 180, extra: (m) => ({ kind: 'technical', share: (0.6 * m) / 180 }) },
  // One issuer answer (do_not_honor) for half the attempts: a decline, not an outage.
  { name: 'single decline code', minutes: 60, extra: () => ({ kind: 'declines', share: 0.5 }) },
  // Carrier billing alone fails entirely.
  { name: 'one method only', minutes: 60, extra: () => ({ kind: 'technical', share: 1, carrierOnly: true }) },
];

/** A small deterministic generator (mulberry32), so that every run judges the same weeks. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > limit);
  return k - 1;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

function binomial(rand: () => number, n: number, p: number): number {
  if (n > 200) {
    const mean = n * p;
    return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * gaussian(rand))));
  }
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < p) k++;
  return k;
}

interface Row {
  bucket_start: Date;
  payment_method_id: number;
  attempts: number;
  declines: number;
  technical: number;
  fraud: number;
}

/** Two weeks of 5-minute rows for two methods from `start`; the incident (if any) in the second week. */
function traffic(
  start: number,
  perStep: number,
  methods: [number, number],
  seed: number,
  incident?: { at: number; spec: Incident },
): Row[] {
  const rand = random(seed);
  const rows: Row[] = [];
  for (let t = start; t < start + 2 * WEEK; t += STEP_MS) {
    const total = poisson(rand, perStep);
    const carrier = binomial(rand, total, CARRIER_SHARE);
    for (const [method, attempts] of [
      [methods[0], total - carrier],
      [methods[1], carrier],
    ] as const) {
      if (attempts === 0) continue;
      // One kind per failed attempt (multinomial, drawn kind by kind): the kinds never add up past the attempts.
      let declines = binomial(rand, attempts, NORMAL.declines);
      let technical = binomial(rand, attempts - declines, NORMAL.technical / (1 - NORMAL.declines));
      const fraud = binomial(
        rand,
        attempts - declines - technical,
        NORMAL.fraud / (1 - NORMAL.declines - NORMAL.technical),
      );
      if (incident && t >= incident.at && t < incident.at + incident.spec.minutes * MINUTE) {
        const extra = incident.spec.extra((t - incident.at) / MINUTE);
        if (!extra.carrierOnly || method === methods[1]) {
          const ok = attempts - declines - technical - fraud;
          const more = binomial(rand, ok, extra.share);
          if (extra.kind === 'technical') technical += more;
          else declines += more;
        }
      }
      rows.push({ bucket_start: new Date(t), payment_method_id: method, attempts, declines, technical, fraud });
    }
  }
  return rows;
}

export interface DetectionCell {
  volume: number;
  incident: IncidentName;
  /** Per replica: minutes from the incident's start to the first alert; null when missed. */
  statistical: (number | null)[];
  /** The statistical rule before the calibration: each signal at 0.0001 ÷ the signals judged (Bonferroni). */
  previous: (number | null)[];
  former: (number | null)[];
}

export interface DetectionResult {
  rule: SpikeRule;
  /** The alerting signals judged per step over normal traffic: the significance's divisor. */
  judged: number;
  cells: DetectionCell[];
  /** False alarms in a week of normal traffic, per volume, and the weeks judged. */
  falseAlarms: { volume: number; statistical: number; previous: number; former: number; weeks: number }[];
  /** The calibrated significance of the windows over normal traffic, per volume: lowest and highest. */
  significance: { volume: number; low: number; high: number; perStep: number }[];
  /** How long reading a week and a baseline of 5-minute counts took through the monitoring query. */
  queryMs: number[];
}

const FORMER = { factor: 3, minFailures: 10, windowSteps: 3, baselineSteps: (7 * DAY) / STEP_MS };

/** The former rule every 5 minutes over the overall failures: rate ≥ 3 × baseline and ≥ 10 failures in 15 min. */
function formerSteps(counts: BucketCounts[], from: number, to: number): { at: number; spike: boolean }[] {
  const byStart = new Map(counts.map((c) => [c.start, c]));
  const steps: { at: number; spike: boolean }[] = [];
  const sum = (a: number, b: number) => {
    let attempts = 0;
    let failures = 0;
    for (let t = a; t < b; t += STEP_MS) {
      const c = byStart.get(t);
      if (c) {
        attempts += c.attempts;
        failures += c.failures;
      }
    }
    return { attempts, failures };
  };
  // Running sums: the baseline moves one step at a time.
  const windowMs = FORMER.windowSteps * STEP_MS;
  const baselineMs = FORMER.baselineSteps * STEP_MS;
  let baseline = sum(from + STEP_MS - windowMs - baselineMs, from + STEP_MS - windowMs);
  for (let end = from + STEP_MS; end <= to; end += STEP_MS) {
    if (end > from + STEP_MS) {
      const enter = byStart.get(end - windowMs - STEP_MS);
      const leave = byStart.get(end - windowMs - baselineMs - STEP_MS);
      baseline = {
        attempts: baseline.attempts + (enter?.attempts ?? 0) - (leave?.attempts ?? 0),
        failures: baseline.failures + (enter?.failures ?? 0) - (leave?.failures ?? 0),
      };
    }
    const verdict = evaluateSpike(sum(end - windowMs, end), baseline, FORMER);
    steps.push({ at: end, spike: verdict.spike });
  }
  return steps;
}

/** The alerting signals judged over these counts (spikeNow's divisor). */
function judgedFor(counts: Record<Signal, MethodBucketCounts[]>): number {
  return signalsJudged(ALERTING_SIGNALS.map((signal) => new Set(counts[signal].map((r) => r.paymentMethodId)).size));
}

/**
 * Alert starts (episodes' first steps) of the statistical rule over every alerting signal, each over every
 * method together and over each method on its own (what spikeNow does): `calibrated`, at the significance
 * calibrated on the week before (calibrationAt), once a day (the week before moves by a day's steps of
 * 2,016; the product calibrates at every step); or `previous`, the rule before the calibration, at
 * PREVIOUS_SIGNIFICANCE divided by the signals judged (Bonferroni).
 */
function statisticalStarts(
  counts: Record<Signal, MethodBucketCounts[]>,
  rule: SpikeRule,
  from: number,
  to: number,
  mode: 'calibrated' | 'previous',
  significances?: number[],
) {
  const signals = ALERTING_SIGNALS.map((signal) => ({ signal, rows: counts[signal] }));
  const steps = new Map<string, StepVerdict[]>();
  for (let chunk = from; chunk < to; chunk += DAY) {
    const chunkTo = Math.min(to, chunk + DAY);
    let judged: SpikeRule;
    if (mode === 'previous') {
      judged = bonferroniRule({ ...rule, significance: PREVIOUS_SIGNIFICANCE }, judgedFor(counts));
    } else {
      judged = calibrationAt(signals, rule, chunk).rule;
      significances?.push(judged.significance);
    }
    for (const signal of ALERTING_SIGNALS) {
      for (const scope of methodScopes(counts[signal])) {
        const key = `${signal}:${scope.paymentMethodId}`;
        const list = steps.get(key) ?? [];
        list.push(...judgeSteps(scope.counts, judged, chunk, chunkTo));
        steps.set(key, list);
      }
    }
  }
  const starts: number[] = [];
  for (const list of steps.values()) for (const episode of spikeEpisodes(list)) starts.push(episode.start);
  return starts.sort((a, b) => a - b);
}

function formerStarts(counts: BucketCounts[], from: number, to: number) {
  const starts: number[] = [];
  let on = false;
  for (const step of formerSteps(counts, from, to)) {
    if (step.spike && !on) starts.push(step.at);
    on = step.spike;
  }
  return starts;
}

export async function benchDetection(config: BenchConfig, log: (line: string) => void): Promise<DetectionResult> {
  const name = `${config.databaseName}_detection`;
  await recreateDatabase(config, name);
  const handle = openDatabase({ databaseUrl: withDatabase(config.databaseUrl, name), limits: false });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    // BENCH_SPIKE_SIGNIFICANCE=0.0002 measures another significance than the default.
    if (process.env.BENCH_SPIKE_SIGNIFICANCE) {
      await putSetting(db, 'spike_significance', Number(process.env.BENCH_SPIKE_SIGNIFICANCE));
    }
    const rule = await readSpikeRule(db);
    const methods = await db
      .insertInto('payment_methods')
      .values([
        { type: 'bogus', name: 'Card', preferences: '{}' },
        { type: 'carrier', name: 'Carrier billing', preferences: '{}' },
      ])
      .returning('id')
      .execute();
    const methodIds: [number, number] = [methods[0]!.id, methods[1]!.id];
    // Weeks end at a whole hour; the incident starts on the second week's Wednesday, 14:00.
    const start = Math.floor((Date.now() - 2 * WEEK) / DAY) * DAY;
    const testFrom = start + WEEK + DAY;
    const testTo = start + 2 * WEEK;
    const result: DetectionResult = { rule, judged: 0, cells: [], falseAlarms: [], significance: [], queryMs: [] };
    let seed = 1;

    const judge = async (rows: Row[]) => {
      await db.deleteFrom('monitoring_totals_5m').execute();
      await db.deleteFrom('monitoring_buckets_5m').execute();
      for (let i = 0; i < rows.length; i += 2000) {
        await db
          .insertInto('monitoring_buckets_5m')
          .values(
            rows.slice(i, i + 2000).map((r) => ({
              ...r,
              captures: 0,
              capture_failures: 0,
              voids: 0,
              void_failures: 0,
              refunds: 0,
              refund_failures: 0,
            })),
          )
          .execute();
      }
      // What the triggers keep beside it: the same buckets summed over the methods.
      const totals = new Map<number, Omit<Row, 'payment_method_id'>>();
      for (const r of rows) {
        const t = totals.get(r.bucket_start.getTime());
        if (!t) {
          totals.set(r.bucket_start.getTime(), {
            bucket_start: r.bucket_start,
            attempts: r.attempts,
            declines: r.declines,
            technical: r.technical,
            fraud: r.fraud,
          });
          continue;
        }
        t.attempts += r.attempts;
        t.declines += r.declines;
        t.technical += r.technical;
        t.fraud += r.fraud;
      }
      const summed = [...totals.values()];
      for (let i = 0; i < summed.length; i += 2000) {
        await db
          .insertInto('monitoring_totals_5m')
          .values(
            summed.slice(i, i + 2000).map((t) => ({
              ...t,
              captures: 0,
              capture_failures: 0,
              voids: 0,
              void_failures: 0,
              refunds: 0,
              refund_failures: 0,
            })),
          )
          .execute();
      }
      const historyFrom = new Date(spikeHistoryStart(testFrom, rule));
      const started = performance.now();
      const perMethod = await signalMethodBuckets(db, historyFrom, new Date(testTo));
      result.queryMs.push(performance.now() - started);
      const overall = await signalBuckets(db, historyFrom, new Date(testTo), undefined, 'failures');
      return { perMethod, failures: overall.failures };
    };

    for (const volume of VOLUMES) {
      // The normal weeks are judged over their last six days (a full baseline behind every step).
      let statistical = 0;
      let previous = 0;
      let former = 0;
      let days = 0;
      const significances: number[] = [];
      for (let sample = 0; sample < NORMAL_SAMPLES; sample++) {
        const normal = await judge(traffic(start, volume, methodIds, seed++));
        result.judged = Math.max(result.judged, judgedFor(normal.perMethod));
        days += (testTo - testFrom) / DAY;
        statistical += statisticalStarts(normal.perMethod, rule, testFrom, testTo, 'calibrated', significances).length;
        previous += statisticalStarts(normal.perMethod, rule, testFrom, testTo, 'previous').length;
        former += formerStarts(normal.failures, testFrom, testTo).length;
      }
      const perWeek = (alarms: number) => Number(((alarms * 7) / days).toFixed(2));
      result.falseAlarms.push({
        volume,
        statistical: perWeek(statistical),
        previous: perWeek(previous),
        former: perWeek(former),
        weeks: Number((days / 7).toFixed(1)),
      });
      result.significance.push({
        volume,
        low: Math.min(...significances),
        high: Math.max(...significances),
        perStep: rule.significance,
      });
      log(
        `   ${volume}/5 min: false alarms per week ${perWeek(statistical)} (before the calibration ${perWeek(previous)}, former rule ${perWeek(former)}) over ${days} days; windows judged at ${Math.min(...significances).toExponential(2)}–${Math.max(...significances).toExponential(2)}`,
      );
      for (const incident of INCIDENTS) {
        const at = start + WEEK + 2 * DAY + 14 * 60 * MINUTE;
        const end = at + incident.minutes * MINUTE;
        const first = (starts: number[]) => {
          const hit = starts.find((t) => t > at && t <= end + STEP_MS);
          return hit === undefined ? null : Math.round((hit - at) / MINUTE);
        };
        const from = at - 2 * 60 * MINUTE;
        const to = end + 60 * MINUTE;
        const measured: DetectionCell = {
          volume,
          incident: incident.name,
          statistical: [],
          previous: [],
          former: [],
        };
        for (let replica = 0; replica < REPLICAS; replica++) {
          const counts = await judge(traffic(start, volume, methodIds, seed++, { at, spec: incident }));
          measured.statistical.push(first(statisticalStarts(counts.perMethod, rule, from, to, 'calibrated')));
          measured.previous.push(first(statisticalStarts(counts.perMethod, rule, from, to, 'previous')));
          measured.former.push(first(formerStarts(counts.failures, from, to)));
        }
        result.cells.push(measured);
        log(
          `   ${volume}/5 min, ${incident.name}: ${summary(measured.statistical)} (before the calibration ${summary(measured.previous)}, former rule ${summary(measured.former)})`,
        );
      }
    }
    return result;
  } finally {
    await handle.close();
  }
}

/** The median of the detected replicas' minutes (the missed ones count as later than any). */
function median(times: readonly (number | null)[]): number | null {
  const sorted = times.map((t) => t ?? Number.POSITIVE_INFINITY).sort((x, y) => x - y);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return Number.isFinite(middle) ? middle : null;
}

const within = (times: readonly (number | null)[], minutes: number) =>
  times.filter((t) => t !== null && t <= minutes).length;
const missed = (times: readonly (number | null)[]) => times.filter((t) => t === null).length;

function summary(times: readonly (number | null)[]): string {
  const m = median(times);
  return `${m === null ? 'missed' : `${m} min`} (≤ 10 min ${within(times, 10)}/${times.length}, missed ${missed(times)})`;
}

/** P(N ≥ k) for N ~ Poisson(mean). */
function poissonAtLeast(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= mean / (i + 1);
  }
  return 1 - below;
}

/**
 * The most any rule could catch within 10 minutes while keeping to one false alarm a week (the bound of
 * BENCHMARKS.md), from the traffic's own rates: the failures an incident makes in its first 10 minutes are
 * Poisson, and a rule must see at least `needed` of them, the fewest whose chance coincidence in normal
 * traffic stays under a week's budget (itself Poisson: `needed` failures of the kind inside 10 minutes).
 */
export function tenMinuteBounds() {
  const ok = 1 - NORMAL.declines - NORMAL.technical - NORMAL.fraud;
  const tenMinutes = 2;
  /** The fewest failures in 10 minutes that chance brings at most once a week, at `rate` failures per step. */
  const needed = (rate: number) => {
    for (let k = 2; ; k++) {
      // Starts of a run of k failures within 10 minutes per week: λ (λτ)^(k−1) / (k−1)!, per 5-minute step.
      const perWeek = (WEEK / STEP_MS) * rate * poissonAtLeast(k - 1, rate * tenMinutes);
      if (perWeek <= 1) return k;
    }
  };
  const cases = [
    { incident: 'total outage', volume: 1, kind: NORMAL.technical, share: 1, carrier: 1 },
    { incident: 'single decline code', volume: 1, kind: NORMAL.declines, share: 0.5, carrier: 1 },
    { incident: 'one method only', volume: 1, kind: NORMAL.technical, share: 1, carrier: CARRIER_SHARE },
    { incident: 'one method only', volume: 10, kind: NORMAL.technical, share: 1, carrier: CARRIER_SHARE },
  ] as const;
  return cases.map((c) => {
    const k = needed(c.volume * c.kind);
    // The incident's failures of the kind in its first 10 minutes, and the ordinary ones beside them.
    const mean = c.volume * tenMinutes * (c.carrier * ok * c.share + c.kind);
    return { ...c, needed: k, mean, bound: poissonAtLeast(k, mean) };
  });
}

export function detectionSection(result: DetectionResult, measuredAt: Date): string {
  const header = `| incident | ${VOLUMES.map((v) => `${v}/5 min`).join(' | ')} |`;
  const rule = result.rule;
  type Replicas = 'statistical' | 'previous';
  const withTen = (key: Replicas) => (c: DetectionCell) => {
    const m = median(c[key]);
    return `${m === null ? 'missed' : `${m} min`} · ${within(c[key], 10)}/${c[key].length} · ${missed(c[key])}`;
  };
  const former = (c: DetectionCell) => {
    const m = median(c.former);
    return `${m === null ? 'missed' : `${m} min`} · ${missed(c.former)}`;
  };
  const table = (format: (c: DetectionCell) => string, falseAlarms: (volume: number) => number) => {
    const lines = [header, `| --- | ${VOLUMES.map(() => '---').join(' | ')} |`];
    for (const incident of [...new Set(result.cells.map((c) => c.incident))]) {
      const cells = VOLUMES.map((volume) =>
        format(result.cells.find((x) => x.volume === volume && x.incident === incident)!),
      );
      lines.push(`| ${incident} | ${cells.join(' | ')} |`);
    }
    lines.push(`| **false alarms per week** (normal traffic) | ${VOLUMES.map(falseAlarms).join(' | ')} |`);
    return lines;
  };
  type Key = 'statistical' | 'previous' | 'former';
  const alarms = (key: Key) => (volume: number) => result.falseAlarms.find((x) => x.volume === volume)![key];
  const total = (key: Key) => result.cells.reduce((sum, c) => sum + missed(c[key]), 0);
  const atLeastHalf: IncidentName[] = ['total outage', 'single decline code', 'one method only'];
  const caught = (key: Replicas) =>
    result.cells.filter((c) => atLeastHalf.includes(c.incident)).reduce((sum, c) => sum + within(c[key], 10), 0);
  const halfRuns = result.cells.filter((c) => atLeastHalf.includes(c.incident)).length * REPLICAS;
  const runs = result.cells.length * REPLICAS;
  const percent = (x: number) => `${Math.round(x * 100)} %`;
  const weeks = result.falseAlarms[0]?.weeks ?? 0;
  const significance = VOLUMES.map((volume) => {
    const s = result.significance.find((x) => x.volume === volume)!;
    return `${s.low.toExponential(1)}–${s.high.toExponential(1)} at ${volume}`;
  }).join(', ');
  const lines = [
    '<!-- spike-detection -->',
    '## 9. Spike detection',
    '',
    `Measured ${measuredAt.toISOString().slice(0, 16)} UTC (\`BENCH_ONLY=detection pnpm bench\`). Synthetic`,
    'traffic (Poisson attempts, 25 % carrier billing; normally 6 % declines, 1 % technical failures, 0.4 % fraud',
    'blocks) at 1, 10, 100 and 1,000 payment attempts per 5 minutes: two weeks per case, the incident on the second',
    "week's Wednesday at 14:00, written to `monitoring_buckets_5m` (and summed over the methods to",
    "`monitoring_totals_5m`, as the log entries' triggers keep it) and read back by the monitoring's own query,",
    `then judged every 5 minutes. Each incident is injected ${REPLICAS} times at each volume, each time into traffic`,
    `of its own; false alarms are counted over ${NORMAL_SAMPLES} × 6 days of normal traffic per volume (${weeks} weeks). Incidents:`,
    'total outage (60 min, every attempt fails), 30-point rise (60 min, +30 % of attempts fail technically),',
    'slow drift (technical failures rising from 0 to +60 % over 3 hours), single decline code (60 min, half the',
    'attempts declined do_not_honor), one method only (60 min, every carrier-billing attempt fails). The',
    'incidents of ≥ 50 % failures are the total outage, the single decline code (about 53 % declined) and the one',
    "method (all of its attempts; about 30 % of every method's).",
    '',
    `**Statistical rule, calibrated** (the settings' defaults: every window of 5 to ${rule.windowMinutes} minutes ending at the`,
    `step, at least 2 failures, minimum effect ${rule.minEffect}, factor ${rule.factor}, baseline ${rule.baselineDays} days, \`spike_significance\` ${rule.significance}),`,
    'each alerting signal judged over every method together and over each of the two methods on its own: the',
    'declines, technical failures and fraud blocks 3 × 3 (the traffic has no captures, voids or refunds, which',
    `are not counted), ${result.judged} signals. Every window is judged at the significance calibrated on the week before`,
    `(\`calibrateSignificance\`): the largest at which that week's tests, at their exact binomial sizes, would have`,
    `made at most ${rule.significance} false alarms per 5-minute step, ${(rule.significance * 2016).toFixed(2)} a week — here ${significance}`,
    'attempts per 5 minutes. Calibrated once a day over the normal weeks, and on the week before the incident',
    'for the incidents (the product calibrates at every step: the week before moves by a step of 2,016). Each',
    `cell: median minutes from the incident start to the first alert · alerts within 10 minutes of ${REPLICAS} · missed`,
    '(no alert before the incident ended).',
    '',
    ...table(withTen('statistical'), alarms('statistical')),
    '',
    `**Before the calibration** (on the same traffic: each signal's windows at ${PREVIOUS_SIGNIFICANCE} ÷ ${result.judged}, Bonferroni,`,
    'the rule and default before).',
    '',
    ...table(withTen('previous'), alarms('previous')),
    '',
    '**Former rule** (rate ≥ 3 × baseline and ≥ 10 failures in 15 minutes, one rate for every failure): median',
    'minutes · missed.',
    '',
    ...table(former, alarms('former')),
    '',
    `The incidents of ≥ 50 % failures caught within 10 minutes: ${caught('statistical')} of ${halfRuns} calibrated, ${caught('previous')} of ${halfRuns} before.`,
    `Missed: calibrated ${total('statistical')} of ${runs}, before ${total('previous')} of ${runs}, former ${total('former')} of ${runs}.`,
    `Reading two weeks of 5-minute counts (every signal, one query): ${Math.round(
      Math.min(...result.queryMs),
    )}–${Math.round(Math.max(...result.queryMs))} ms.`,
    '',
    '**What 10 minutes can hold.** Where a cell falls short of 10 minutes, the traffic does not carry the',
    'evidence. Any rule within one false alarm a week must see a few failures of the kind before it speaks —',
    'the fewest that normal traffic brings inside 10 minutes at most once a week — and an incident makes only',
    'so many in its first 10 minutes (Poisson; at 1 attempt per 5 minutes one in seven holds no attempt at',
    'all). About the share of incidents any such rule could catch within 10 minutes, over a signal of every',
    `method (${REPLICAS} replicas measure a share to about ± 15 points):`,
    '',
    '| incident | volume | failures it makes in 10 min (mean) | fewest a rule may need | at most caught within 10 min |',
    '| --- | --- | --- | --- | --- |',
    ...tenMinuteBounds().map(
      (b) => `| ${b.incident} | ${b.volume}/5 min | ${b.mean.toFixed(2)} | ${b.needed} | ${percent(b.bound)} |`,
    ),
    '',
    'The bound of the one method is that of a signal of every method: judged on its own, the method is not',
    "diluted by the others' successes, so its outage needs fewer failures than the bound counts. The bound is",
    'for one signal with the whole week to itself; the rule shares its allowance among nine, so it may need one',
    'failure more than the bound where the kind is common (declines) or the attempts are few. At 1 attempt per',
    '5 minutes the calibrated rule takes two technical failures in two attempts (chance about 1.1e-4 where 1 %',
    'fail, under the α the week gives), so a total outage is a spike once two attempts have come: 8 of 10 here',
    'against a bound of 56 % (with 10 replicas, one run in ten draws 8 or more at 56 %); before the',
    'calibration it waited for a third failure.',
    '<!-- /spike-detection -->',
  ];
  return lines.join('\n');
}

/** Its own section of BENCHMARKS.md, written whenever it is measured (like the capture runs'). */
export function writeDetectionSection(result: DetectionResult, measuredAt = new Date()): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const section = detectionSection(result, measuredAt);
  const pattern = /<!-- spike-detection -->[\s\S]*<!-- \/spike-detection -->/;
  writeFileSync(file, pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`);
}

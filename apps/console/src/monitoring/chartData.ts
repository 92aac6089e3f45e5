import type { FailureSeries } from './api.ts';

/** One point of the failure chart: time in epoch ms, rates in percent (the axis' unit), counts as they are. */
export interface ChartPoint {
  t: number;
  end: number;
  attempts: number;
  failures: number;
  /** This bucket's own failure rate; null without attempts. */
  rate: number | null;
  /** The rate drawn: the spike window's (5-minute buckets) or the bucket's own (hours); null without attempts. */
  windowRate: number | null;
  /** The 95 % interval of windowRate, [low, high]: wide at low volume, narrow at high; null without attempts. */
  band: [number, number] | null;
  baseline: number | null;
  /** Where the window's rate becomes large enough to be a spike (the rule also asks that it is no chance). */
  threshold: number | null;
  spike: boolean;
}

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 100);

export function chartPoints(series: FailureSeries): ChartPoint[] {
  return series.buckets.map((bucket) => ({
    t: Date.parse(bucket.start),
    end: Date.parse(bucket.end),
    attempts: bucket.attempts,
    failures: bucket.failures,
    rate: percent(bucket.rate),
    windowRate: percent(bucket.window_rate),
    band: bucket.band ? [percent(bucket.band.low)!, percent(bucket.band.high)!] : null,
    baseline: percent(bucket.baseline_rate),
    threshold: percent(bucket.threshold_rate),
    spike: bucket.spike,
  }));
}

/** The spans to shade, in epoch ms. */
export function spikeAreas(series: FailureSeries): { x1: number; x2: number }[] {
  return series.spikes.map((spike) => ({ x1: Date.parse(spike.from), x2: Date.parse(spike.to) }));
}

/** How long the span of the chart's rate line is, in minutes: the spike window for 5-minute buckets, else the bucket. */
export function windowMinutes(series: FailureSeries): number {
  return series.bucket === '5m' ? Math.ceil(series.rule.window_minutes / 5) * 5 : 60;
}

import type { FailureSeries } from './api.ts';

/** One point of the failure chart: time in epoch ms, rates in percent (the axis' unit), counts as they are. */
export interface ChartPoint {
  t: number;
  end: number;
  attempts: number;
  failures: number;
  /** This bucket's own failure rate; null without attempts. */
  rate: number | null;
  /** The failure rate of the spike window ending with this bucket; null without attempts (a gap, not 0). */
  windowRate: number | null;
  baseline: number | null;
  /** factor × baseline: where the window's rate becomes a spike (with enough failures). */
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
    baseline: percent(bucket.baseline_rate),
    threshold: percent(bucket.baseline_rate === null ? null : bucket.baseline_rate * series.thresholds.factor),
    spike: bucket.spike,
  }));
}

/** The spans to shade, in epoch ms. */
export function spikeAreas(series: FailureSeries): { x1: number; x2: number }[] {
  return series.spikes.map((spike) => ({ x1: Date.parse(spike.from), x2: Date.parse(spike.to) }));
}

/** How long the window of the chart's rate line is, in minutes: whole buckets (an unaligned window is widened). */
export function windowMinutes(series: FailureSeries): number {
  return series.window_buckets * (series.bucket === '5m' ? 5 : 60);
}

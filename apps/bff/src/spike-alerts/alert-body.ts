import type { SpikeAlertBody } from '@paydesk/contract';
import type { StepVerdict } from '@paydesk/domain';
import type { Signal } from '../monitoring/signals.ts';

/** A signal's name in an alert's text. */
export const SIGNAL_NAMES: Record<Signal, string> = {
  failures: 'All failures',
  declines: 'Issuer declines',
  technical: 'Technical failures',
  fraud: 'Fraud blocks',
  capture: 'Capture failures',
  void: 'Void failures',
  refund: 'Refund failures',
};

const WHAT: Record<Signal, string> = {
  failures: 'payment attempts failed',
  declines: 'payment attempts were declined by the issuer',
  technical: 'payment attempts failed technically (errors, timeouts, no answer)',
  fraud: 'payment attempts were blocked as fraud',
  capture: 'captures failed',
  void: 'voids failed',
  refund: 'refunds failed',
};

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`);
function round(rate: number): number;
function round(rate: number | null): number | null;
function round(rate: number | null): number | null {
  return rate === null ? null : Number(rate.toFixed(4));
}
const utc = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

export interface AlertContext {
  event: 'spike.started' | 'spike.resolved';
  episodeId: number;
  signal: Signal;
  /** The payment method judged on its own; null for every method together. */
  paymentMethod: { id: number; name: string } | null;
  startedAt: Date;
  resolvedAt: Date | null;
  windowFrom: Date;
  now: Date;
  windowMinutes: number;
  verdict: StepVerdict;
}

/**
 * The body of an alert webhook (the contract's SpikeAlert, field by field): the episode, its signal and payment
 * method (null: every method), the signal's numbers at the moment, and a `text` that makes the same body a Slack
 * incoming-webhook message (Slack reads `text` and ignores the rest).
 */
export function alertBody(context: AlertContext): SpikeAlertBody {
  const { event, signal, verdict, paymentMethod } = context;
  const name = paymentMethod ? `${SIGNAL_NAMES[signal]} of ${paymentMethod.name}` : SIGNAL_NAMES[signal];
  const what = paymentMethod ? `${WHAT[signal]} (${paymentMethod.name})` : WHAT[signal];
  const counts = `${verdict.window.failures} of ${verdict.window.attempts} ${what} in the last ${context.windowMinutes} minutes (${percent(verdict.rate)}; baseline ${percent(verdict.baselineRate)})`;
  const text =
    event === 'spike.started'
      ? `:red_circle: Spike: ${name}. ${counts}. Since ${utc(context.startedAt)}.`
      : `:white_check_mark: Resolved: ${name}. The spike from ${utc(context.startedAt)} ended at ${utc(context.resolvedAt ?? context.now)}; now ${counts}.`;
  return {
    event,
    text,
    episode_id: context.episodeId,
    signal,
    signal_name: name,
    payment_method_id: paymentMethod?.id ?? null,
    payment_method_name: paymentMethod?.name ?? null,
    started_at: context.startedAt.toISOString(),
    resolved_at: context.resolvedAt?.toISOString() ?? null,
    as_of: context.now.toISOString(),
    window: { from: context.windowFrom.toISOString(), to: context.now.toISOString(), minutes: context.windowMinutes },
    attempts: verdict.window.attempts,
    failures: verdict.window.failures,
    rate: round(verdict.rate),
    band: verdict.band ? { low: round(verdict.band.low), high: round(verdict.band.high) } : null,
    baseline_rate: round(verdict.baselineRate),
    threshold_rate: round(verdict.thresholdRate),
    p_value: verdict.pValue === null ? null : Number(verdict.pValue.toPrecision(3)),
    deciding_minutes: verdict.decidingMinutes,
  };
}

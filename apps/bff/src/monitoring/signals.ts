import { MONITORING_SIGNALS, type MonitoringSignal } from '@paydesk/contract';

/**
 * The monitored signals (product.md, "Failed-order spike monitoring"), each with its own rate, baseline and
 * spike. Payment attempts (authorize and purchase log entries, whatever the method: carrier billing counts
 * like cards) make the first family: all their failures, and separately the issuer's declines, technical
 * failures (no answer, errors, timeouts: the outcome unknown) and fraud blocks. Money operations make the
 * second: capture, void and refund calls and their failures. The kinds of failure come from the error code
 * (monitoring_failure_kind, 0090_monitoring_signals).
 */
export const SIGNALS = MONITORING_SIGNALS;
export type Signal = MonitoringSignal;

export type SignalFamily = 'attempts' | 'money';

export interface SignalDefinition {
  family: SignalFamily;
  /**
   * SQL over a row of a monitoring rollup (monitoring_totals_5m, monitoring_buckets_5m): the signal's
   * attempts and failures (constants, never from a request).
   */
  attempts: string;
  failures: string;
}

export const SIGNAL_DEFINITIONS: Record<Signal, SignalDefinition> = {
  failures: { family: 'attempts', attempts: 'attempts', failures: 'declines + technical + fraud' },
  declines: { family: 'attempts', attempts: 'attempts', failures: 'declines' },
  technical: { family: 'attempts', attempts: 'attempts', failures: 'technical' },
  fraud: { family: 'attempts', attempts: 'attempts', failures: 'fraud' },
  capture: { family: 'money', attempts: 'captures', failures: 'capture_failures' },
  void: { family: 'money', attempts: 'voids', failures: 'void_failures' },
  refund: { family: 'money', attempts: 'refunds', failures: 'refund_failures' },
};

/** The actions whose log entries a signal counts (the drill-down's failed_attempt_action). */
export const SIGNAL_ACTIONS: Record<Signal, readonly string[]> = {
  failures: ['authorize', 'purchase'],
  declines: ['authorize', 'purchase'],
  technical: ['authorize', 'purchase'],
  fraud: ['authorize', 'purchase'],
  capture: ['capture'],
  void: ['void'],
  refund: ['refund'],
};

/** The failure kind a signal counts (monitoring_failure_kind), or null for every failure. */
export const SIGNAL_KIND: Record<Signal, 'decline' | 'technical' | 'fraud' | null> = {
  failures: null,
  declines: 'decline',
  technical: 'technical',
  fraud: 'fraud',
  capture: null,
  void: null,
  refund: null,
};

/** The signals that alert: each kind on its own (the overall `failures` is their sum, shown, not alerted). */
export const ALERTING_SIGNALS: readonly Signal[] = ['declines', 'technical', 'fraud', 'capture', 'void', 'refund'];

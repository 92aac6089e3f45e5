import { DEFAULT_STUCK_AFTER_SECONDS } from '@paydesk/domain';
import { preview, type PaymentOnWire } from '../payments/paymentState.ts';
import type { NeedsAttentionCounts, Payment } from '../types.ts';

/** The domain's threshold: a gateway call claimed longer ago than this is stuck. */
export const STUCK_AFTER_MS = DEFAULT_STUCK_AFTER_SECONDS * 1000;

type PaymentState = Pick<Payment, 'status' | 'operation'> & Partial<Pick<Payment, 'operation_started_at'>>;

/** A gateway call has been "in flight" for over 5 minutes: the process making it died, its outcome is unknown. */
export function isStuck(payment: PaymentState, now: number = Date.now()): boolean {
  if (!payment.operation || !payment.operation_started_at) return false;
  return new Date(payment.operation_started_at).getTime() < now - STUCK_AFTER_MS;
}

/**
 * Worth asking the gateway about: the payment is in error (a call's outcome unknown), a call is set on it
 * (in flight or stuck), or it has a pending refund (which the payment record alone does not tell).
 */
export function canReconcile(payment: PaymentState, { pendingRefund = false } = {}): boolean {
  return payment.status === 'error' || payment.operation !== null || pendingRefund;
}

/**
 * May be given up on, as the state machine decides: in error, stuck for over 5 minutes, or with a pending
 * refund. Not while a call is simply in flight: its answer is still coming.
 */
export function canMarkFailed(payment: PaymentOnWire, { pendingRefund = false, now = Date.now() } = {}): boolean {
  return preview(payment, { type: 'mark_failed' }, { now: new Date(now), pendingRefund }).ok;
}

export const NEEDS_ATTENTION_PATH = '/needs-attention';

const listPath = (resource: string, filter: Record<string, unknown>) =>
  `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) }).toString()}`;

export type AttentionKind = keyof NeedsAttentionCounts;

/** Each count opens the list it counts (the API's filters: payments `attention`, refunds `status`, deliveries `failing`). */
export const ATTENTION_LINKS: Record<AttentionKind, string> = {
  payments_in_error: listPath('payments', { attention: 'error' }),
  stuck_in_flight: listPath('payments', { attention: 'stuck' }),
  pending_refunds: listPath('refunds', { status: ['pending'] }),
  pending_approvals: listPath('refund-approvals', { status: 'pending' }),
  failing_callbacks: listPath('callback-deliveries', { failing: 'true' }),
  unapplied_answers: listPath('log-entries', { unapplied: 'true' }),
  open_disputes: listPath('payments', { attention: 'disputed' }),
};

export const ATTENTION_KINDS = Object.keys(ATTENTION_LINKS) as AttentionKind[];

export function totalOf(counts: NeedsAttentionCounts | undefined): number {
  if (!counts) return 0;
  return ATTENTION_KINDS.reduce((sum, kind) => sum + (Number.isFinite(counts[kind]) ? counts[kind] : 0), 0);
}

/** The payments list's `attention` filter, for a SelectInput there: `<SelectInput source="attention" choices={…} />`. */
export const attentionFilterChoices = (['error', 'stuck', 'pending_refund', 'disputed'] as const).map((id) => ({
  id,
  name: `paydesk.needs_attention.filter.${id}`,
}));

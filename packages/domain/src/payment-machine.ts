import { Money } from './money.ts';
import type { FraudStatus, PaymentMethodType, PaymentStatus } from './payment-status.ts';

/**
 * The payment state machine: what a payment becomes after a staff command, a gateway answer, a
 * reconciliation or authorization expiry. `transition` is the only place that decides a status; the BFF
 * applies what it returns and the console asks it which actions to offer.
 */

/** A gateway call is "in flight" for this long; after it the payment's outcome counts as unknown. */
export const DEFAULT_STUCK_AFTER_SECONDS = 300;
/** An authorization lapses after this many days unless its payment method says otherwise. */
export const DEFAULT_AUTHORIZATION_TTL_DAYS = 7;
/** Methods with no gateway: their events move no money through anyone but staff (carrier billing asks its operator). */
export const OFFLINE_METHOD_TYPES: readonly PaymentMethodType[] = ['check'];

export type OperationKind = 'authorize' | 'purchase' | 'capture' | 'void';
export type Outcome = 'success' | 'decline' | 'error' | 'pending';
/** What reconciliation learns about an operation: it happened, it did not (declined or never received), or still unknown. */
export type Reconciled = 'success' | 'decline' | 'not_found' | 'unknown';
export type ReviewCloseReason = 'accepted' | 'rejected' | 'refunded' | 'voided';

export interface Operation {
  kind: OperationKind;
  /** The status the payment had when the operation began. */
  from: PaymentStatus;
  amount: Money | null;
  /** When the call began; null once its answer was "unknown" (the call is over, the outcome is not known). */
  startedAt: Date | null;
  /**
   * After this moment the gateway will no longer apply the call (it was told so, or it runs in-process), so its
   * "never received" is the truth. Absent or null: the gateway cannot be told, and only sending the same
   * operation again under its idempotency key settles it.
   */
  deadline?: Date | null;
}

/**
 * A dispute (chargeback) of the payment, as the gateway last reported it. While it is open the money is in
 * question and refunds are refused (the gateway refuses them too); `at`: when the gateway reported this status.
 */
export interface PaymentDispute {
  id: string;
  status: string;
  amount: Money;
  reason: string;
  at: Date;
}

/** Dispute statuses that are decided (Stripe's words): a refund is possible again. */
export const CLOSED_DISPUTE_STATUSES: readonly string[] = [
  'won',
  'lost',
  'warning_closed',
  'charge_refunded',
  'prevented',
];

/** The dispute is still to be decided. */
export const disputeIsOpen = (dispute: Pick<PaymentDispute, 'status'> | null | undefined): boolean =>
  dispute !== null && dispute !== undefined && !CLOSED_DISPUTE_STATUSES.includes(dispute.status);

export interface PaymentState {
  status: PaymentStatus;
  fraud_status: FraudStatus;
  total: Money;
  captured: Money;
  refunded: Money;
  /** What pending refunds and refunds waiting for approval hold back. */
  reserved: Money;
  /** Pending refunds: sent to the gateway, answer not (yet) known. */
  pendingRefunds: number;
  /** The newest pending refund's start: while recent, a refund call may still be in flight. */
  lastRefundStartedAt: Date | null;
  operation: Operation | null;
  /** The status before an unknown refund made the payment `error`. */
  errorFrom: PaymentStatus | null;
  authorizedAt: Date | null;
  /** The method's authorization_ttl_days (DEFAULT_AUTHORIZATION_TTL_DAYS unless set); null: never lapses (offline). */
  authorizationTtlDays: number | null;
  /** The method makes no gateway calls (a check). */
  offline: boolean;
  /** Refunds above this wait for a second person; null: no threshold for the currency, so every refund waits. */
  approvalThreshold: Money | null;
  now: Date;
  stuckAfterSeconds?: number;
  /**
   * How long after a call starts the method's gateway may still apply it (clock skew included): 0 for a
   * gateway in this process, null (or absent) when the gateway cannot be given a deadline.
   */
  callDeadlineMs?: number | null;
  /** The payment's dispute, if it was ever disputed. */
  dispute?: PaymentDispute | null;
}

/**
 * A charge as the gateway holds it, retrieved after one of its notifications (a webhook): totals in the payment's
 * currency. `released`: the uncaptured authorization was given back (voided in the gateway's dashboard, or it
 * lapsed); `failed`: the charge itself was declined.
 */
export interface GatewayReport {
  captured: Money;
  refunded: Money;
  released: boolean;
  failed: boolean;
}

export type PaymentEvent =
  | { type: 'capture'; amount?: Money }
  | { type: 'void' }
  | { type: 'refund'; amount?: Money; approved?: boolean }
  | { type: 'invalidate' }
  | { type: 'fraud_accept' }
  | { type: 'fraud_reject' }
  | { type: 'mark_failed' }
  | { type: 'open_fraud_review' }
  | { type: 'process'; action: 'authorize' | 'purchase' }
  /** `callOver`: an unknown outcome that the gateway itself answered, so the call cannot land any more. */
  | { type: 'operation_answered'; outcome: Outcome; fraudReview?: boolean; callOver?: boolean }
  | { type: 'refund_answered'; amount: Money; outcome: Outcome }
  /**
   * What the gateway said of an unknown call when asked at `askedAt` (before the answer came; a "never received"
   * proves the call lost only when it was asked for after the call's deadline).
   */
  | { type: 'operation_reconciled'; outcome: Reconciled; askedAt: Date }
  /** `deadline`: the refund call's (see `Operation.deadline`); `askedAt` as for `operation_reconciled`. */
  | { type: 'refund_reconciled'; amount: Money; outcome: Reconciled; askedAt: Date; deadline?: Date | null }
  | { type: 'authorization_expired' }
  | { type: 'gateway_reported'; report: GatewayReport }
  | { type: 'dispute_reported'; dispute: PaymentDispute };

export type StaffEventType =
  | 'capture'
  | 'void'
  | 'refund'
  | 'invalidate'
  | 'fraud_accept'
  | 'fraud_reject'
  | 'mark_failed'
  | 'open_fraud_review';
export const STAFF_EVENTS: readonly StaffEventType[] = [
  'capture',
  'void',
  'refund',
  'invalidate',
  'fraud_accept',
  'fraud_reject',
  'mark_failed',
  'open_fraud_review',
];

export type RefusalCode = 'InvalidState' | 'AuthorizationExpired' | 'AmountExceeded' | 'InvalidArgument';

/** The fields of a payment a transition may change; absent ones stay. `operation: null` ends the operation. */
export interface PaymentChange {
  status?: PaymentStatus;
  fraud_status?: FraudStatus;
  captured?: Money;
  refunded?: Money;
  operation?: Operation | null;
  errorFrom?: PaymentStatus | null;
  dispute?: PaymentDispute;
}

/** What follows from a transition, for the BFF to carry out in the same transaction or right after it. */
export type Effect =
  | { kind: 'call'; operation: OperationKind; amount: Money | null }
  | { kind: 'refund'; amount: Money }
  | { kind: 'await_approval'; amount: Money }
  /** A refund settled without a gateway (an offline method). */
  | { kind: 'refund_settled'; amount: Money }
  /** The operation (or pending refund) is sent again under its own idempotency key: the gateway runs it at most once. */
  | { kind: 'resend'; operation: OperationKind | 'refund'; amount: Money | null };

export type Refusal = { ok: false; code: RefusalCode; message: string };
export interface Accepted {
  ok: true;
  change: PaymentChange;
  effect: Effect | null;
  /** Which refund the answer settles as: succeeded or failed (refund events only); null leaves it pending. */
  refund: 'succeeded' | 'failed' | null;
  /** The open fraud review closes, and why. */
  closeReview: ReviewCloseReason | null;
  /** A review opens (gateway fraud screen, or staff by hand). */
  openReview: 'rule' | 'manual' | null;
  /** The storefront is told: status, fraud status, captured or refunded amount changed. */
  notify: boolean;
  /** What the payment's message becomes; the BFF may add the gateway's words. */
  message: string;
}
export type Transition = Refusal | Accepted;

const refuse = (message: string, code: RefusalCode = 'InvalidState'): Refusal => ({ ok: false, code, message });

export function authorizationExpiresAt(
  state: Pick<PaymentState, 'authorizedAt' | 'authorizationTtlDays'>,
): Date | null {
  if (!state.authorizedAt || state.authorizationTtlDays === null) return null;
  return new Date(state.authorizedAt.getTime() + state.authorizationTtlDays * 86_400_000);
}

const stuckMs = (state: PaymentState) => (state.stuckAfterSeconds ?? DEFAULT_STUCK_AFTER_SECONDS) * 1000;

/** The deadline of a call starting now: after it, the gateway no longer applies the call. Null: it cannot be told. */
export function callDeadline(state: Pick<PaymentState, 'now' | 'callDeadlineMs'>): Date | null {
  const ms = state.callDeadlineMs;
  return ms === undefined || ms === null ? null : new Date(state.now.getTime() + ms);
}

/** At `at`, the call could no longer land at the gateway: its deadline had passed. */
const deadlinePassed = (at: Date, deadline: Date | null | undefined) =>
  deadline !== undefined && deadline !== null && at >= deadline;

/** An operation starting now, with its deadline. */
const starting = (state: PaymentState, kind: OperationKind, amount: Money | null): Operation => ({
  kind,
  from: state.status,
  amount,
  startedAt: state.now,
  deadline: callDeadline(state),
});

/** A gateway call of this payment may still be running: started recently and not answered. */
export function callInFlight(state: PaymentState): boolean {
  const recent = (at: Date | null) => at !== null && state.now.getTime() - at.getTime() < stuckMs(state);
  return recent(state.operation?.startedAt ?? null) || (state.pendingRefunds > 0 && recent(state.lastRefundStartedAt));
}

/** captured − refunded − what pending refunds and approvals reserve. */
export function refundableAmount(state: Pick<PaymentState, 'captured' | 'refunded' | 'reserved'>): Money {
  const left = state.captured.minus(state.refunded).minus(state.reserved);
  return left.isNegative() ? Money.zero(left.currency) : left;
}

/**
 * Two-person approval: the threshold applies to a payment's refunds together — what was refunded, what pending
 * refunds and approvals hold, and this one — so splitting a large refund does not escape it. It fails closed:
 * with no threshold for the currency every refund waits.
 */
export function needsApproval(
  state: Pick<PaymentState, 'refunded' | 'reserved' | 'approvalThreshold'>,
  amount: Money,
): boolean {
  const threshold = state.approvalThreshold;
  return threshold === null || state.refunded.plus(state.reserved).plus(amount).gt(threshold);
}

/** The status a payment holding money returns to: `refunded` once everything captured is refunded. */
function settledStatus(captured: Money, refunded: Money): PaymentStatus {
  return captured.isPositive() && refunded.gte(captured) ? 'refunded' : 'confirmed';
}

const STAFF_LABEL: Record<StaffEventType, string> = {
  capture: 'captured',
  void: 'voided',
  refund: 'refunded',
  invalidate: 'invalidated',
  fraud_accept: 'accepted',
  fraud_reject: 'rejected',
  mark_failed: 'marked failed',
  open_fraud_review: 'sent to fraud review',
};

/** Everything captured is refunded or the authorization is gone: an open review has nothing left to decide. */
function reviewCloses(state: PaymentState, change: PaymentChange): ReviewCloseReason | null {
  if (state.fraud_status !== 'review' || change.fraud_status !== undefined) return null;
  if (change.status === 'void') return 'voided';
  if (change.status === 'refunded') return 'refunded';
  return null;
}

function accept(
  state: PaymentState,
  change: PaymentChange,
  message: string,
  extra: Partial<Pick<Accepted, 'effect' | 'refund' | 'openReview' | 'closeReview'>> = {},
): Accepted {
  const closeReview = extra.closeReview ?? reviewCloses(state, change);
  const full: PaymentChange = closeReview && !change.fraud_status ? { ...change, fraud_status: 'unknown' } : change;
  const changed = <T>(after: T | undefined, before: T, same: (a: T, b: T) => boolean) =>
    after !== undefined && !same(after, before);
  const eq = <T>(a: T, b: T) => a === b;
  const moneyEq = (a: Money, b: Money) => a.eq(b);
  const notify =
    changed(full.status, state.status, eq) ||
    changed(full.fraud_status, state.fraud_status, eq) ||
    changed(full.captured, state.captured, moneyEq) ||
    changed(full.refunded, state.refunded, moneyEq);
  return {
    ok: true,
    change: full,
    effect: extra.effect ?? null,
    refund: extra.refund ?? null,
    closeReview,
    openReview: extra.openReview ?? null,
    notify,
    message,
  };
}

/** The common refusals of a staff command: another operation is running, or its outcome is unknown. */
function busy(state: PaymentState, event: StaffEventType): Refusal | null {
  if (state.operation) {
    return refuse(
      state.operation.startedAt
        ? `A ${state.operation.kind} of this payment is already in progress.`
        : `This payment's last ${state.operation.kind} has an unknown outcome; reconcile it first.`,
    );
  }
  if (state.status === 'error' && event !== 'mark_failed') {
    return refuse('This payment’s outcome is unknown until it is reconciled.');
  }
  return null;
}

function staffEvent(state: PaymentState, event: Extract<PaymentEvent, { type: StaffEventType }>): Transition {
  const cannot = () => refuse(`A ${state.status} payment cannot be ${STAFF_LABEL[event.type]}.`);
  if (event.type !== 'mark_failed') {
    const blocked = busy(state, event.type);
    if (blocked) return blocked;
  }
  switch (event.type) {
    case 'capture': {
      if (state.status !== 'preauth') return cannot();
      if (state.fraud_status === 'review' || state.fraud_status === 'reject') {
        return refuse(`A payment whose fraud status is ${state.fraud_status} cannot be captured.`);
      }
      const expires = authorizationExpiresAt(state);
      if (expires && state.now >= expires) {
        return refuse(
          `The authorization expired on ${expires.toISOString().slice(0, 10)}; it can no longer be captured, only voided.`,
          'AuthorizationExpired',
        );
      }
      const amount = event.amount ?? state.total;
      if (!amount.isPositive()) return refuse('Must be greater than 0.', 'InvalidArgument');
      if (amount.gt(state.total)) {
        return refuse(
          `Cannot capture ${amount} ${amount.currency}: the payment's total is ${state.total}.`,
          'AmountExceeded',
        );
      }
      if (state.offline) return accept(state, { status: 'confirmed', captured: amount }, 'Captured (offline payment)');
      return accept(state, { operation: starting(state, 'capture', amount) }, 'Capturing', {
        effect: { kind: 'call', operation: 'capture', amount },
      });
    }
    case 'void': {
      if (state.status === 'waiting' || state.status === 'input' || (state.status === 'preauth' && state.offline)) {
        return accept(state, { status: 'void' }, 'Voided');
      }
      if (state.status !== 'preauth') return cannot();
      return accept(state, { operation: starting(state, 'void', state.total) }, 'Voiding', {
        effect: { kind: 'call', operation: 'void', amount: null },
      });
    }
    case 'refund': {
      if (state.status !== 'confirmed') return cannot();
      if (disputeIsOpen(state.dispute)) {
        return refuse(
          `This payment is disputed (${state.dispute!.status.replaceAll('_', ' ')}): it cannot be refunded while the dispute is open.`,
        );
      }
      const left = refundableAmount(state);
      const amount = event.amount ?? left;
      if (!amount.isPositive()) {
        return event.amount
          ? refuse('Must be greater than 0.', 'InvalidArgument')
          : refuse('Nothing is left to refund on this payment.', 'AmountExceeded');
      }
      if (amount.gt(left)) {
        const waiting = state.reserved.isPositive() ? ` (${state.reserved} is held by refunds in progress)` : '';
        return refuse(
          `Cannot refund ${amount} ${amount.currency}: only ${left} is left to refund${waiting}.`,
          'AmountExceeded',
        );
      }
      if (!event.approved && needsApproval(state, amount)) {
        return accept(state, {}, 'Refund waiting for approval', { effect: { kind: 'await_approval', amount } });
      }
      if (state.offline) {
        const refunded = state.refunded.plus(amount);
        return accept(
          state,
          { refunded, status: settledStatus(state.captured, refunded) },
          'Refunded (offline payment)',
          { effect: { kind: 'refund_settled', amount }, refund: 'succeeded' },
        );
      }
      return accept(state, {}, 'Refunding', { effect: { kind: 'refund', amount } });
    }
    case 'invalidate':
      if (state.status !== 'waiting' && state.status !== 'input') return cannot();
      return accept(state, { status: 'invalid' }, 'Invalidated by staff');
    case 'fraud_accept':
    case 'fraud_reject': {
      if (state.fraud_status !== 'review') {
        return refuse(
          `Only a payment under fraud review can be ${STAFF_LABEL[event.type]}; this one's fraud status is ${state.fraud_status}.`,
        );
      }
      if (event.type === 'fraud_accept') {
        return accept(state, { fraud_status: 'accept' }, 'Fraud review accepted', { closeReview: 'accepted' });
      }
      const rejected: PaymentState = { ...state, fraud_status: 'reject' };
      const money =
        state.status === 'preauth'
          ? staffEvent(rejected, { type: 'void' })
          : state.status === 'confirmed' && refundableAmount(state).isPositive()
            ? staffEvent(rejected, { type: 'refund', approved: true })
            : null;
      if (money && !money.ok) return money;
      return accept(state, { ...money?.change, fraud_status: 'reject' }, 'Fraud review rejected', {
        effect: money?.effect ?? null,
        refund: money?.refund ?? null,
        closeReview: 'rejected',
      });
    }
    case 'mark_failed': {
      if (callInFlight(state)) {
        return refuse('A gateway call of this payment is in flight; wait for its answer before marking it failed.');
      }
      if (state.operation?.deadline && !deadlinePassed(state.now, state.operation.deadline)) {
        return refuse(
          `The gateway may still apply this payment's ${state.operation.kind} until ${state.operation.deadline.toISOString()}; reconcile it after that.`,
        );
      }
      if (state.status !== 'error' && !state.operation && state.pendingRefunds === 0) {
        return refuse(
          'Only a payment whose outcome is unknown (in error, or a gateway call that never answered) can be marked failed.',
        );
      }
      // Unknown refunds fail; money captured before them stays. An unknown capture, void or authorization is a failure.
      const status =
        state.operation === null && state.captured.isPositive()
          ? settledStatus(state.captured, state.refunded)
          : 'rejected';
      return accept(state, { status, operation: null, errorFrom: null }, 'Marked failed by staff', {
        refund: state.pendingRefunds > 0 ? 'failed' : null,
      });
    }
    case 'open_fraud_review':
      if (state.fraud_status !== 'unknown' && state.fraud_status !== 'accept') {
        return refuse(`A payment whose fraud status is ${state.fraud_status} cannot be sent to fraud review.`);
      }
      if (!['waiting', 'input', 'preauth', 'confirmed'].includes(state.status)) return cannot();
      return accept(state, { fraud_status: 'review' }, 'Sent to fraud review by staff', { openReview: 'manual' });
  }
}

/** The payment once its operation has happened at the gateway. */
function operationSucceeded(state: PaymentState, op: Operation, fraudReview = false): PaymentChange {
  const done = { operation: null, errorFrom: null } as const;
  const review = fraudReview && state.fraud_status === 'unknown' ? { fraud_status: 'review' as const } : {};
  switch (op.kind) {
    case 'authorize':
      return { ...done, ...review, status: 'preauth' };
    case 'purchase':
      return { ...done, ...review, status: 'confirmed', captured: state.total };
    case 'capture':
      return { ...done, status: 'confirmed', captured: op.amount ?? state.total };
    case 'void':
      return { ...done, status: 'void' };
  }
}

/** The payment once the gateway said no (or, reconciling, never received the operation). */
function operationFailed(op: Operation, declined: boolean): PaymentChange {
  const done = { operation: null, errorFrom: null } as const;
  switch (op.kind) {
    case 'capture':
      // A declined capture fails the payment; one the gateway never received leaves the authorization.
      return { ...done, status: declined ? 'rejected' : op.from };
    case 'void':
      return { ...done, status: op.from };
    default:
      return { ...done, status: 'rejected' };
  }
}

function gatewayEvent(state: PaymentState, event: Exclude<PaymentEvent, { type: StaffEventType }>): Transition {
  const op = state.operation;
  switch (event.type) {
    case 'process':
      if (state.status !== 'waiting' && state.status !== 'input')
        return refuse(`A ${state.status} payment cannot be processed.`);
      if (op) return refuse(`A ${op.kind} of this payment is already in progress.`);
      return accept(state, { operation: starting(state, event.action, state.total) }, 'Processing', {
        effect: { kind: 'call', operation: event.action, amount: state.total },
      });
    case 'operation_answered': {
      if (!op || op.startedAt === null) return refuse('No gateway operation of this payment is waiting for an answer.');
      if (event.outcome === 'success') {
        const change = operationSucceeded(state, op, event.fraudReview);
        return accept(state, change, 'Gateway answered yes', {
          openReview: change.fraud_status === 'review' ? 'rule' : null,
        });
      }
      if (event.outcome === 'decline') {
        const change = operationFailed(op, true);
        return accept(state, change, op.kind === 'void' ? 'The gateway refused the void' : 'Declined by the gateway');
      }
      if (event.outcome === 'pending') {
        // The buyer must act elsewhere (carrier billing): the operation goes on, its call is over.
        return accept(state, { status: 'input', operation: { ...op, startedAt: null } }, 'Waiting for the buyer');
      }
      const deadline = event.callOver ? state.now : op.deadline;
      return accept(state, { status: 'error', operation: { ...op, startedAt: null, deadline } }, 'Outcome unknown');
    }
    case 'operation_reconciled': {
      if (!op) return refuse('This payment has no operation to reconcile.');
      if (event.outcome === 'unknown' || callInFlight(state)) return accept(state, {}, 'Still unknown');
      if (event.outcome === 'not_found' && !deadlinePassed(event.askedAt, op.deadline)) {
        // "Never received", asked before the deadline, may only mean "not yet": the first call could still land. Capture and void can be sent
        // again under the same key (the gateway runs them once); an authorization or purchase waits its deadline.
        if (op.kind === 'capture' || op.kind === 'void') {
          return accept(
            state,
            { operation: { ...starting(state, op.kind, op.amount), from: op.from } },
            `Sending the ${op.kind} again under its idempotency key`,
            { effect: { kind: 'resend', operation: op.kind, amount: op.amount } },
          );
        }
        return accept(state, {}, 'Not received by the gateway yet; the first call could still land');
      }
      const change =
        event.outcome === 'success' ? operationSucceeded(state, op) : operationFailed(op, event.outcome === 'decline');
      return accept(state, change, 'Reconciled');
    }
    case 'refund_answered':
    case 'refund_reconciled': {
      if (state.pendingRefunds === 0) return refuse('This payment has no pending refund.');
      const afterUnknowns = (refunds: number): PaymentChange =>
        state.status === 'error' && !op && refunds === 0
          ? { status: settledStatus(state.captured, state.refunded), errorFrom: null }
          : {};
      if (event.outcome === 'success') {
        const refunded = state.refunded.plus(event.amount);
        const others = state.pendingRefunds - 1;
        const status =
          state.status === 'error' && (op || others > 0) ? 'error' : settledStatus(state.captured, refunded);
        return accept(state, { refunded, status, ...(status !== 'error' ? { errorFrom: null } : {}) }, 'Refunded', {
          refund: 'succeeded',
        });
      }
      if (
        event.type === 'refund_reconciled' &&
        event.outcome === 'not_found' &&
        !deadlinePassed(event.askedAt, event.deadline)
      ) {
        return accept(state, {}, 'Sending the refund again under its idempotency key', {
          effect: { kind: 'resend', operation: 'refund', amount: event.amount },
        });
      }
      if (event.outcome === 'decline' || event.outcome === 'not_found') {
        return accept(state, afterUnknowns(state.pendingRefunds - 1), 'Refund declined by the gateway', {
          refund: 'failed',
        });
      }
      if (event.type === 'refund_reconciled') return accept(state, {}, 'Still unknown');
      // Unknown: the refund stays pending (its amount reserved) until reconciled.
      return accept(
        state,
        state.status === 'error' ? {} : { status: 'error', errorFrom: state.status },
        'Refund outcome unknown',
      );
    }
    case 'authorization_expired':
      if (state.status !== 'preauth' || op) return refuse('Only an idle authorization can expire.');
      return accept(state, { status: 'void' }, 'The authorization expired at the gateway');
    case 'gateway_reported':
      return gatewayReported(state, event.report);
    case 'dispute_reported':
      return disputeReported(state, event.dispute);
  }
}

/**
 * The gateway's own word on the charge, outside Paydesk's calls: captured or released in its dashboard, an
 * authorization that lapsed, a declined charge, refunds made there (a `refund_settled` effect, so the BFF records
 * the refund). Only what Paydesk does not know yet moves the payment — the same report twice changes nothing — and
 * while a call of Paydesk's own or a refund is pending, its answer (or reconciliation) comes first.
 */
function gatewayReported(state: PaymentState, report: GatewayReport): Transition {
  if (state.offline) return refuse('An offline payment has no gateway to report on it.');
  if (state.operation) {
    return refuse(
      state.operation.startedAt
        ? `A ${state.operation.kind} of this payment is in progress; its answer comes first.`
        : `This payment's last ${state.operation.kind} has an unknown outcome; reconcile it first.`,
    );
  }
  if (state.pendingRefunds > 0) return refuse('A refund of this payment is pending; its answer comes first.');
  const nothing = () => accept(state, {}, 'Nothing new from the gateway');
  if (report.failed) {
    return ['waiting', 'input', 'preauth'].includes(state.status)
      ? accept(state, { status: 'rejected' }, 'The charge failed at the gateway')
      : nothing();
  }
  const change: PaymentChange = {};
  let captured = state.captured;
  let message = 'Nothing new from the gateway';
  if (state.status === 'preauth') {
    if (report.captured.isPositive()) {
      captured = report.captured.gt(state.total) ? state.total : report.captured;
      Object.assign(change, { status: 'confirmed', captured });
      message = 'Captured at the gateway';
    } else if (report.released) {
      return accept(state, { status: 'void' }, 'The authorization was released at the gateway (voided or lapsed)');
    } else {
      return nothing();
    }
  } else if (state.status !== 'confirmed' && state.status !== 'refunded') {
    return nothing();
  }
  const refunded = report.refunded.gt(captured) ? captured : report.refunded;
  if (refunded.gt(state.refunded)) {
    const amount = refunded.minus(state.refunded);
    return accept(
      state,
      { ...change, refunded, status: settledStatus(captured, refunded) },
      change.status ? 'Captured and refunded at the gateway' : 'Refunded at the gateway',
      { effect: { kind: 'refund_settled', amount }, refund: 'succeeded' },
    );
  }
  return accept(state, change, message);
}

/**
 * The gateway reports a dispute, opened or closed. Reports may arrive out of order: an older report of the same
 * dispute than the one recorded changes nothing, and of two at the same moment the decided one wins.
 */
function disputeReported(state: PaymentState, dispute: PaymentDispute): Transition {
  const known = state.dispute;
  if (known && known.id === dispute.id) {
    const older = dispute.at < known.at || (dispute.at.getTime() === known.at.getTime() && disputeIsOpen(dispute));
    if (older || known.status === dispute.status) return accept(state, {}, 'Nothing new about the dispute');
  }
  const reason = dispute.reason.replaceAll('_', ' ');
  return accept(
    state,
    { dispute },
    disputeIsOpen(dispute)
      ? `Disputed by the cardholder (${reason}): ${dispute.amount} ${dispute.amount.currency}, ${dispute.status.replaceAll('_', ' ')}`
      : `The dispute was closed: ${dispute.status.replaceAll('_', ' ')}`,
  );
}

/** What `event` does to a payment in `state`: a refusal, or the change to apply and what follows. Pure. */
export function transition(state: PaymentState, event: PaymentEvent): Transition {
  switch (event.type) {
    case 'capture':
    case 'void':
    case 'refund':
    case 'invalidate':
    case 'fraud_accept':
    case 'fraud_reject':
    case 'mark_failed':
    case 'open_fraud_review':
      return staffEvent(state, event);
    default:
      return gatewayEvent(state, event);
  }
}

/** The staff events the payment allows now: the buttons worth showing. */
export function availableActions(state: PaymentState): StaffEventType[] {
  return STAFF_EVENTS.filter((type) => transition(state, { type } as PaymentEvent).ok);
}

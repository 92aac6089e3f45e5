import type {
  BulkCaptureRequest,
  BulkFraudDecisionRequest,
  BulkResult,
  CaptureRequest,
  EmptyRequest,
  FraudDecisionRequest,
  FraudReviewRequest,
  MarkFailedRequest,
  PasswordResetRequest,
  PaymentOptions,
  PaymentTimelineEntry,
  RefundApprovalDecisionRequest,
  RefundPendingApproval,
  RefundRequest,
  StaffPaymentRequest,
} from '@paydesk/contract';
import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListParams, Identifier } from 'react-admin';
import { httpClient } from './api/httpClient.ts';
import { API_URL } from './api/session.ts';
import type {
  AlertAttempt,
  CallbackDelivery,
  CaptureRun,
  CaptureRunPreview,
  CaptureRunSelection,
  FraudQueueHealth,
  FraudReview,
  NeedsAttentionCounts,
  Payment,
  ReconciledPayment,
  RefundApproval,
  Setting,
  StaffUser,
} from './types.ts';

export { httpClient };

/**
 * An empty "any of" list means the user cleared that filter, not "match nothing": drop it (and empty
 * strings) before the API sees it.
 */
export function cleanFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter ?? {}).filter(
      ([, value]) =>
        value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

const base = simpleRestProvider(API_URL, httpClient);

function withCleanFilter<P extends Pick<GetListParams, 'filter'>>(params: P): P {
  return { ...params, filter: cleanFilter(params.filter) };
}

/*
 * The command bodies are the contract's request types: what a client sends (z.input of the schemas the BFF
 * validates with), imported as types only so that no zod reaches the bundle.
 */

/** A partial capture's `amount`; omitted, the server captures the total. */
export type CaptureParams = CaptureRequest;

/** A partial refund's `amount` (omitted, the server refunds what is left), a reason, and a note. */
export type RefundParams = RefundRequest;

/** The payment as it now stands; `pending_approval_id` when the refund waits for a second person's approval. */
export type RefundAnswer = Payment & Partial<Pick<RefundPendingApproval, 'pending_approval_id'>>;

/** One line of `POST /api/payments/bulk-capture`'s answer. */
export type BulkCaptureResult = BulkResult;

/**
 * The payment commands (api.md, "Commands"): the only way money moves. Each takes the Idempotency-Key of
 * the staff member's action, so that a retried request is answered from the first one, never run twice.
 * They fail with react-admin's HttpError: the API's sentence as message, its body (code, field errors) kept.
 */
export interface PaymentCommands {
  capture(id: Identifier, params: CaptureParams, idempotencyKey: string): Promise<Payment>;
  voidPayment(id: Identifier, idempotencyKey: string): Promise<Payment>;
  /** 200 with the payment; above the two-person threshold 202, with `pending_approval_id` (nothing refunded yet). */
  refund(id: Identifier, params: RefundParams, idempotencyKey: string): Promise<RefundAnswer>;
  invalidate(id: Identifier, idempotencyKey: string): Promise<Payment>;
  /** Sends the payment to the fraud review queue by hand, with a note. */
  openFraudReview(id: Identifier, params: FraudReviewRequest, idempotencyKey: string): Promise<Payment>;
  bulkCapture(ids: Identifier[], idempotencyKey: string): Promise<BulkCaptureResult[]>;
  /** What staff did and what the gateway answered, newest first (`GET /api/payments/:id/timeline`). */
  getPaymentTimeline(id: Identifier): Promise<TimelineEntry[]>;
}

/** One line of a payment's timeline: an audit event (a staff member's command) or a gateway log entry. */
export type TimelineEntry = PaymentTimelineEntry;

/** A fraud analyst's decision: the note is required (at most NOTE_MAX characters). */
export type FraudDecisionParams = FraudDecisionRequest;

/** One line of `POST /api/payments/bulk-fraud-decision`'s answer. */
export type BulkFraudDecisionResult = BulkCaptureResult;

/**
 * The fraud review queue's commands: claim and release a review (so two analysts never work one payment),
 * and decide on it (a reject returns the money: the server voids or refunds). Like the payment commands,
 * each takes the Idempotency-Key of the analyst's action; plus the queue's health for the dashboard.
 */
export interface FraudReviewCommands {
  claimReview(id: Identifier, idempotencyKey: string): Promise<FraudReview>;
  releaseReview(id: Identifier, idempotencyKey: string): Promise<FraudReview>;
  decideFraud(id: Identifier, params: FraudDecisionParams, idempotencyKey: string): Promise<Payment>;
  bulkDecideFraud(
    ids: Identifier[],
    params: FraudDecisionParams,
    idempotencyKey: string,
  ): Promise<BulkFraudDecisionResult[]>;
  getFraudQueueHealth(): Promise<FraudQueueHealth>;
}

/**
 * What needs staff attention: the counts, settling payments whose gateway outcome is unknown (reconcile asks
 * the gateway; mark-failed gives up on one, with a note and an Idempotency-Key), and resending a callback.
 */
export interface AttentionCommands {
  needsAttention(): Promise<NeedsAttentionCounts>;
  reconcilePayment(id: Identifier): Promise<ReconciledPayment>;
  markPaymentFailed(id: Identifier, params: MarkFailedRequest, idempotencyKey: string): Promise<Payment>;
  resendCallback(id: Identifier): Promise<CallbackDelivery>;
}

/** Capture runs: a preview, then a run made in the background (202), canceled or retried (its failed payments). */
export interface CaptureRunCommands {
  previewCaptureRun(selection: CaptureRunSelection): Promise<CaptureRunPreview>;
  createCaptureRun(selection: CaptureRunSelection, idempotencyKey: string): Promise<CaptureRun>;
  cancelCaptureRun(id: Identifier, idempotencyKey: string): Promise<CaptureRun>;
  retryCaptureRun(id: Identifier, idempotencyKey: string): Promise<CaptureRun>;
}

/** What a staff-entered payment takes: a test card, a Stripe.js token, or nothing (a check). */
export type StaffPaymentInput = PaymentOptions['methods'][number]['input'];

/** `GET /api/orders/:id/payment-options`: what is left to pay, and the active methods available to admin. */
export type { PaymentOptions };

/** `POST /api/orders/:id/payments`'s body: a method, an amount, and a card or token as the method takes. */
export type AddPaymentParams = StaffPaymentRequest;

/** Staff-entered payments (`POST /api/orders/:id/payments`), with the Idempotency-Key of the action. */
export interface OrderCommands {
  getPaymentOptions(orderId: Identifier): Promise<PaymentOptions>;
  addPayment(orderId: Identifier, params: AddPaymentParams, idempotencyKey: string): Promise<Payment>;
}

/** A refund waiting for a second person: approved (sent to the gateway) or rejected, with a note. */
export interface RefundApprovalCommands {
  decideRefundApproval(
    id: Identifier,
    decision: 'approve' | 'reject',
    body: RefundApprovalDecisionRequest,
    idempotencyKey: string,
  ): Promise<RefundApproval>;
}

/** A change that weakens a money control: applied by a second admin, or rejected. */
export interface SettingCommands {
  decideSettingChange(id: Identifier, decision: 'approve' | 'reject'): Promise<Setting>;
}

/** An admin sets a staff member's new password (which also lifts a lock and ends their sessions). */
export interface StaffCommands {
  resetStaffPassword(id: Identifier, password: string): Promise<StaffUser>;
}

export type PaydeskDataProvider = DataProvider &
  StaffCommands &
  PaymentCommands &
  FraudReviewCommands &
  AttentionCommands &
  CaptureRunCommands &
  OrderCommands &
  SettingCommands &
  RefundApprovalCommands &
  AlertDeliveryQueries;

async function command<T>(path: string, body: object, idempotencyKey: string, collection = 'payments'): Promise<T> {
  // Each caller's body is checked against its contract request type (`satisfies`) before it gets here.
  const { json } = await httpClient(`${API_URL}/${collection}/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }),
  });
  return json as T;
}

const paymentPath = (id: Identifier, action: string) => `${encodeURIComponent(String(id))}/${action}`;

/** The body of a command that takes none (void, invalidate, claim, release, cancel, retry, reconcile, resend, …). */
const empty: EmptyRequest = {};

/** Leaves out what the staff member did not give, so the server applies its default (total, what is left). */
function withoutEmpty<T extends object>(params: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(params).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<T>;
}

export const paymentCommands: PaymentCommands = {
  capture: (id, params, key) => command(paymentPath(id, 'capture'), withoutEmpty(params) satisfies CaptureRequest, key),
  voidPayment: (id, key) => command(paymentPath(id, 'void'), empty, key),
  refund: (id, params, key) =>
    command(
      paymentPath(id, 'refund'),
      { ...withoutEmpty(params), reason_id: params.reason_id } satisfies RefundRequest,
      key,
    ),
  invalidate: (id, key) => command(paymentPath(id, 'invalidate'), empty, key),
  openFraudReview: (id, { note }, key) =>
    command(paymentPath(id, 'fraud-review'), { note: note.trim() } satisfies FraudReviewRequest, key),
  bulkCapture: (ids, key) => command('bulk-capture', { ids: ids.map(Number) } satisfies BulkCaptureRequest, key),
  getPaymentTimeline: async (id) =>
    (await httpClient(`${API_URL}/payments/${encodeURIComponent(String(id))}/timeline`)).json as TimelineEntry[],
};

export const fraudReviewCommands: FraudReviewCommands = {
  claimReview: (id, key) => command(paymentPath(id, 'claim'), empty, key, 'fraud-reviews'),
  releaseReview: (id, key) => command(paymentPath(id, 'release'), empty, key, 'fraud-reviews'),
  decideFraud: (id, { decision, note }, key) =>
    command(paymentPath(id, 'fraud-decision'), { decision, note: note.trim() } satisfies FraudDecisionRequest, key),
  bulkDecideFraud: (ids, { decision, note }, key) =>
    command(
      'bulk-fraud-decision',
      { ids: ids.map(Number), decision, note: note.trim() } satisfies BulkFraudDecisionRequest,
      key,
    ),
  getFraudQueueHealth: async () => (await httpClient(`${API_URL}/fraud-reviews/health`)).json as FraudQueueHealth,
};

/** A POST that is safe to repeat (reconcile asks the gateway again; a resend queues the callback again): no Idempotency-Key. */
async function post<T>(path: string): Promise<T> {
  const { json } = await httpClient(`${API_URL}/${path}`, {
    method: 'POST',
    body: JSON.stringify(empty),
    headers: new Headers({ 'Content-Type': 'application/json' }),
  });
  return json as T;
}

export const attentionCommands: AttentionCommands = {
  needsAttention: async () => (await httpClient(`${API_URL}/needs-attention`)).json as NeedsAttentionCounts,
  reconcilePayment: (id) => post(`payments/${paymentPath(id, 'reconcile')}`),
  markPaymentFailed: (id, { note }, key) =>
    command(paymentPath(id, 'mark-failed'), { note: note.trim() } satisfies MarkFailedRequest, key),
  resendCallback: (id) => post(`callback-deliveries/${paymentPath(id, 'resend')}`),
};

export const captureRunCommands: CaptureRunCommands = {
  previewCaptureRun: async (selection) => {
    const { json } = await httpClient(`${API_URL}/capture-runs/preview`, {
      method: 'POST',
      body: JSON.stringify(selection),
      headers: new Headers({ 'Content-Type': 'application/json' }),
    });
    return json as CaptureRunPreview;
  },
  createCaptureRun: async (selection, key) => {
    const { json } = await httpClient(`${API_URL}/capture-runs`, {
      method: 'POST',
      body: JSON.stringify(selection),
      headers: new Headers({ 'Content-Type': 'application/json', 'Idempotency-Key': key }),
    });
    return json as CaptureRun;
  },
  cancelCaptureRun: (id, key) => command(paymentPath(id, 'cancel'), empty, key, 'capture-runs'),
  retryCaptureRun: (id, key) => command(paymentPath(id, 'retry'), empty, key, 'capture-runs'),
};

export const orderCommands: OrderCommands = {
  getPaymentOptions: async (orderId) =>
    (await httpClient(`${API_URL}/orders/${encodeURIComponent(String(orderId))}/payment-options`))
      .json as PaymentOptions,
  addPayment: (orderId, params, key) =>
    command(paymentPath(orderId, 'payments'), params satisfies StaffPaymentRequest, key, 'orders'),
};

export const refundApprovalCommands: RefundApprovalCommands = {
  decideRefundApproval: (id, decision, body, key) => command(paymentPath(id, decision), body, key, 'refund-approvals'),
};

/** A spike alert delivery's attempts (not a list resource: every attempt, newest first). */
export interface AlertDeliveryQueries {
  getAlertAttempts(id: Identifier): Promise<AlertAttempt[]>;
}

export const alertDeliveryQueries: AlertDeliveryQueries = {
  getAlertAttempts: async (id) =>
    (await httpClient(`${API_URL}/monitoring/alert-deliveries/${encodeURIComponent(String(id))}/attempts`))
      .json as AlertAttempt[],
};

export const settingCommands: SettingCommands = {
  decideSettingChange: (id, decision) => post(`settings/${paymentPath(id, decision)}`),
};

export const staffCommands: StaffCommands = {
  resetStaffPassword: async (id, password) => {
    const { json } = await httpClient(`${API_URL}/staff-users/${paymentPath(id, 'password')}`, {
      method: 'POST',
      body: JSON.stringify({ password } satisfies PasswordResetRequest),
      headers: new Headers({ 'Content-Type': 'application/json' }),
    });
    return json as StaffUser;
  },
};

/** ra-data-simple-rest on /api (api.md), with the CSRF-aware httpClient, plus the payment and fraud review commands. */
export const dataProvider: PaydeskDataProvider = {
  ...base,
  getList: (resource, params) => base.getList(resource, withCleanFilter(params)),
  getManyReference: (resource, params) => base.getManyReference(resource, withCleanFilter(params)),
  ...paymentCommands,
  ...fraudReviewCommands,
  ...attentionCommands,
  ...captureRunCommands,
  ...orderCommands,
  ...settingCommands,
  ...refundApprovalCommands,
  ...staffCommands,
  ...alertDeliveryQueries,
};

/**
 * The staff API's records as packages/contract describes them (z.infer of the schemas the BFF is tested against).
 */
export type {
  ApiKey,
  AuditEvent,
  CallbackAttempt,
  CallbackDelivery,
  CaptureRun,
  CaptureRunItem,
  CaptureRunPreview,
  CaptureRunSelection,
  CreatedApiKey,
  FraudDecision,
  FraudQueueHealth,
  FraudReview,
  LogEntry,
  NeedsAttentionCounts,
  Order,
  Payment,
  PaymentMethod,
  PendingSettingChange,
  Product,
  Refund,
  RefundApproval,
  RefundReason,
  SavedView,
  Setting,
  StaffSession,
  StaffUser,
} from '@paydesk/contract';
import type {
  AlertDelivery,
  CallbackDelivery,
  CaptureRun,
  CaptureRunPreview,
  FraudDecision,
  ReconciledPayment,
} from '@paydesk/contract';

export type { AlertAttempt, AlertDelivery, AlertEvent, ReconciledPayment } from '@paydesk/contract';

/**
 * Records as the API sends them (api.md): snake_case, amounts as exact decimal strings, times as ISO strings.
 * Each record type below is a part of a contract record, so that it follows the contract.
 */

/** A decimal amount on the wire: "120.00", "500" for JPY. Never a JS number. */
export type Amount = string;
export type IsoTime = string;

export type FraudDecisionKind = FraudDecision['decision'];
/** What a reject did with the money: void the authorization, or refund what was captured. */
export type FraudMoneyAction = NonNullable<FraudDecision['money_action']>;
export type FraudMoneyOutcome = NonNullable<FraudDecision['money_outcome']>;

export type CallbackDeliveryStatus = CallbackDelivery['status'];

/** How a signed delivery (a storefront callback, a spike alert) went: retried until a 2xx or for 24 hours. */
export type DeliveryOutcome = Pick<
  CallbackDelivery & AlertDelivery,
  | 'id'
  | 'url'
  | 'status'
  | 'attempts'
  | 'last_response_code'
  | 'last_error'
  | 'next_attempt_at'
  | 'delivered_at'
  | 'created_at'
>;

/** What `POST /api/payments/:id/reconcile` found out from the gateway. */
export type Reconciliation = ReconciledPayment['reconciliation'];

export type CaptureRunStatus = CaptureRun['status'];

export type CaptureRunExclusion = CaptureRunPreview['exclusions'][number]['reason'];

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
import type { Payment } from '@paydesk/contract';

/**
 * Records as the API sends them (api.md): snake_case, amounts as exact decimal strings, times as ISO strings.
 */

/** A decimal amount on the wire: "120.00", "500" for JPY. Never a JS number. */
export type Amount = string;
export type IsoTime = string;

export type FraudDecisionKind = 'accept' | 'reject';
/** What a reject did with the money: void the authorization, or refund what was captured. */
export type FraudMoneyAction = 'void' | 'refund';
export type FraudMoneyOutcome = 'succeeded' | 'declined' | 'unknown' | 'pending';

export type CallbackDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** How a signed delivery (a storefront callback, a spike alert) went: retried until a 2xx or for 24 hours. */
export interface DeliveryOutcome {
  id: number;
  url: string;
  status: CallbackDeliveryStatus;
  attempts: number;
  last_response_code: number | null;
  last_error: string | null;
  next_attempt_at: IsoTime | null;
  delivered_at: IsoTime | null;
  created_at: IsoTime;
}

/** A spike alert's event: a signal's spike started, or it resolved. */
export type AlertEvent = 'spike.started' | 'spike.resolved';

/**
 * A `monitoring/alert-deliveries` record: one spike alert to one alert_webhook_urls URL, signed and retried
 * until a 2xx or for 24 hours. `payload` is the body sent (its `signal_name`, `text`, …).
 */
export interface AlertDelivery extends DeliveryOutcome {
  episode_id: number;
  event: AlertEvent;
  payload: { signal?: string; signal_name?: string; text?: string } & Record<string, unknown>;
}

/** One POST of an alert delivery (`GET /api/monitoring/alert-deliveries/:id/attempts`), newest first. */
export interface AlertAttempt {
  id: number;
  response_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: IsoTime;
}

/** What `POST /api/payments/:id/reconcile` found out from the gateway. */
export type Reconciliation = 'settled' | 'unknown' | 'nothing to do';

/** `POST /api/payments/:id/reconcile`'s answer: the payment as it now stands, and what reconciling did. */
export type ReconciledPayment = Payment & { reconciliation: Reconciliation };

export type CaptureRunStatus = 'queued' | 'running' | 'done' | 'canceled';

export type CaptureRunExclusion = 'not_preauth' | 'operation_in_flight' | 'fraud_review' | 'authorization_expired';

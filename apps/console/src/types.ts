import type { StaffRole } from '@paydesk/domain';

/**
 * The staff API's records as packages/contract describes them (z.infer of the schemas the BFF is tested against).
 */
export type {
  AuditEvent,
  CaptureRun,
  CaptureRunItem,
  CaptureRunPreview,
  CaptureRunSelection,
  FraudDecision,
  FraudQueueHealth,
  FraudReview,
  LogEntry,
  Order,
  Payment,
  PaymentMethod,
  Product,
  Refund,
  RefundApproval,
} from '@paydesk/contract';
import type { Payment } from '@paydesk/contract';

/**
 * Records as the API sends them (api.md): snake_case, amounts as exact decimal strings, times as ISO strings.
 */

/** A decimal amount on the wire: "120.00", "500" for JPY. Never a JS number. */
export type Amount = string;
export type IsoTime = string;

export interface RefundReason {
  id: number;
  name: string;
  code: string;
  active: boolean;
}

export interface StaffUser {
  id: number;
  full_name: string;
  email: string;
  role: StaffRole;
  active: boolean;
  /** While the account is locked after too many wrong passwords: when the lock ends. */
  locked_until: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface Setting {
  id: string;
  value: unknown;
  description?: string;
  /** null while the setting still has its default value. */
  updated_at: IsoTime | null;
  /** A change that weakens a money control, waiting for a second admin. */
  pending_change?: PendingSettingChange | null;
}

export interface PendingSettingChange {
  id: number;
  value: unknown;
  requested_by: number;
  requested_at: IsoTime;
}

/** `POST /api/auth/login` and `GET /api/auth/me`. */
export interface StaffSession {
  id: number;
  full_name: string;
  email: string;
  role: StaffRole;
  csrf_token: string;
}

export type FraudDecisionKind = 'accept' | 'reject';
/** What a reject did with the money: void the authorization, or refund what was captured. */
export type FraudMoneyAction = 'void' | 'refund';
export type FraudMoneyOutcome = 'succeeded' | 'declined' | 'unknown' | 'pending';

/** An `api-keys` record: a storefront's key, stored hashed; only its first characters are ever shown again. */
export interface ApiKey {
  id: number;
  name: string;
  /** The key's first 12 characters, e.g. "pdk_a1B2c3D4". */
  key_prefix: string;
  created_by: number | null;
  created_at: IsoTime;
  revoked_at: IsoTime | null;
  last_used_at: IsoTime | null;
}

/** `POST /api/api-keys`'s answer, the one time the key and the callback signing secret are sent. */
export interface CreatedApiKey extends ApiKey {
  key: string;
  secret: string;
}

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

/** A `callback-deliveries` record: one signed callback to a storefront, retried until a 2xx or for 24 hours. */
export interface CallbackDelivery extends DeliveryOutcome {
  transaction_id: number;
  payment_id: number;
  /** The intake transaction's token. */
  token: string;
  payment_status: string;
  currency: string;
  /** The JSON body sent, as the text sent. */
  body: string;
}

/** A `callback-attempts` record: one POST of a delivery. */
export interface CallbackAttempt {
  id: number;
  delivery_id: number;
  response_code: number | null;
  error: string | null;
  duration_ms: number;
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

/** `GET /api/needs-attention`: what waits for staff. */
export interface NeedsAttentionCounts {
  payments_in_error: number;
  stuck_in_flight: number;
  pending_refunds: number;
  pending_approvals: number;
  failing_callbacks: number;
  unapplied_answers: number;
  open_disputes: number;
}

/** What `POST /api/payments/:id/reconcile` found out from the gateway. */
export type Reconciliation = 'settled' | 'unknown' | 'nothing to do';

/** `POST /api/payments/:id/reconcile`'s answer: the payment as it now stands, and what reconciling did. */
export type ReconciledPayment = Payment & { reconciliation: Reconciliation };

export type CaptureRunStatus = 'queued' | 'running' | 'done' | 'canceled';

export type CaptureRunExclusion = 'not_preauth' | 'operation_in_flight' | 'fraud_review' | 'authorization_expired';

/** A staff member's own named filters and sort of a list (`/api/saved-views`). */
export interface SavedView {
  id: number;
  resource: string;
  name: string;
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' } | null;
  created_at: IsoTime;
}

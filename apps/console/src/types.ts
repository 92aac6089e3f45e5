import type {
  FraudStatus,
  GatewayAction,
  OrderPaymentState,
  OrderState,
  PaymentStatus,
  RefundStatus,
  StaffRole,
} from '@paydesk/domain';

/**
 * Records as the API sends them (api.md): snake_case, amounts as exact decimal strings, times as ISO strings.
 */

/** A decimal amount on the wire: "120.00", "500" for JPY. Never a JS number. */
export type Amount = string;
export type IsoTime = string;

export interface Payment {
  id: number;
  identifier: string;
  order_id: number;
  order_number: string;
  payment_method_id: number;
  description: string;
  status: PaymentStatus;
  fraud_status: FraudStatus;
  fraud_message: string;
  risk_score: number | null;
  currency: string;
  total: Amount;
  tax: Amount;
  delivery: Amount;
  captured_amount: Amount;
  refunded_amount: Amount;
  /** captured − refunded − what pending refunds and refunds waiting for approval hold back. */
  refundable_amount: Amount;
  /** Held by pending refunds and refunds waiting for approval. */
  reserved_amount?: Amount;
  payment_method_type?: string;
  billing_first_name: string;
  billing_last_name: string;
  billing_address_1: string;
  billing_address_2: string;
  billing_city: string;
  billing_postcode: string;
  billing_country_code: string | null;
  billing_country_area: string;
  billing_email: string;
  customer_ip_address: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  transaction_id: string | null;
  message: string;
  extra_data: Record<string, unknown>;
  created_at: IsoTime;
  modified_at: IsoTime;
  /**
   * The gateway call in flight ("capture", "void"; "authorize" or "purchase" for intake payments), or null:
   * while set, offer no action. Still set after a timeout: its outcome is unknown until reconciled.
   */
  operation: 'authorize' | 'purchase' | 'capture' | 'void' | null;
  /** When the claim in `operation` was made: older than 5 minutes, the call is stuck (its outcome unknown). */
  operation_started_at?: IsoTime | null;
  /** After this the gateway no longer applies the operation's call; null: it cannot be told one. */
  operation_deadline?: IsoTime | null;
  /** `preauth` payments only: when the uncaptured authorization lapses (the method's authorization_ttl_days). */
  authorization_expires_at: IsoTime | null;
  /** The dispute (chargeback) as the gateway last reported it; null when never disputed. */
  dispute_id?: string | null;
  dispute_status?: string | null;
  dispute_amount?: string | null;
  dispute_reason?: string | null;
  dispute_reported_at?: IsoTime | null;
  /** Still to be decided: refunds are refused meanwhile. */
  dispute_open?: boolean;
}

export interface Order {
  id: number;
  number: string;
  email: string;
  currency: string;
  item_total: Amount;
  shipment_total: Amount;
  tax_total: Amount;
  total: Amount;
  state: OrderState;
  payment_total: Amount;
  payment_state: OrderPaymentState | null;
  completed_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface PaymentMethod {
  id: number;
  type: string;
  name: string;
  description: string;
  active: boolean;
  available_to_users: boolean;
  available_to_admin: boolean;
  /** true: purchase; false: authorize only; null: the store default. */
  auto_capture: boolean | null;
  preferences: Record<string, unknown>;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface LogEntry {
  id: number;
  payment_id: number;
  refund_id: number | null;
  payment_method_id: number;
  action: GatewayAction;
  success: boolean;
  amount: Amount | null;
  currency: string;
  message: string;
  authorization: string | null;
  error_code: string | null;
  avs_result: string | null;
  cvv_result: string | null;
  params: Record<string, unknown>;
  duration_ms: number;
  created_at: IsoTime;
}

export interface Refund {
  id: number;
  payment_id: number;
  amount: Amount;
  currency: string;
  reason_id: number;
  note: string;
  status: RefundStatus;
  transaction_id: string | null;
  staff_user_id: number | null;
  created_at: IsoTime;
}

/** A refund waiting for (or decided by) a second person: `GET /api/refund-approvals`. */
export interface RefundApproval {
  id: number;
  payment_id: number;
  payment_identifier: string;
  amount: Amount;
  currency: string;
  reason_id: number;
  reason_name: string;
  note: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: number;
  requested_by_name: string;
  decided_by: number | null;
  decided_by_name: string | null;
  decision_note: string | null;
  decided_at: IsoTime | null;
  refund_id: number | null;
  created_at: IsoTime;
}

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

export interface AuditEvent {
  id: string;
  staff_user_id: number | null;
  action: string;
  resource: string | null;
  record_id: string | null;
  outcome: string;
  amount: Amount | null;
  currency: string | null;
  reason: string | null;
  note: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: IsoTime;
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

/**
 * A `fraud-reviews` record: a payment whose fraud_status is `review`, with who is working on it. The claim
 * fields are all null when nobody holds a live claim (a lapsed one counts as none).
 */
export interface FraudReview extends Payment {
  customer_ip_country: string | null;
  payment_method_name: string;
  claimed_by_id: number | null;
  claimed_by_name: string | null;
  claimed_at: IsoTime | null;
  claim_expires_at: IsoTime | null;
  /** The billing country differs from the country of the customer's IP address. */
  ip_country_mismatch: boolean;
}

export type FraudDecisionKind = 'accept' | 'reject';
/** What a reject did with the money: void the authorization, or refund what was captured. */
export type FraudMoneyAction = 'void' | 'refund';
export type FraudMoneyOutcome = 'succeeded' | 'declined' | 'unknown' | 'pending';

/** A `fraud-decisions` record: one analyst's decision on one review. */
export interface FraudDecision {
  id: number;
  payment_id: number;
  payment_identifier: string;
  staff_user_id: number;
  staff_name: string;
  decision: FraudDecisionKind;
  note: string;
  /** null for an accept, or a reject with no money to return. */
  money_action: FraudMoneyAction | null;
  money_outcome: FraudMoneyOutcome | null;
  /** The amount refunded; null for a void (the authorization's total is released) and without money action. */
  amount: Amount | null;
  currency: string;
  refund_id: number | null;
  created_at: IsoTime;
}

/** `GET /api/fraud-reviews/health`: the queue at a glance. */
export interface FraudQueueHealth {
  open: number;
  oldest_created_at: IsoTime | null;
  oldest_age_seconds: number | null;
  sla_seconds: number;
  sla_breached: boolean;
  decisions_today: number;
  decisions_7d: number;
  /** 0..1, or null without decisions in the last 7 days. */
  accept_rate_7d: number | null;
}

/** A `products` record: what storefronts sell through the intake API. */
export interface Product {
  id: number;
  name: string;
  /** A decimal string in the currency's minor unit: "0.99", "500" for JPY. */
  price: Amount;
  currency: string;
  active: boolean;
  created_at: IsoTime;
  updated_at: IsoTime;
}

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

/** What a capture run captures: these payments, or the authorizations a payments-list filter matches. */
export type CaptureRunSelection = { ids: number[] } | { filter: Record<string, unknown> };

export type CaptureRunStatus = 'queued' | 'running' | 'done' | 'canceled';

/** A capture run (`/api/capture-runs`): its counts as they stand; `captured_amounts` per currency. */
export interface CaptureRun {
  id: number;
  status: CaptureRunStatus;
  total: number;
  captured: number;
  failed: number;
  skipped: number;
  in_flight: number;
  remaining: number;
  captured_amounts: Record<string, Amount>;
  selection: CaptureRunSelection;
  retry_of: number | null;
  payment_method_ids: number[];
  created_by: number;
  created_at: IsoTime;
  started_at: IsoTime | null;
  finished_at: IsoTime | null;
  canceled_by: number | null;
  canceled_at: IsoTime | null;
}

export type CaptureRunExclusion = 'not_preauth' | 'operation_in_flight' | 'fraud_review' | 'authorization_expired';

/** One payment of a run and what became of it. */
export interface CaptureRunItem {
  id: number;
  run_id: number;
  payment_id: number;
  payment_identifier: string;
  payment_method_id: number;
  currency: string;
  amount: Amount;
  outcome: 'queued' | 'in_flight' | 'captured' | 'failed' | 'skipped';
  exclusion: CaptureRunExclusion | null;
  error_code: string | null;
  error_message: string | null;
  captured_amount: Amount | null;
  gateway_duration_ms: number | null;
  started_at: IsoTime | null;
  finished_at: IsoTime | null;
}

/** `POST /api/capture-runs/preview`: what a run would do now. */
export interface CaptureRunPreview {
  matched: number;
  capturable: number;
  expiring_soon: number;
  expiring_soon_hours: number;
  by_currency: { currency: string; count: number; amount: Amount; expiring_soon: number }[];
  exclusions: { reason: CaptureRunExclusion; count: number }[];
}

/** A staff member's own named filters and sort of a list (`/api/saved-views`). */
export interface SavedView {
  id: number;
  resource: string;
  name: string;
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' } | null;
  created_at: IsoTime;
}

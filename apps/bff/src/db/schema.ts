import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  FraudStatus,
  GatewayAction,
  OrderPaymentState,
  OrderState,
  PaymentStatus,
  RefundStatus,
  StaffRole,
} from '@paydesk/domain';

export type PaymentOperation = 'authorize' | 'purchase' | 'capture' | 'void';

/** NUMERIC: read as an exact decimal string, written as a string. Never a JS number. */
type Numeric = ColumnType<string, string, string>;
type NumericDefault = ColumnType<string, string | undefined, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, string | T | undefined, string | T>;

export interface StaffUsersTable {
  id: Generated<number>;
  full_name: string;
  email: string;
  password_hash: string;
  role: StaffRole;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  failed_login_count: Generated<number>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

/** One limited caller's hits in its current window (http/rate-limits.ts). */
export interface RateLimitHitsTable {
  key: string;
  hits: number;
  reset_at: Date;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export type SettingChangeStatus = 'pending' | 'applied' | 'rejected' | 'superseded';

/** A change to a money control, waiting for (or decided by) a second admin. */
export interface SettingChangesTable {
  id: Generated<number>;
  key: string;
  value: Json<unknown>;
  status: ColumnType<SettingChangeStatus, SettingChangeStatus | undefined, SettingChangeStatus>;
  requested_by: number;
  requested_at: Timestamp;
  decided_by: ColumnType<number | null, number | null | undefined, number | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PaymentMethodsTable {
  id: Generated<number>;
  type: string;
  name: string;
  description: Generated<string>;
  active: Generated<boolean>;
  available_to_users: Generated<boolean>;
  available_to_admin: Generated<boolean>;
  auto_capture: boolean | null;
  preferences: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrdersTable {
  id: Generated<number>;
  number: string;
  email: string;
  currency: string;
  item_total: NumericDefault;
  shipment_total: NumericDefault;
  tax_total: NumericDefault;
  total: Numeric;
  state: OrderState;
  payment_total: NumericDefault;
  payment_state: OrderPaymentState | null;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentsTable {
  id: Generated<number>;
  identifier: string;
  order_id: number;
  payment_method_id: number;
  description: Generated<string>;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  fraud_status: ColumnType<FraudStatus, FraudStatus | undefined, FraudStatus>;
  fraud_message: Generated<string>;
  risk_score: number | null;
  currency: string;
  total: Numeric;
  tax: NumericDefault;
  delivery: NumericDefault;
  captured_amount: NumericDefault;
  refunded_amount: NumericDefault;
  billing_first_name: Generated<string>;
  billing_last_name: Generated<string>;
  billing_address_1: Generated<string>;
  billing_address_2: Generated<string>;
  billing_city: Generated<string>;
  billing_postcode: Generated<string>;
  billing_country_code: string | null;
  billing_country_area: Generated<string>;
  billing_email: Generated<string>;
  customer_ip_address: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  transaction_id: string | null;
  message: Generated<string>;
  extra_data: Json;
  created_at: Timestamp;
  modified_at: Timestamp;
  /** The operation whose gateway call is in flight (a claim), or null. */
  operation: ColumnType<PaymentOperation | null, PaymentOperation | null | undefined, PaymentOperation | null>;
  operation_started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  customer_ip_country: ColumnType<string | null, string | null | undefined, string | null>;
  operation_key: ColumnType<string | null, string | null | undefined, string | null>;
  operation_amount: ColumnType<string | null, string | null | undefined, string | null>;
  operation_from_status: ColumnType<PaymentStatus | null, PaymentStatus | null | undefined, PaymentStatus | null>;
  /** After this the gateway no longer applies the operation's call; null: it cannot be told one. */
  operation_deadline: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The dispute (chargeback) as the gateway last reported it; null: never disputed. */
  dispute_id: ColumnType<string | null, string | null | undefined, string | null>;
  dispute_status: ColumnType<string | null, string | null | undefined, string | null>;
  dispute_amount: ColumnType<string | null, string | null | undefined, string | null>;
  dispute_reason: ColumnType<string | null, string | null | undefined, string | null>;
  dispute_reported_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The dispute is still to be decided (the domain's disputeIsOpen of its status): refunds are refused. */
  dispute_open: Generated<boolean>;
}

export interface SavedViewsTable {
  id: Generated<number>;
  staff_user_id: number;
  resource: string;
  name: string;
  filter: Json;
  sort_field: string | null;
  sort_order: 'ASC' | 'DESC' | null;
  created_at: Timestamp;
}

export interface RefundReasonsTable {
  id: Generated<number>;
  name: string;
  code: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RefundsTable {
  id: Generated<number>;
  payment_id: number;
  amount: Numeric;
  currency: string;
  reason_id: number;
  note: Generated<string>;
  status: ColumnType<RefundStatus, RefundStatus | undefined, RefundStatus>;
  transaction_id: string | null;
  staff_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** After this the gateway no longer applies the refund's call; null: it cannot be told one. */
  gateway_deadline: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface LogEntriesTable {
  id: Generated<number>;
  payment_id: number;
  refund_id: number | null;
  payment_method_id: number;
  action: GatewayAction;
  success: boolean;
  amount: string | null;
  currency: string;
  message: Generated<string>;
  authorization: string | null;
  error_code: string | null;
  avs_result: string | null;
  cvv_result: string | null;
  params: Json;
  duration_ms: Generated<number>;
  /** An answer for an operation that was no longer the payment's: kept, never applied. */
  unapplied: Generated<boolean>;
  created_at: Timestamp;
}

/**
 * The monitoring rollup's counts for one 5-minute bucket (migrations 0090, 0101): payment attempts
 * (authorize, purchase) with their failures by kind, and money operations with their failures. Kept exact
 * from log_entries by its triggers, in the writing transaction; the BFF only reads them.
 */
export interface MonitoringCounts {
  /** Start of the bucket: a multiple of 5 minutes since 2000-01-01T00:00Z. */
  bucket_start: Timestamp;
  attempts: number;
  declines: number;
  technical: number;
  fraud: number;
  captures: number;
  capture_failures: number;
  voids: number;
  void_failures: number;
  refunds: number;
  refund_failures: number;
}

/** Per 5 minutes and payment method; primary key (bucket_start, payment_method_id). */
export interface MonitoringBuckets5mTable extends MonitoringCounts {
  payment_method_id: number;
}

/** Per 5 minutes, every payment method together (monitoring_buckets_5m summed); primary key bucket_start. */
export type MonitoringTotals5mTable = MonitoringCounts;

export interface AuditEventsTable {
  id: ColumnType<number, never, never>;
  staff_user_id: number | null;
  action: string;
  resource: string | null;
  record_id: string | null;
  outcome: string;
  amount: string | null;
  currency: string | null;
  reason: string | null;
  note: string | null;
  idempotency_key: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  staff_user_id: number;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Which request holds the key while it runs. */
  claim_token: string | null;
  /** The running request's deadline: past it, unanswered, the key may be taken over by the same request. */
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface FraudReviewClaimsTable {
  payment_id: number;
  staff_user_id: number;
  claimed_at: Timestamp;
  expires_at: Date | string;
}

export interface FraudDecisionsTable {
  id: Generated<number>;
  payment_id: number;
  staff_user_id: number;
  decision: 'accept' | 'reject';
  note: string;
  money_action: 'void' | 'refund' | null;
  money_outcome: 'succeeded' | 'declined' | 'unknown' | 'pending' | null;
  amount: string | null;
  currency: string;
  refund_id: number | null;
  review_id: number | null;
  created_at: Timestamp;
}

/** Every fraud review: why it opened (the gateway's screen, or staff by hand) and how it closed. */
export interface FraudReviewsTable {
  id: Generated<number>;
  payment_id: number;
  opened_reason: 'rule' | 'manual';
  opened_by: number | null;
  note: Generated<string>;
  opened_at: Timestamp;
  closed_reason: 'accepted' | 'rejected' | 'refunded' | 'voided' | null;
  closed_by: number | null;
  closed_at: Date | null;
}

export interface RefundApprovalsTable {
  id: Generated<number>;
  payment_id: number;
  amount: string;
  currency: string;
  reason_id: number;
  note: Generated<string>;
  status: ColumnType<
    'pending' | 'approved' | 'rejected',
    'pending' | 'approved' | 'rejected' | undefined,
    'pending' | 'approved' | 'rejected'
  >;
  requested_by: number;
  decided_by: number | null;
  decision_note: string | null;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  refund_id: number | null;
  created_at: Timestamp;
}

export interface ProductsTable {
  id: Generated<number>;
  name: string;
  price: string;
  currency: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_prefix: string;
  key_hash: string;
  signing_secret: string;
  created_by: number | null;
  created_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface TransactionsTable {
  id: Generated<number>;
  token: string;
  api_key_id: number;
  product_id: number;
  order_id: number;
  payment_id: number;
  price: string;
  currency: string;
  pay_method: 'CARD' | 'OPERATOR';
  carrier: string;
  region: number;
  callback_url: string;
  request_hash: string;
  idempotency_key: string | null;
  /** The storefront's own reference, unique per API key. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where the buyer must go next (the operator's confirmation page), while there is something to do. */
  payment_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface JobsTable {
  id: ColumnType<number, never, never>;
  kind: string;
  payload: Json;
  run_at: Timestamp;
  attempts: Generated<number>;
  locked_by: string | null;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_error: string | null;
  done_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  /** Jobs of one group (a callback's receiver host) run a few at a time (jobs/worker.ts). */
  group_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CallbackDeliveriesTable {
  id: Generated<number>;
  transaction_id: number;
  payment_status: string;
  url: string;
  payload: Json;
  status: ColumnType<
    'pending' | 'delivered' | 'failed',
    'pending' | 'delivered' | 'failed' | undefined,
    'pending' | 'delivered' | 'failed'
  >;
  attempts: Generated<number>;
  last_response_code: number | null;
  last_error: string | null;
  next_attempt_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
}

export interface CallbackAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  response_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: Timestamp;
}

export type CaptureRunStatus = 'queued' | 'running' | 'done' | 'canceled';
export type CaptureRunItemStatus = 'queued' | 'in_flight' | 'captured' | 'failed' | 'skipped';
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface CaptureRunsTable {
  id: Generated<number>;
  status: ColumnType<CaptureRunStatus, CaptureRunStatus | undefined, CaptureRunStatus>;
  selection: Json;
  total: number;
  method_ids: number[];
  captured: number | null;
  failed: number | null;
  skipped: number | null;
  captured_amounts: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  retry_of: number | null;
  created_by: number;
  created_ip: string | null;
  created_user_agent: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  canceled_by: number | null;
  canceled_at: NullableTimestamp;
}

export interface CaptureRunItemsTable {
  id: ColumnType<number, never, never>;
  run_id: number;
  payment_id: number;
  payment_method_id: number;
  currency: string;
  amount: Numeric;
  status: ColumnType<CaptureRunItemStatus, CaptureRunItemStatus | undefined, CaptureRunItemStatus>;
  exclusion: string | null;
  error_code: string | null;
  error_message: string | null;
  captured_amount: string | null;
  gateway_duration_ms: number | null;
  claimed_by: string | null;
  leased_until: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export type WebhookEventOutcome = 'applied' | 'no_change' | 'no_payment' | 'disagrees';

/** A gateway's webhook event, applied once per payment method. */
export interface GatewayWebhookEventsTable {
  id: Generated<number>;
  payment_method_id: number;
  event_id: string;
  event_type: string;
  payment_id: number | null;
  outcome: WebhookEventOutcome;
  received_at: Timestamp;
}

export interface Database {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  rate_limit_hits: RateLimitHitsTable;
  settings: SettingsTable;
  setting_changes: SettingChangesTable;
  payment_methods: PaymentMethodsTable;
  orders: OrdersTable;
  payments: PaymentsTable;
  refund_reasons: RefundReasonsTable;
  saved_views: SavedViewsTable;
  refunds: RefundsTable;
  log_entries: LogEntriesTable;
  monitoring_buckets_5m: MonitoringBuckets5mTable;
  monitoring_totals_5m: MonitoringTotals5mTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  fraud_review_claims: FraudReviewClaimsTable;
  fraud_decisions: FraudDecisionsTable;
  fraud_reviews: FraudReviewsTable;
  refund_approvals: RefundApprovalsTable;
  products: ProductsTable;
  api_keys: ApiKeysTable;
  transactions: TransactionsTable;
  jobs: JobsTable;
  callback_deliveries: CallbackDeliveriesTable;
  callback_attempts: CallbackAttemptsTable;
  capture_runs: CaptureRunsTable;
  capture_run_items: CaptureRunItemsTable;
  gateway_webhook_events: GatewayWebhookEventsTable;
}

export type CaptureRunRow = Selectable<CaptureRunsTable>;
export type CaptureRunItemRow = Selectable<CaptureRunItemsTable>;
export type ProductRow = Selectable<ProductsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type JobRow = Selectable<JobsTable>;
export type CallbackDeliveryRow = Selectable<CallbackDeliveriesTable>;
export type CallbackAttemptRow = Selectable<CallbackAttemptsTable>;

export type RefundApprovalRow = Selectable<RefundApprovalsTable>;

export type FraudDecisionRow = Selectable<FraudDecisionsTable>;

export type PaymentRow = Selectable<PaymentsTable>;
export type NewPayment = Insertable<PaymentsTable>;
export type PaymentUpdate = Updateable<PaymentsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type PaymentMethodRow = Selectable<PaymentMethodsTable>;
export type RefundRow = Selectable<RefundsTable>;
export type RefundReasonRow = Selectable<RefundReasonsTable>;
export type SavedViewRow = Selectable<SavedViewsTable>;
export type LogEntryRow = Selectable<LogEntriesTable>;
export type StaffUserRow = Selectable<StaffUsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;

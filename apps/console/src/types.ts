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
  refundable_amount: Amount;
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
  created_at: IsoTime;
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
}

/** `POST /api/auth/login` and `GET /api/auth/me`. */
export interface StaffSession {
  id: number;
  full_name: string;
  email: string;
  role: StaffRole;
  csrf_token: string;
}

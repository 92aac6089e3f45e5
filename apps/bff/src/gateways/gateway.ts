/**
 * A payment gateway adapter, in the manner of ActiveMerchant: one method per gateway call, amounts in
 * minor units, and a response that says what the gateway answered.
 */

export interface BillingAddress {
  name: string;
  address1: string;
  address2: string;
  city: string;
  zip: string;
  country: string | null;
  state: string;
}

/** The gateway options of product.md: who pays, for what, and the order's parts in minor units. */
export interface GatewayOptions {
  email: string;
  ip: string | null;
  /** "<order number>-<payment identifier>": unique per payment, so gateways never report duplicates. */
  order_id: string;
  currency: string;
  subtotal: bigint;
  shipping: bigint;
  tax: bigint;
  discount: bigint;
  billing_address: BillingAddress;
  /**
   * Unique per gateway operation, and the same when that operation is retried: the gateway runs it once,
   * and `retrieve` finds it by this key.
   */
  idempotency_key: string;
  /** The buyer's mobile operator and country (MCC), for carrier billing; null when the payment has none. */
  carrier?: { name: string; region: number } | null;
}

export interface CardInput {
  number: string;
  month: number;
  year: number;
  verification_value?: string;
  name?: string;
}

/**
 * success: the gateway said yes; decline: it said no; error: no answer or no sense (the outcome is unknown);
 * pending: the customer must still act (confirm a carrier charge on the operator's page, at
 * `params.payment_url`) — the gateway's answer comes later, by notification or `retrieve`.
 */
export type GatewayOutcome = 'success' | 'decline' | 'error' | 'pending';

export interface GatewayResponse {
  outcome: GatewayOutcome;
  message: string;
  /** The gateway's reference for the transaction (authorization or transaction id). */
  authorization: string | null;
  params: Record<string, unknown>;
  avs_result: string | null;
  cvv_result: string | null;
  fraud_review: boolean;
  error_code: string | null;
}

export interface GatewayAdapter {
  /** False for offline methods (checks): events are recorded without a gateway call. */
  readonly callsGateway: boolean;
  authorize(amount: bigint, card: CardInput, options: GatewayOptions): Promise<GatewayResponse>;
  purchase(amount: bigint, card: CardInput, options: GatewayOptions): Promise<GatewayResponse>;
  capture(amount: bigint, authorization: string, options: GatewayOptions): Promise<GatewayResponse>;
  void(authorization: string, options: GatewayOptions & { amount: bigint }): Promise<GatewayResponse>;
  refund(amount: bigint, authorization: string, options: GatewayOptions): Promise<GatewayResponse>;
  /**
   * What the gateway knows of the operation sent with `options.idempotency_key`: `success` with
   * `params.state` (e.g. "authorized", "captured", "voided", "refunded") when it ran and succeeded,
   * `decline` when it ran and was declined, and `error` with `error_code` "not_found" when the gateway
   * never received it (or any other error when it could not be asked).
   */
  retrieve(authorization: string, options: GatewayOptions): Promise<GatewayResponse>;
}

export function response(
  outcome: GatewayOutcome,
  message: string,
  extra: Partial<GatewayResponse> = {},
): GatewayResponse {
  return {
    outcome,
    message,
    authorization: null,
    params: {},
    avs_result: null,
    cvv_result: null,
    fraud_review: false,
    error_code: null,
    ...extra,
  };
}

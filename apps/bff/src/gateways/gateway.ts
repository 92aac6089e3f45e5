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
  /**
   * After this moment the gateway must not apply the operation (null or absent: no deadline to pass on). Adapters
   * that can tell their gateway send it; see `GatewayAdapter.callDeadlineMs`.
   */
  deadline?: Date | null;
  /** The buyer's mobile operator and country (MCC), for carrier billing; null when the payment has none. */
  carrier?: { name: string; region: number } | null;
}

/** A card's own details: test card numbers for the `bogus` and `sandbox` gateways. */
export interface CardDetails {
  number: string;
  month: number;
  year: number;
  verification_value?: string;
  name?: string;
}

/** A token a real gateway made in the buyer's browser (e.g. Stripe.js's `tok_…`): no card number passes through Paydesk. */
export interface CardToken {
  token: string;
}

export type CardInput = CardDetails | CardToken;

export const isCardToken = (card: CardInput): card is CardToken => 'token' in card && typeof card.token === 'string';

/** The card as the gateway knows it (never its number). */
export interface GatewayCard {
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
}

/**
 * The whole of a gateway transaction as `retrieve` found it, in minor units — so that reconciliation sees
 * what happened outside Paydesk too (a refund made in the gateway's own dashboard, an authorization that
 * lapsed). `captured` and `refunded` are totals; `released`: the uncaptured part of the authorization was
 * given back (a void, a partial capture's rest, an expiry); `failed`: the charge itself was declined.
 */
export interface ChargeSummary {
  authorized: bigint;
  captured: bigint;
  refunded: bigint;
  released: boolean;
  failed: boolean;
  disputed?: boolean;
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
  /** The card's brand, last four and expiry, when the gateway tells them. */
  card?: GatewayCard;
  /** From `retrieve`, when the gateway can tell: the whole transaction, whatever operation was asked about. */
  charge?: ChargeSummary;
}

/**
 * A gateway's notification (a webhook), its signature checked and its body read. `about`: what Paydesk does
 * with it — `charge`: retrieve the charge and catch up with it; `dispute`: record the dispute (and catch up);
 * null: nothing (an event type Paydesk does not act on).
 */
export interface GatewayNotification {
  /** The gateway's event id: each is applied once. */
  id: string;
  type: string;
  /** When the gateway made the event: of two reports of one dispute, the later one counts. */
  createdAt: Date;
  about: 'charge' | 'dispute' | null;
  /** The charge (the payment's `transaction_id`) the event is about. */
  chargeId: string | null;
  /** Paydesk's operation key in the charge's metadata: finds a payment whose charge id never came back. */
  operationKey: string | null;
  dispute?: GatewayDispute;
}

/** A dispute (chargeback) as the gateway tells it; the amount in minor units. */
export interface GatewayDispute {
  id: string;
  /** The gateway's word (Stripe's: needs_response, under_review, won, lost…); the domain says which are open. */
  status: string;
  amount: bigint;
  reason: string;
}

/** The notification is not the gateway's: a bad or stale signature, or no signature at all. */
export class WebhookSignatureError extends Error {}

export interface GatewayAdapter {
  /** False for offline methods (checks): events are recorded without a gateway call. */
  readonly callsGateway: boolean;
  /**
   * How long after a call starts the gateway may still apply it, clock skew included — so that afterwards its
   * "never received" is the truth: 0 for a gateway in this process, null when the gateway cannot be given a
   * deadline (its unknown operations are then settled by sending them again under the same idempotency key).
   */
  readonly callDeadlineMs: number | null;
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
  /**
   * Gateways that send webhooks: checks the signature over the raw body (throws WebhookSignatureError when it
   * is bad or stale, or when the method has no signing secret) and reads the event.
   */
  readWebhook?(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): GatewayNotification;
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

/**
 * An unknown outcome after which the call can no longer land: the gateway answered (with any HTTP status —
 * its 500 or 429 came after its own work ended), or refused the connection. A timeout or a lost connection
 * leaves the call running somewhere until its deadline.
 */
export function callIsOver(answer: GatewayResponse): boolean {
  return typeof answer.params.http_status === 'number' || answer.error_code === 'connection_refused';
}

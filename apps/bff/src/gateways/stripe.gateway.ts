import { stripeEvent, type StripeEvent } from '@paydesk/contract';
import { PAYMENT_TOKEN_PATTERN } from '@paydesk/contract/rules';
import Stripe from 'stripe';
import { AppError } from '../http/errors.ts';
import {
  isCardToken,
  response,
  WebhookSignatureError,
  type CardInput,
  type ChargeSummary,
  type GatewayAdapter,
  type GatewayCard,
  type GatewayNotification,
  type GatewayOptions,
  type GatewayResponse,
} from './gateway.ts';

/**
 * Stripe, through its official SDK, on the Charges and Refunds API (version 2020-08-27): authorize is a charge
 * with `capture: false`, purchase one with `capture: true`, capture is `charges.capture` with the amount (a
 * partial capture releases the rest), void is a refund of the uncaptured charge (Stripe's way to release an
 * authorization), refund is `refunds.create` with the amount. Every call carries a Stripe Idempotency-Key made
 * from Paydesk's operation key, and the key is written into the charge's or the refund's metadata
 * (`paydesk_key`) so that `retrieve` finds the operation again. Only tokens are charged (Stripe.js makes them in
 * the buyer's browser): a card number never passes through Paydesk for Stripe.
 */

export const STRIPE_API_VERSION = '2020-08-27';
export const STRIPE_DEFAULT_TIMEOUT_MS = 20_000;
const MAX_MESSAGE_LENGTH = 500;
/** How many recent charges `retrieve` looks through for an authorization whose charge id never came back. */
const SEARCH_LIMIT = 1_000;

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string | null;
  /** A Stripe-compatible server (stripe-stateful-mock in tests); Stripe's own API when absent. */
  apiBase: { host: string; port: number; protocol: 'http' | 'https' } | null;
  timeoutMs: number;
}

/** Why a stripe method's preferences cannot be used; null when they can. Shared with the API's validation. */
export function stripePreferencesProblem(preferences: Record<string, unknown>): Record<string, string> | null {
  const problems: Record<string, string> = {};
  const secretKey = preferences.secret_key;
  if (typeof secretKey !== 'string' || !/^(sk|rk)_(test|live)_\S+$/.test(secretKey))
    problems.secret_key = 'Paste the secret key from Stripe’s dashboard (sk_test_… or sk_live_…).';
  const webhookSecret = preferences.webhook_secret;
  if (
    webhookSecret !== undefined &&
    webhookSecret !== null &&
    webhookSecret !== '' &&
    (typeof webhookSecret !== 'string' || !/^whsec_\S+$/.test(webhookSecret))
  )
    problems.webhook_secret = 'Paste the webhook’s signing secret from Stripe’s dashboard (whsec_…).';
  const apiBase = preferences.api_base;
  if (apiBase !== undefined && apiBase !== null && apiBase !== '' && parseApiBase(apiBase) === null)
    problems.api_base = 'Must be an http(s) URL such as http://127.0.0.1:12111, or left empty for Stripe’s own API.';
  const timeout = preferences.timeout_ms;
  if (
    timeout !== undefined &&
    timeout !== null &&
    timeout !== '' &&
    !(Number.isInteger(timeout) && (timeout as number) > 0 && (timeout as number) <= 120_000)
  )
    problems.timeout_ms = 'Must be a number of milliseconds from 1 to 120000.';
  return Object.keys(problems).length > 0 ? problems : null;
}

function parseApiBase(value: unknown): StripeConfig['apiBase'] {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '') return null;
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { host: url.hostname, port, protocol };
}

/** The adapter's configuration from a payment method's preferences; an unconfigured method refuses with 409. */
export function stripeConfigFrom(preferences: Record<string, unknown>): StripeConfig {
  const problems = stripePreferencesProblem(preferences);
  if (problems) {
    throw new AppError(
      'InvalidState',
      `This Stripe payment method is not configured: ${Object.entries(problems)
        .map(([key, problem]) => `${key}: ${problem}`)
        .join(' ')}`,
    );
  }
  const blank = (value: unknown) => value === undefined || value === null || value === '';
  return {
    secretKey: preferences.secret_key as string,
    webhookSecret: blank(preferences.webhook_secret) ? null : (preferences.webhook_secret as string),
    apiBase: blank(preferences.api_base) ? null : parseApiBase(preferences.api_base),
    timeoutMs: blank(preferences.timeout_ms) ? STRIPE_DEFAULT_TIMEOUT_MS : (preferences.timeout_ms as number),
  };
}

/** The SDK's client for a configuration: no retries of its own (an unanswered call is reconciled instead). */
export function stripeClient(config: Pick<StripeConfig, 'secretKey' | 'apiBase' | 'timeoutMs'>): Stripe {
  return new Stripe(config.secretKey, {
    // The API version the adapter is written for, older than the SDK's own default.
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    timeout: config.timeoutMs,
    telemetry: false,
    ...(config.apiBase ?? {}),
  });
}

/** Stripe's Idempotency-Key for one Paydesk operation (Stripe takes up to 255 characters). */
export const stripeIdempotencyKey = (options: GatewayOptions) => `paydesk-${options.idempotency_key}`.slice(0, 255);

type Action = 'authorize' | 'purchase' | 'capture' | 'void' | 'refund' | 'retrieve';
type Json = Record<string, unknown>;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value.slice(0, MAX_MESSAGE_LENGTH) : null;

/** A bigint amount as Stripe's integer minor units. */
function stripeAmount(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError('The amount is out of range for Stripe.');
  return value;
}

const minor = (value: number | null | undefined) => (typeof value === 'number' ? BigInt(value) : 0n);

/** Card brand, last four and expiry from a charge's payment_method_details.card (Stripe never gives more). */
export function cardOf(charge: Stripe.Charge): GatewayCard | undefined {
  const card = charge.payment_method_details?.card;
  if (!card) return undefined;
  return {
    brand: text(card.brand),
    last4: typeof card.last4 === 'string' && /^\d{4}$/.test(card.last4) ? card.last4 : null,
    exp_month: Number.isInteger(card.exp_month) ? card.exp_month : null,
    exp_year: Number.isInteger(card.exp_year) ? card.exp_year : null,
  };
}

/**
 * The whole charge in minor units. Stripe counts the uncaptured rest of a partial capture in `amount_refunded`
 * ("any additional amount will be automatically refunded"), so refunds proper are what is refunded beyond it.
 */
export function chargeSummary(charge: Stripe.Charge): ChargeSummary {
  const amount = minor(charge.amount);
  const failed = charge.status === 'failed';
  const captured = charge.captured ? minor(charge.amount_captured) : 0n;
  const amountRefunded = minor(charge.amount_refunded);
  const uncaptured = charge.captured ? amount - captured : amount;
  let refunded = charge.captured ? amountRefunded - uncaptured : 0n;
  if (refunded < 0n) refunded = 0n;
  if (refunded > captured) refunded = captured;
  const released = !failed && (charge.captured ? captured < amount : charge.refunded || amountRefunded >= amount);
  return {
    authorized: failed ? 0n : amount,
    captured,
    refunded,
    released,
    failed,
    disputed: charge.disputed === true,
  };
}

/** Where an uncaptured, captured or refunded charge stands, in the words the other adapters use. */
function stateOf(summary: ChargeSummary): string {
  if (summary.failed) return 'failed';
  if (summary.captured === 0n) return summary.released ? 'voided' : 'authorized';
  if (summary.refunded >= summary.captured) return 'refunded';
  return 'captured';
}

/** What of a charge goes into a log entry's params: named fields only (a card's last four and brand at most). */
function chargeParams(action: string, charge: Stripe.Charge): Json {
  const summary = chargeSummary(charge);
  const card = cardOf(charge);
  return clean({
    action,
    charge_id: charge.id,
    state: stateOf(summary),
    status: text(charge.status) ?? undefined,
    amount: String(charge.amount),
    captured_amount: summary.captured.toString(),
    refunded_amount: summary.refunded.toString(),
    currency: text(charge.currency) ?? undefined,
    order_id: text(charge.metadata?.order_id) ?? undefined,
    card: card ?? undefined,
  });
}

const clean = (params: Json): Json => JSON.parse(JSON.stringify(params)) as Json; // drops what is undefined

const chargeResponse = (message: string, action: Action, charge: Stripe.Charge, extra: Partial<GatewayResponse> = {}) =>
  response('success', message, {
    authorization: charge.id,
    params: chargeParams(action, charge),
    card: cardOf(charge),
    fraud_review: charge.outcome?.type === 'manual_review',
    cvv_result: text(charge.payment_method_details?.card?.checks?.cvc_check),
    avs_result: text(charge.payment_method_details?.card?.checks?.address_postal_code_check),
    ...extra,
  });

/**
 * Stripe's errors in Paydesk's words: a card error is a decline (its decline_code or code, its message); a
 * request Stripe refused as invalid did not run, so it is a decline too; a rate limit, a lost connection, a
 * timeout, a 5xx, an authentication problem or anything else leaves the outcome unknown (`error`).
 */
export function fromStripeError(action: Action, error: unknown): GatewayResponse {
  if (error instanceof RangeError)
    return response('decline', error.message, { error_code: 'invalid_amount', params: { action } });
  if (!(error instanceof Stripe.errors.StripeError)) {
    return response('error', 'Stripe could not be reached', { error_code: 'connection_error', params: { action } });
  }
  const params = clean({
    action,
    http_status: error.statusCode,
    type: error.type,
    code: error.code,
    decline_code: error.decline_code,
    request_id: error.requestId,
    charge_id: text((error.raw as Json | undefined)?.charge) ?? undefined,
  });
  const message = text(error.message) ?? 'Stripe did not say why';
  if (error instanceof Stripe.errors.StripeCardError) {
    return response('decline', message, {
      error_code: text(error.decline_code) ?? text(error.code) ?? 'card_declined',
      authorization: text((error.raw as Json | undefined)?.charge),
      params,
    });
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    // The key was used with other parameters: what ran under it first is for reconciliation to find out.
    return response('error', message, { error_code: 'idempotency_error', params });
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // Already captured or refunded (in Stripe's dashboard, say): the truth is for reconciliation to read.
    if (error.code === 'charge_already_captured' || error.code === 'charge_already_refunded')
      return response('error', message, { error_code: error.code, params });
    return response('decline', message, { error_code: text(error.code) ?? 'invalid_request', params });
  }
  if (error instanceof Stripe.errors.StripeRateLimitError)
    return response('error', message, { error_code: 'rate_limit', params });
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const timedOut = /timeout|timed out/i.test(error.message);
    return response('error', timedOut ? 'Stripe did not answer in time' : 'The connection to Stripe failed', {
      error_code: timedOut ? 'timeout' : 'connection_error',
      params,
    });
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError)
    return response('error', message, { error_code: 'authentication_error', params });
  const status = error.statusCode;
  return response('error', message, {
    error_code: typeof status === 'number' ? `http_${status}` : 'api_error',
    params,
  });
}

/** How old a webhook's signature may be (Stripe's own default tolerance): older is a replay. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;
/** The events that move a payment: the charge is retrieved and the payment catches up with it. */
export const STRIPE_CHARGE_EVENTS = [
  'charge.captured',
  'charge.refunded',
  'charge.refund.updated',
  'charge.expired',
  'charge.failed',
] as const;

const idOf = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null ? text((value as Json).id) : null;

/** A verified Stripe event (the contract's StripeEvent) in Paydesk's words. */
export function stripeNotification(event: StripeEvent): GatewayNotification {
  const object: Json = event.data.object;
  const base = {
    id: event.id,
    type: event.type,
    createdAt: new Date((Number.isSafeInteger(event.created) ? event.created : 0) * 1000),
    chargeId: null,
    operationKey: null,
  };
  if ((STRIPE_CHARGE_EVENTS as readonly string[]).includes(event.type)) {
    // charge.refund.updated carries the refund; every other one the charge.
    const isRefund = object.object === 'refund';
    const metadata = (isRefund ? null : (object.metadata as Json | undefined)) ?? null;
    return {
      ...base,
      about: 'charge',
      chargeId: isRefund ? idOf(object.charge) : idOf(object.id),
      operationKey: text(metadata?.paydesk_key),
    };
  }
  if (event.type === 'charge.dispute.created' || event.type === 'charge.dispute.closed') {
    const status = text(object.status) ?? (event.type === 'charge.dispute.closed' ? 'lost' : 'needs_response');
    return {
      ...base,
      about: 'dispute',
      chargeId: idOf(object.charge),
      dispute: {
        id: text(object.id) ?? '',
        status,
        amount: minor(typeof object.amount === 'number' ? object.amount : null),
        reason: text(object.reason) ?? 'general',
      },
    };
  }
  return { ...base, about: null };
}

/** The operation a Paydesk key names: `authorize-12`, `capture-12-<uuid>`, `refund-7`… */
function operationOf(key: string): 'authorize' | 'purchase' | 'capture' | 'void' | 'refund' | null {
  const kind = key.split('-')[0];
  return kind === 'authorize' || kind === 'purchase' || kind === 'capture' || kind === 'void' || kind === 'refund'
    ? kind
    : null;
}

export class StripeGateway implements GatewayAdapter {
  readonly callsGateway = true;
  /** Stripe takes no deadline: an unknown capture, void or refund is sent again under its Idempotency-Key. */
  readonly callDeadlineMs = null;
  readonly client: Stripe;

  constructor(readonly config: StripeConfig) {
    this.client = stripeClient(config);
  }

  private async run(action: Action, call: () => Promise<GatewayResponse>): Promise<GatewayResponse> {
    try {
      return await call();
    } catch (error) {
      return fromStripeError(action, error);
    }
  }

  /**
   * A webhook: verified with `webhooks.constructEvent` and the method's signing secret over the raw body (a
   * signature older than five minutes is refused as a replay), then read.
   */
  readWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): GatewayNotification {
    const secret = this.config.webhookSecret;
    if (!secret) throw new WebhookSignatureError('This payment method has no webhook signing secret.');
    const signature = headers['stripe-signature'];
    if (typeof signature !== 'string' || signature === '')
      throw new WebhookSignatureError('The Stripe-Signature header is missing.');
    let event: unknown;
    try {
      event = this.client.webhooks.constructEvent(rawBody, signature, secret, STRIPE_WEBHOOK_TOLERANCE_SECONDS);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError)
        throw new WebhookSignatureError(
          /tolerance/i.test(error.message)
            ? 'The signature is too old (outside the tolerance).'
            : 'The signature does not match the body.',
        );
      throw new WebhookSignatureError('The body is not a Stripe event.');
    }
    const parsed = stripeEvent.safeParse(event);
    if (!parsed.success) throw new WebhookSignatureError('The body is not a Stripe event.');
    return stripeNotification(parsed.data);
  }

  /** The metadata every charge carries: the order, Paydesk's key, and the billing details Stripe has no field for. */
  private metadata(options: GatewayOptions): Record<string, string> {
    const address = options.billing_address;
    const metadata: Record<string, string> = {
      order_id: options.order_id,
      paydesk_key: options.idempotency_key,
      billing_name: address.name,
      billing_address1: address.address1,
      billing_address2: address.address2,
      billing_city: address.city,
      billing_zip: address.zip,
      billing_state: address.state,
      billing_country: address.country ?? '',
      customer_ip: options.ip ?? '',
    };
    // Stripe keeps metadata values up to 500 characters, and drops empty ones.
    return Object.fromEntries(
      Object.entries(metadata)
        .filter(([, value]) => value !== '')
        .map(([key, value]) => [key, value.slice(0, 500)]),
    );
  }

  private charge(action: 'authorize' | 'purchase', amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.run(action, async () => {
      if (!isCardToken(card) || !PAYMENT_TOKEN_PATTERN.test(card.token)) {
        return response('decline', 'Stripe takes a token made by Stripe.js, never a card number', {
          error_code: 'token_required',
          params: { action },
        });
      }
      const charge = await this.client.charges.create(
        {
          amount: stripeAmount(amount),
          currency: options.currency.toLowerCase(),
          capture: action === 'purchase',
          source: card.token,
          description: `Order ${options.order_id}`,
          ...(options.email ? { receipt_email: options.email } : {}),
          metadata: this.metadata(options),
        },
        { idempotencyKey: stripeIdempotencyKey(options) },
      );
      if (charge.status === 'failed') {
        return response('decline', text(charge.failure_message) ?? 'Declined by Stripe', {
          error_code: text(charge.failure_code) ?? 'card_declined',
          authorization: charge.id,
          params: chargeParams(action, charge),
          card: cardOf(charge),
        });
      }
      return chargeResponse(action === 'purchase' ? 'Charged' : 'Authorized', action, charge);
    });
  }

  authorize(amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.charge('authorize', amount, card, options);
  }

  purchase(amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.charge('purchase', amount, card, options);
  }

  capture(amount: bigint, authorization: string, options: GatewayOptions) {
    return this.run('capture', async () => {
      const charge = await this.client.charges.capture(
        authorization,
        { amount: stripeAmount(amount) },
        { idempotencyKey: stripeIdempotencyKey(options) },
      );
      return chargeResponse('Captured', 'capture', charge);
    });
  }

  /** A refund of the whole uncaptured charge: Stripe releases the authorization. */
  void(authorization: string, options: GatewayOptions & { amount: bigint }) {
    return this.run('void', async () => {
      const refund = await this.client.refunds.create(
        { charge: authorization, metadata: { paydesk_key: options.idempotency_key, order_id: options.order_id } },
        { idempotencyKey: stripeIdempotencyKey(options) },
      );
      return this.refundResponse('void', refund, authorization);
    });
  }

  refund(amount: bigint, authorization: string, options: GatewayOptions) {
    return this.run('refund', async () => {
      const refund = await this.client.refunds.create(
        {
          charge: authorization,
          amount: stripeAmount(amount),
          metadata: { paydesk_key: options.idempotency_key, order_id: options.order_id },
        },
        { idempotencyKey: stripeIdempotencyKey(options) },
      );
      return this.refundResponse('refund', refund, authorization);
    });
  }

  private refundResponse(action: 'void' | 'refund', refund: Stripe.Refund, chargeId: string): GatewayResponse {
    const params = clean({
      action,
      charge_id: chargeId,
      refund_id: refund.id,
      status: text(refund.status) ?? undefined,
      amount: String(refund.amount),
      currency: text(refund.currency) ?? undefined,
    });
    if (refund.status === 'failed' || refund.status === 'canceled') {
      return response('decline', text(refund.failure_reason) ?? `The ${action} failed at Stripe`, {
        error_code: text(refund.failure_reason) ?? 'refund_failed',
        authorization: action === 'refund' ? refund.id : chargeId,
        params,
      });
    }
    // A refund Stripe accepted (succeeded, or pending at the bank) is money Paydesk no longer holds.
    return response('success', action === 'void' ? 'Voided' : 'Refunded', {
      authorization: action === 'refund' ? refund.id : chargeId,
      params,
    });
  }

  /** A charge by id with all its refunds; null when Stripe has none such. */
  private async findCharge(id: string): Promise<{ charge: Stripe.Charge; refunds: Stripe.Refund[] } | null> {
    let charge: Stripe.Charge;
    try {
      charge = await this.client.charges.retrieve(id);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null;
      throw error;
    }
    return { charge, refunds: await this.refundsOf(charge) };
  }

  private async refundsOf(charge: Stripe.Charge): Promise<Stripe.Refund[]> {
    const listed = charge.refunds;
    if (listed && !listed.has_more) return listed.data;
    return this.client.refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 10_000 });
  }

  /** The charge an authorize or purchase made under `key`, when its id never came back: by its metadata. */
  private async chargeByKey(key: string): Promise<{ charge: Stripe.Charge; refunds: Stripe.Refund[] } | null> {
    let seen = 0;
    for await (const charge of this.client.charges.list({ limit: 100 })) {
      if (charge.metadata?.paydesk_key === key) return { charge, refunds: await this.refundsOf(charge) };
      seen += 1;
      if (seen >= SEARCH_LIMIT) break;
    }
    return null;
  }

  /**
   * What Stripe knows of the operation sent with `options.idempotency_key` — with the whole charge in `charge`
   * (captured, refunded, released, failed, disputed), so that reconciliation also sees what was done in
   * Stripe's dashboard. An authorize or purchase: `success` when its charge exists (`decline` when that charge
   * failed). A capture: `success` once the charge is captured. A void: `success` once the uncaptured charge is
   * released. A refund (`refund-<id>`): `success` when a refund with that key in its metadata exists (`decline`
   * when it failed). `error` "not_found" when Stripe never received the operation.
   */
  retrieve(authorization: string, options: GatewayOptions): Promise<GatewayResponse> {
    const key = options.idempotency_key;
    return this.run('retrieve', async () => {
      const operation = operationOf(key);
      const found =
        authorization !== ''
          ? await this.findCharge(authorization)
          : operation === 'authorize' || operation === 'purchase'
            ? await this.chargeByKey(key)
            : null;
      const notFound = (why: string, extra: Partial<GatewayResponse> = {}) =>
        response('error', why, {
          error_code: 'not_found',
          authorization: authorization || null,
          params: { action: 'retrieve', operation, idempotency_key: key },
          ...extra,
        });
      if (!found) return notFound('Stripe never received this operation');
      const { charge, refunds } = found;
      const summary = chargeSummary(charge);
      const base = {
        params: { ...chargeParams('retrieve', charge), operation, idempotency_key: key },
        card: cardOf(charge),
        charge: summary,
      };
      const known = (outcome: 'success' | 'decline', message: string, extra: Partial<GatewayResponse> = {}) =>
        response(outcome, message, { authorization: charge.id, ...base, ...extra });

      switch (operation) {
        case 'authorize':
        case 'purchase':
          if (charge.metadata?.paydesk_key !== undefined && charge.metadata.paydesk_key !== key)
            return notFound('The charge was made by another operation', { charge: summary });
          return summary.failed
            ? known('decline', text(charge.failure_message) ?? 'Declined by Stripe', {
                error_code: text(charge.failure_code) ?? 'card_declined',
              })
            : known('success', operation === 'purchase' ? 'Charged' : 'Authorized', {
                fraud_review: charge.outcome?.type === 'manual_review',
              });
        case 'capture':
          return charge.captured
            ? known('success', 'Captured')
            : notFound('Stripe has not captured this charge', { charge: summary, card: base.card });
        case 'void': {
          const mine = refunds.find((refund) => refund.metadata?.paydesk_key === key);
          if (mine && (mine.status === 'failed' || mine.status === 'canceled'))
            return known('decline', `The void failed at Stripe`, {
              error_code: text(mine.failure_reason) ?? 'refund_failed',
            });
          return mine || (!charge.captured && summary.released)
            ? known('success', 'Voided')
            : notFound('Stripe has not released this charge', { charge: summary, card: base.card });
        }
        case 'refund': {
          const mine = refunds.find((refund) => refund.metadata?.paydesk_key === key);
          if (!mine) return notFound('Stripe has no refund for this operation', { charge: summary, card: base.card });
          const refundParams = {
            ...base.params,
            refund_id: mine.id,
            refund_status: mine.status,
            amount: String(mine.amount),
          };
          return mine.status === 'failed' || mine.status === 'canceled'
            ? known('decline', 'The refund failed at Stripe', {
                authorization: mine.id,
                error_code: text(mine.failure_reason) ?? 'refund_failed',
                params: refundParams,
              })
            : known('success', 'Refunded', { authorization: mine.id, params: refundParams });
        }
        default:
          // Not one of Paydesk's operations: the charge as it stands, for whoever asks.
          return known('success', `The charge is ${stateOf(summary)}`);
      }
    });
  }
}

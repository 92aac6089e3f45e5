import { AppError } from '../http/errors.ts';
import { isRecord, minor, requestJson, str, transportFailure, unexpected, type Json } from './http-answers.ts';
import {
  isCardToken,
  response,
  type CardInput,
  type GatewayAdapter,
  type GatewayOptions,
  type GatewayResponse,
} from './gateway.ts';

/**
 * Sandbox: a card gateway over HTTP — the gateway simulator in apps/gateway-sim, or anything that speaks its
 * API. Only an answer that says "approved" is a success and only one that says "declined" is a decline;
 * a timeout, a lost connection, a 5xx or a body that makes no sense is an `error` (the outcome is unknown),
 * and `retrieve` asks the gateway afterwards what became of the operation, by its idempotency key.
 */

export interface SandboxConfig {
  /** e.g. http://127.0.0.1:4010 */
  baseUrl: string;
  apiKey: string;
  /** How long one call may take, answer included, before it is given up as a timeout. */
  timeoutMs: number;
}

export const SANDBOX_DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The adapter's configuration from a payment method's preferences: `base_url`, `api_key` (a secret: the
 * API masks it) and `timeout_ms`. A method that is not configured refuses the command before anything
 * is claimed or sent.
 */
export function sandboxConfigFrom(preferences: Record<string, unknown>): SandboxConfig {
  const problem = (detail: string) =>
    new AppError('InvalidState', `This sandbox payment method is not configured: ${detail}`);
  let url: URL;
  try {
    url = new URL(String(preferences.base_url ?? ''));
  } catch {
    throw problem("base_url must be the gateway's URL, e.g. http://127.0.0.1:4010.");
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw problem('base_url must be an http or https URL.');
  const apiKey = preferences.api_key;
  if (typeof apiKey !== 'string' || apiKey === '') throw problem('api_key is required.');
  const timeoutMs =
    preferences.timeout_ms === undefined || preferences.timeout_ms === null || preferences.timeout_ms === ''
      ? SANDBOX_DEFAULT_TIMEOUT_MS
      : Number(preferences.timeout_ms);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw problem('timeout_ms must be a positive number of milliseconds.');
  return { baseUrl: url.toString().replace(/\/+$/, ''), apiKey, timeoutMs };
}

type Action = 'authorize' | 'purchase' | 'capture' | 'void' | 'refund';
/** A bigint amount as a JSON number; the gateway takes integer minor units. */
function amountField(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError('The amount is too large for the gateway.');
  return value;
}

/**
 * What of the gateway's answer goes into a log entry's params: named fields only, so a card number can
 * never slip in (the gateway sends at most the last four, and only those and the brand are kept).
 */
function paramsOf(action: string, body: Json, httpStatus: number): Json {
  const card = isRecord(body.card) ? body.card : undefined;
  const params: Json = {
    action,
    http_status: httpStatus,
    state: str(body.state) ?? undefined,
    transaction_id: str(body.id) ?? undefined,
    refund_id: str(body.refund_id) ?? undefined,
    amount: minor(body.amount),
    authorized_amount: minor(body.authorized_amount),
    captured_amount: minor(body.captured_amount),
    refunded_amount: minor(body.refunded_amount),
    currency: str(body.currency) ?? undefined,
    order_id: str(body.order_id) ?? undefined,
    card: card
      ? {
          last4: typeof card.last4 === 'string' && /^\d{4}$/.test(card.last4) ? card.last4 : undefined,
          brand: str(card.brand) ?? undefined,
        }
      : undefined,
  };
  return JSON.parse(JSON.stringify(params)) as Json; // drops what is undefined
}

function decline(action: string, status: number, body: Json): GatewayResponse {
  return response('decline', str(body.message) ?? 'Declined by the gateway', {
    error_code: str(body.error_code) ?? 'declined',
    authorization: str(body.refund_id) ?? str(body.id),
    params: paramsOf(action, body, status),
    avs_result: str(body.avs_result),
    cvv_result: str(body.cvv_result),
  });
}

function approval(action: string, status: number, body: Json, fraudReview: boolean): GatewayResponse {
  return response('success', str(body.message) ?? 'Approved', {
    authorization: (action === 'refund' ? str(body.refund_id) : null) ?? str(body.id),
    params: paramsOf(action, body, status),
    avs_result: str(body.avs_result),
    cvv_result: str(body.cvv_result),
    fraud_review: fraudReview && body.fraud_review === true,
  });
}

/** Approved (2xx and `approved: true` with a transaction id) is a success; `approved: false` is a decline; the rest is an error. */
function interpret(action: Action, status: number, body: unknown): GatewayResponse {
  if (status >= 500) return unexpected('gateway', action, status, 'server error');
  if (!isRecord(body)) return unexpected('gateway', action, status, 'not a JSON object');
  const ok = status >= 200 && status < 300;
  if (body.approved === true && ok && str(body.id))
    return approval(action, status, body, action === 'authorize' || action === 'purchase');
  if (body.approved === false && (ok || (status >= 400 && status < 500))) return decline(action, status, body);
  return unexpected('gateway', action, status, 'neither approved nor declined');
}

/** What the clocks of Paydesk and the gateway may differ by: the gateway is told a deadline this much earlier. */
export const CLOCK_SKEW_ALLOWANCE_MS = 1_000;

export class SandboxGateway implements GatewayAdapter {
  readonly callsGateway = true;
  /** The gateway is told the deadline (`Request-Deadline`) and runs nothing that reaches it after. */
  readonly callDeadlineMs: number;

  constructor(private readonly config: SandboxConfig) {
    this.callDeadlineMs = config.timeoutMs + CLOCK_SKEW_ALLOWANCE_MS;
  }

  /** One HTTP call (requestJson), with the deadline the gateway is told. Never throws. */
  private async call(
    action: string,
    method: 'GET' | 'POST',
    path: string,
    idempotencyKey: string | null,
    body?: Json,
    deadline?: Date | null,
  ): Promise<{ status: number; body: unknown } | GatewayResponse> {
    const { baseUrl, apiKey, timeoutMs } = this.config;
    // The gateway is told when to stop: a little before our own deadline, for the clocks' difference.
    const headers: Record<string, string> = deadline
      ? { 'request-deadline': new Date(deadline.getTime() - CLOCK_SKEW_ALLOWANCE_MS).toISOString() }
      : {};
    return requestJson({
      party: 'gateway',
      action,
      method,
      url: baseUrl + path,
      apiKey,
      timeoutMs,
      idempotencyKey,
      headers,
      body,
    });
  }

  private async operation(
    action: Action,
    path: string,
    options: GatewayOptions,
    body: () => Json,
  ): Promise<GatewayResponse> {
    let payload: Json;
    try {
      payload = body();
    } catch (error) {
      return transportFailure('gateway', action, error, this.config.timeoutMs);
    }
    const answer = await this.call(action, 'POST', path, options.idempotency_key, payload, options.deadline);
    return 'outcome' in answer ? answer : interpret(action, answer.status, answer.body);
  }

  private async charge(action: 'authorize' | 'purchase', amount: bigint, card: CardInput, options: GatewayOptions) {
    if (isCardToken(card)) {
      return response('decline', 'The sandbox gateway takes card numbers, not tokens', {
        error_code: 'token_not_supported',
        params: { action },
      });
    }
    return this.operation(action, `/v1/${action}`, options, () => ({
      amount: amountField(amount),
      currency: options.currency,
      order_id: options.order_id,
      email: options.email,
      ip: options.ip,
      card: { number: card.number, month: card.month, year: card.year, cvv: card.verification_value, name: card.name },
      billing_address: options.billing_address,
      subtotal: amountField(options.subtotal),
      shipping: amountField(options.shipping),
      tax: amountField(options.tax),
      discount: amountField(options.discount),
    }));
  }

  authorize(amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.charge('authorize', amount, card, options);
  }

  purchase(amount: bigint, card: CardInput, options: GatewayOptions) {
    return this.charge('purchase', amount, card, options);
  }

  capture(amount: bigint, authorization: string, options: GatewayOptions) {
    return this.operation('capture', `/v1/transactions/${encodeURIComponent(authorization)}/capture`, options, () => ({
      amount: amountField(amount),
    }));
  }

  void(authorization: string, options: GatewayOptions & { amount: bigint }) {
    return this.operation('void', `/v1/transactions/${encodeURIComponent(authorization)}/void`, options, () => ({}));
  }

  refund(amount: bigint, authorization: string, options: GatewayOptions) {
    return this.operation('refund', `/v1/transactions/${encodeURIComponent(authorization)}/refund`, options, () => ({
      amount: amountField(amount),
    }));
  }

  /**
   * What the gateway knows of the operation sent with `options.idempotency_key`: `success` with
   * `params.state` (the transaction's state right after it: authorized, captured, voided or refunded — a
   * partial refund leaves it captured) when it ran and was approved, `decline` when it ran and was
   * declined, `error` "not_found" when the gateway says it never received it, and any other `error` when
   * it could not be asked — or when the operation it found belongs to another transaction than
   * `authorization` (error "operation_mismatch": the key was reused, so its answer proves nothing here).
   */
  async retrieve(authorization: string, options: GatewayOptions): Promise<GatewayResponse> {
    const answer = await this.call(
      'retrieve',
      'GET',
      `/v1/operations/${encodeURIComponent(options.idempotency_key)}`,
      null,
    );
    if ('outcome' in answer) return answer;
    const { status, body } = answer;
    if (status >= 500) return unexpected('gateway', 'retrieve', status, 'server error');
    if (status === 404 && isRecord(body) && body.error === 'operation_not_found') {
      return response('error', 'The gateway never received this operation', {
        error_code: 'not_found',
        params: { action: 'retrieve', http_status: status, idempotency_key: options.idempotency_key },
      });
    }
    if (
      status !== 200 ||
      !isRecord(body) ||
      !isRecord(body.result) ||
      (body.status !== 'succeeded' && body.status !== 'declined')
    ) {
      return unexpected('gateway', 'retrieve', status, 'not an operation');
    }
    const found = str(body.transaction_id);
    if (authorization !== '' && found !== null && found !== authorization) {
      return response('error', 'The gateway holds this key for another transaction', {
        error_code: 'operation_mismatch',
        params: { action: 'retrieve', http_status: status, transaction_id: found },
      });
    }
    const operation = str(body.action) ?? 'unknown';
    const retrieved =
      body.status === 'succeeded'
        ? approval(operation, status, body.result, operation === 'authorize' || operation === 'purchase')
        : decline(operation, status, body.result);
    if (retrieved.outcome === 'success' && !str(body.result.state))
      return unexpected('gateway', 'retrieve', status, 'no state');
    return {
      ...retrieved,
      params: { ...retrieved.params, action: 'retrieve', operation, idempotency_key: options.idempotency_key },
    };
  }
}

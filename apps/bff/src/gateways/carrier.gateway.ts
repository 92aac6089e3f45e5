import { AppError } from '../http/errors.ts';
import { isRecord, minor, requestJson, str, transportFailure, unexpected, type Json } from './http-answers.ts';
import { response, type CardInput, type GatewayAdapter, type GatewayOptions, type GatewayResponse } from './gateway.ts';

/**
 * Carrier billing: the buyer pays on their phone bill, through the mobile operator's API — the operator side
 * of the gateway simulator (apps/gateway-sim, under /operator), or anything that speaks it. Starting a charge
 * answers `pending` with the page where the buyer confirms (`params.payment_url`) and the operator's charge id
 * (`authorization`); the operator then notifies Paydesk (POST /api/webhooks/carrier/<method id>), and the
 * reconciler asks `retrieve` for the truth. A timeout, a lost connection, a 5xx or an answer that makes no
 * sense is an `error` (the outcome is unknown), never a success.
 */

export interface CarrierConfig {
  /** e.g. http://127.0.0.1:4010 (the operator's API is under /operator). */
  baseUrl: string;
  apiKey: string;
  /** The secret the operator signs its notifications with. */
  notificationSecret: string;
  timeoutMs: number;
  /** Where the operator sends notifications for charges started here; null when the operator is configured with one. */
  notifyUrl: string | null;
}

export const CARRIER_DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The adapter's configuration from a `carrier` payment method's preferences: `base_url`, `api_key` and
 * `notification_secret` (secrets: the API masks them), `timeout_ms`, and optionally `notify_url`. A method that
 * is not configured refuses before anything is claimed or sent.
 */
export function carrierConfigFrom(preferences: Record<string, unknown>): CarrierConfig {
  const problem = (detail: string) =>
    new AppError('InvalidState', `This carrier billing payment method is not configured: ${detail}`);
  const httpUrl = (value: unknown, field: string, example: string) => {
    let url: URL;
    try {
      url = new URL(String(value ?? ''));
    } catch {
      throw problem(`${field} must be an http or https URL, e.g. ${example}.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw problem(`${field} must be an http or https URL, e.g. ${example}.`);
    return url.toString();
  };
  const baseUrl = httpUrl(preferences.base_url, 'base_url', 'http://127.0.0.1:4010').replace(/\/+$/, '');
  const apiKey = preferences.api_key;
  if (typeof apiKey !== 'string' || apiKey === '') throw problem('api_key is required.');
  const secret = preferences.notification_secret;
  if (typeof secret !== 'string' || secret === '') throw problem('notification_secret is required.');
  const timeoutMs =
    preferences.timeout_ms === undefined || preferences.timeout_ms === null || preferences.timeout_ms === ''
      ? CARRIER_DEFAULT_TIMEOUT_MS
      : Number(preferences.timeout_ms);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw problem('timeout_ms must be a positive number of milliseconds.');
  const notifyUrl =
    preferences.notify_url === undefined || preferences.notify_url === null || preferences.notify_url === ''
      ? null
      : httpUrl(preferences.notify_url, 'notify_url', 'https://paydesk.example.com/api/webhooks/carrier/4');
  return { baseUrl, apiKey, notificationSecret: secret, timeoutMs, notifyUrl };
}

function amountField(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError('The amount is out of the operator’s range.');
  return value;
}

/** Named fields of a charge only (what goes into a log entry's params). */
function chargeParams(action: string, charge: Json, httpStatus: number): Json {
  const params: Json = {
    action,
    http_status: httpStatus,
    charge_id: str(charge.id) ?? undefined,
    charge_status: str(charge.status) ?? undefined,
    reference: str(charge.reference) ?? undefined,
    carrier: str(charge.carrier) ?? undefined,
    region: typeof charge.region === 'number' ? charge.region : undefined,
    amount: minor(charge.amount),
    refunded_amount: minor(charge.refunded_amount),
    currency: str(charge.currency) ?? undefined,
    expires_at: str(charge.expires_at) ?? undefined,
    payment_url: str(charge.confirmation_url) ?? undefined,
  };
  return JSON.parse(JSON.stringify(params)) as Json;
}

/**
 * What a charge's status says: confirmed is money taken, declined or lapsed is none, pending is the buyer still
 * to act. The same reading for an answer and for the charge an operator's notification carries.
 */
export function fromCharge(action: string, status: number, charge: Json): GatewayResponse {
  const id = str(charge.id);
  const params = chargeParams(action, charge, status);
  switch (charge.status) {
    case 'pending':
      return response('pending', 'Waiting for the buyer to confirm with the operator', { authorization: id, params });
    case 'confirmed':
      return response('success', 'Confirmed by the buyer; billed by the operator', {
        authorization: id,
        params: { ...params, state: 'captured' },
      });
    case 'declined':
      return response('decline', 'Declined by the buyer', { authorization: id, params, error_code: 'charge_declined' });
    case 'lapsed':
      return response('decline', 'The buyer did not confirm in time: the charge lapsed', {
        authorization: id,
        params,
        error_code: 'charge_lapsed',
      });
    default:
      return unexpected('operator', action, status, 'no charge status');
  }
}

export class CarrierGateway implements GatewayAdapter {
  readonly callsGateway = true;
  readonly callDeadlineMs = null;

  constructor(private readonly config: CarrierConfig) {}

  private async call(
    action: string,
    method: 'GET' | 'POST',
    path: string,
    idempotencyKey: string | null,
    body?: Json,
  ): Promise<{ status: number; body: unknown } | GatewayResponse> {
    const { baseUrl, apiKey, timeoutMs } = this.config;
    const url = `${baseUrl}/operator${path}`;
    return requestJson({ party: 'operator', action, method, url, apiKey, timeoutMs, idempotencyKey, body });
  }

  /**
   * Starts the operator's charge under the operation's idempotency key (the operator's `reference`: the same
   * key again finds the same charge). The operator bills when the buyer confirms, so authorize and purchase
   * are the same call.
   */
  private async start(action: 'authorize' | 'purchase', amount: bigint, options: GatewayOptions) {
    if (!options.carrier)
      return response('decline', 'A carrier billing payment needs the buyer’s carrier and region', {
        error_code: 'carrier_required',
        params: { action },
      });
    let value: number;
    try {
      value = amountField(amount);
    } catch (error) {
      return transportFailure('operator', action, error, this.config.timeoutMs);
    }
    const answer = await this.call(action, 'POST', '/v1/charges', null, {
      carrier: options.carrier.name,
      region: options.carrier.region,
      amount: value,
      currency: options.currency,
      reference: options.idempotency_key,
      description: options.order_id,
      ...(this.config.notifyUrl ? { notify_url: this.config.notifyUrl } : {}),
    });
    if ('outcome' in answer) return answer;
    const { status, body } = answer;
    if (status >= 500) return unexpected('operator', action, status, 'server error');
    if (!isRecord(body)) return unexpected('operator', action, status, 'not a JSON object');
    if (status >= 200 && status < 300 && str(body.id)) return fromCharge(action, status, body);
    if (status >= 400 && status < 500 && str(body.error))
      return response('decline', str(body.message) ?? 'Refused by the operator', {
        error_code: str(body.error),
        params: { action, http_status: status },
      });
    return unexpected('operator', action, status, 'not a charge');
  }

  authorize(amount: bigint, _card: CardInput, options: GatewayOptions) {
    return this.start('authorize', amount, options);
  }

  purchase(amount: bigint, _card: CardInput, options: GatewayOptions) {
    return this.start('purchase', amount, options);
  }

  /** A carrier charge is billed when the buyer confirms it: there is nothing to capture. */
  async capture(): Promise<GatewayResponse> {
    return response('decline', 'Carrier billing charges are billed when the buyer confirms: nothing to capture', {
      error_code: 'capture_not_supported',
      params: { action: 'capture' },
    });
  }

  /** Operators take no cancellation of a confirmed charge: refund it instead. */
  async void(): Promise<GatewayResponse> {
    return response('decline', 'A confirmed carrier billing charge cannot be voided: refund it instead', {
      error_code: 'void_not_supported',
      params: { action: 'void' },
    });
  }

  async refund(amount: bigint, authorization: string, options: GatewayOptions): Promise<GatewayResponse> {
    let value: number;
    try {
      value = amountField(amount);
    } catch (error) {
      return transportFailure('operator', 'refund', error, this.config.timeoutMs);
    }
    const answer = await this.call(
      'refund',
      'POST',
      `/v1/charges/${encodeURIComponent(authorization)}/refunds`,
      options.idempotency_key,
      { amount: value },
    );
    if ('outcome' in answer) return answer;
    return this.refundAnswer('refund', answer.status, answer.body);
  }

  private refundAnswer(action: string, status: number, body: unknown): GatewayResponse {
    if (status >= 500) return unexpected('operator', action, status, 'server error');
    if (!isRecord(body)) return unexpected('operator', action, status, 'not a JSON object');
    const params: Json = JSON.parse(
      JSON.stringify({
        action,
        http_status: status,
        charge_id: str(body.charge_id) ?? undefined,
        refund_id: str(body.refund_id) ?? undefined,
        amount: minor(body.amount),
        refunded_amount: minor(body.refunded_amount),
        currency: str(body.currency) ?? undefined,
      }),
    );
    if (body.approved === true && status >= 200 && status < 300 && str(body.refund_id))
      return response('success', str(body.message) ?? 'Refunded by the operator', {
        authorization: str(body.refund_id),
        params,
      });
    if (body.approved === false && status >= 400 && status < 500)
      return response('decline', str(body.message) ?? 'Refund declined by the operator', {
        error_code: str(body.error_code) ?? 'declined',
        params,
      });
    return unexpected('operator', action, status, 'neither approved nor declined');
  }

  /**
   * What the operator knows of the operation sent with `options.idempotency_key` — a charge's reference or a
   * refund's key: a charge confirmed is `success`, declined or lapsed `decline`, still waiting `pending`; a
   * refund `success` or `decline`; never received is `error` "not_found"; any other `error` when the operator
   * could not be asked, or (error "operation_mismatch") when the key belongs to another charge than `authorization`.
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
    if (status >= 500) return unexpected('operator', 'retrieve', status, 'server error');
    if (status === 404 && isRecord(body) && body.error === 'operation_not_found')
      return response('error', 'The operator never received this operation', {
        error_code: 'not_found',
        params: { action: 'retrieve', http_status: status, idempotency_key: options.idempotency_key },
      });
    if (status !== 200 || !isRecord(body)) return unexpected('operator', 'retrieve', status, 'not an operation');
    const chargeId = body.kind === 'charge' && isRecord(body.charge) ? str(body.charge.id) : str(body.charge_id);
    if (authorization !== '' && chargeId !== null && chargeId !== authorization)
      return response('error', 'The operator holds this key for another charge', {
        error_code: 'operation_mismatch',
        params: { action: 'retrieve', http_status: status, charge_id: chargeId },
      });
    const retrieved =
      body.kind === 'charge' && isRecord(body.charge)
        ? fromCharge('retrieve', status, body.charge)
        : body.kind === 'refund' && isRecord(body.result)
          ? this.refundAnswer('retrieve', body.status === 'succeeded' ? 200 : 422, body.result)
          : unexpected('operator', 'retrieve', status, 'not an operation');
    return {
      ...retrieved,
      params: { ...retrieved.params, operation: body.kind, idempotency_key: options.idempotency_key },
    };
  }
}

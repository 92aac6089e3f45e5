import { response, type GatewayResponse } from './gateway.ts';

/**
 * What the HTTP adapters (sandbox, carrier) make of an answer: a few readers of untrusted JSON, and the
 * unknown outcomes — no answer, or an answer that says neither yes nor no. `party` names who was asked
 * ("gateway", "operator") in the staff member's sentence.
 */

export type Json = Record<string, unknown>;

const MAX_TEXT = 500;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A non-empty string, cut to a length fit for a log entry. */
export const str = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : null;
/** Minor units as the other side sends them (integers), kept as strings like every amount here. */
export const minor = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;

/** One HTTP call of an adapter, as the other side answered it. */
export interface JsonRequest {
  party: string;
  action: string;
  method: 'GET' | 'POST';
  url: string;
  apiKey: string;
  timeoutMs: number;
  idempotencyKey: string | null;
  headers?: Record<string, string>;
  body?: Json;
}

/**
 * Sends one JSON request with a bearer key; the timeout covers the answer's body too. Never throws: no answer is
 * an unknown outcome (transportFailure), and a body that is not JSON is read as none.
 */
export async function requestJson(request: JsonRequest): Promise<{ status: number; body: unknown } | GatewayResponse> {
  const { body, idempotencyKey } = request;
  try {
    const answer = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${request.apiKey}`,
        ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
        ...request.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'error',
    });
    const text = await answer.text();
    try {
      return { status: answer.status, body: text === '' ? undefined : JSON.parse(text) };
    } catch {
      return { status: answer.status, body: undefined };
    }
  } catch (error) {
    return transportFailure(request.party, request.action, error, request.timeoutMs);
  }
}

/** No answer: the request may or may not have run. */
export function transportFailure(party: string, action: string, error: unknown, timeoutMs: number): GatewayResponse {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return response('error', `The ${party} did not answer within ${timeoutMs} ms`, {
      error_code: 'timeout',
      params: { action },
    });
  }
  if (error instanceof RangeError)
    return response('error', error.message, { error_code: 'bad_request', params: { action } });
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === 'ECONNREFUSED') {
    return response('error', `The ${party} refused the connection`, {
      error_code: 'connection_refused',
      params: { action },
    });
  }
  return response('error', `The connection to the ${party} was lost before it answered`, {
    error_code: 'connection_reset',
    params: { action },
  });
}

/** An answer that says neither yes nor no. */
export function unexpected(party: string, action: string, status: number, detail: string): GatewayResponse {
  if (status >= 200 && status < 300) {
    return response('error', `The ${party}'s answer could not be understood (${detail})`, {
      error_code: 'bad_response',
      params: { action, http_status: status },
    });
  }
  return response('error', `The ${party} answered HTTP ${status}`, {
    error_code: `http_${status}`,
    params: { action, http_status: status },
  });
}

import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRule, RuleQueue } from './faults.ts';
import { BadRequest, readJson, readText, sendJson } from './http.ts';

/**
 * The mobile operator side of the simulator (carrier billing), under `/operator`: Paydesk starts a charge and
 * gets a confirmation URL; the buyer confirms or declines on the simulator's page (or a test calls
 * `/operator/_charges/<id>/confirm`); the operator tells Paydesk with a signed server-to-server notification;
 * a charge nobody confirms lapses. Refunds, a status lookup by charge or by reference, and faults on demand.
 * Amounts are integers in the currency's minor unit, as on the card side. All in memory.
 */

export const CHARGE_STATUSES = ['pending', 'confirmed', 'declined', 'lapsed'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

export const OPERATOR_FAULT_MODES = [
  'latency',
  'timeout',
  'reset',
  'http500',
  'succeed_then_error',
  'notification_lost',
  'notification_repeated',
] as const;
export type OperatorFaultMode = (typeof OPERATOR_FAULT_MODES)[number];
/** `charge`: starting one; `refund`; `status`: the GET lookups; `notify`: the notifications Paydesk receives. */
export const OPERATOR_FAULT_PATHS = ['charge', 'refund', 'status', 'notify'] as const;
export type OperatorFaultPath = (typeof OPERATOR_FAULT_PATHS)[number];

/** The header that carries a notification's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const OPERATOR_SIGNATURE_HEADER = 'operator-signature';

export function signNotification(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export interface OperatorOptions {
  /** The secret notifications are signed with (Paydesk's carrier method holds the same one). */
  notificationSecret: string;
  /** Where notifications go for a charge that names no `notify_url`. */
  notifyUrl?: string;
  /** A charge still pending this long after it started lapses. Default 15 minutes. */
  lapseAfterMs?: number;
  /** Deliveries of one notification before it is given up (non-2xx or no answer). Default 3. */
  notifyAttempts?: number;
  notifyRetryMs?: number;
  notifyTimeoutMs?: number;
  /** The simulator's own public URL, for confirmation links (default: the address it listens on). */
  publicUrl?: string;
}

export const DEFAULT_LAPSE_AFTER_MS = 15 * 60_000;

interface Charge {
  id: string;
  reference: string;
  status: ChargeStatus;
  carrier: string;
  region: number;
  amount: number;
  currency: string;
  refunded_amount: number;
  description: string;
  notify_url: string | null;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  fingerprint: string;
  refunds: string[];
}

interface Refund {
  key: string;
  charge_id: string;
  status: 'succeeded' | 'declined';
  created_at: string;
  answer: { status: number; body: Record<string, unknown> };
  fingerprint: string;
}

interface NotificationRecord {
  id: string;
  type: string;
  charge_id: string;
  url: string | null;
  /** What became of it: delivered (a 2xx), failed (every attempt), lost or unaddressed (never sent), sending. */
  outcome: 'sending' | 'delivered' | 'failed' | 'lost' | 'unaddressed';
  /** How many times it is sent (2 when the `notification_repeated` fault hit it). */
  copies: number;
  attempts: { status: number | null; error?: string; at: string }[];
}

export interface OperatorLog {
  status?: number | 'reset' | 'held';
  fault?: string;
  replayed?: boolean;
}

type Route =
  | { kind: 'start' }
  | { kind: 'charge'; id: string }
  | { kind: 'refund'; id: string }
  | { kind: 'operation'; key: string }
  | { kind: 'page'; id: string }
  | { kind: 'decide'; id: string; decision: 'confirm' | 'decline' | 'lapse' }
  | { kind: 'admin'; name: 'faults' | 'stats' | 'notifications' };

function route(method: string, segments: string[]): Route | 'method-not-allowed' | undefined {
  const want = (allowed: string, found: Route) => (method === allowed ? found : 'method-not-allowed');
  const [, second, third, fourth, fifth] = segments;
  const n = segments.length;
  if (second === '_faults' && n === 2)
    return ['GET', 'POST', 'DELETE'].includes(method) ? { kind: 'admin', name: 'faults' } : 'method-not-allowed';
  if (second === '_stats' && n === 2) return want('GET', { kind: 'admin', name: 'stats' });
  if (second === '_notifications' && n === 2) return want('GET', { kind: 'admin', name: 'notifications' });
  if (second === '_charges' && third && n === 4 && (fourth === 'confirm' || fourth === 'decline' || fourth === 'lapse'))
    return want('POST', { kind: 'decide', id: third, decision: fourth });
  if (second === 'pay' && third && n === 3)
    return method === 'GET' || method === 'POST' ? { kind: 'page', id: third } : 'method-not-allowed';
  if (second !== 'v1') return undefined;
  if (third === 'charges' && n === 3) return want('POST', { kind: 'start' });
  if (third === 'charges' && fourth && n === 4) return want('GET', { kind: 'charge', id: fourth });
  if (third === 'charges' && fourth && fifth === 'refunds' && n === 5)
    return want('POST', { kind: 'refund', id: fourth });
  if (third === 'operations' && fourth && n === 4) return want('GET', { kind: 'operation', key: fourth });
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const fingerprintOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const invalid = (message: string) => new BadRequest(400, 'invalid_request', message);

function text(value: unknown, field: string, max: number, optional = false): string {
  if (value === undefined && optional) return '';
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw invalid(`${field} must be a string of 1 to ${max} characters.`);
  return value.trim();
}

/** The minor unit's digits of a currency (2 for EUR, 0 for JPY), from the runtime's ICU data. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "0.99 EUR" from 99 and EUR, without floating point. */
export function formatMinor(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return `${amount} ${currency}`;
  const padded = String(amount).padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)} ${currency}`;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function sendHtml(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}` +
      `button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style></head><body>${body}</body></html>`,
  );
}

export class Operator {
  private charges = new Map<string, Charge>();
  private byReference = new Map<string, string>();
  private refunds = new Map<string, Refund>();
  private notifications: NotificationRecord[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private replays = { charge: 0, refund: 0 };
  readonly faults = new RuleQueue<OperatorFaultMode, OperatorFaultPath, OperatorFaultPath>(
    OPERATOR_FAULT_MODES,
    (rule, kind) =>
      rule.mode === 'notification_lost' || rule.mode === 'notification_repeated'
        ? kind === 'notify'
        : rule.path === null
          ? kind === 'charge' || kind === 'refund'
          : rule.path === kind,
  );
  private readonly lapseAfterMs: number;

  constructor(
    private readonly options: OperatorOptions,
    private readonly baseUrl: () => string,
    private readonly closing: AbortSignal,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!options.notificationSecret) throw new Error('The operator simulator needs a notification secret.');
    this.lapseAfterMs = options.lapseAfterMs ?? DEFAULT_LAPSE_AFTER_MS;
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.charges.clear();
    this.byReference.clear();
    this.refunds.clear();
    this.notifications = [];
    this.replays = { charge: 0, refund: 0 };
    this.faults.reset();
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private view(charge: Charge): Record<string, unknown> {
    this.lapseIfDue(charge);
    return {
      id: charge.id,
      reference: charge.reference,
      status: charge.status,
      carrier: charge.carrier,
      region: charge.region,
      amount: charge.amount,
      currency: charge.currency,
      refunded_amount: charge.refunded_amount,
      description: charge.description,
      created_at: charge.created_at,
      expires_at: charge.expires_at,
      decided_at: charge.decided_at,
      confirmation_url: `${this.options.publicUrl ?? this.baseUrl()}/operator/pay/${charge.id}`,
    };
  }

  /** A pending charge past its time lapses, whether or not its timer has fired yet. */
  private lapseIfDue(charge: Charge): void {
    if (charge.status === 'pending' && Date.parse(charge.expires_at) <= this.now().getTime()) {
      this.decide(charge, 'lapsed');
    }
  }

  /** A pending charge becomes confirmed, declined or lapsed, once; the operator then notifies Paydesk. */
  private decide(charge: Charge, status: 'confirmed' | 'declined' | 'lapsed'): boolean {
    if (charge.status !== 'pending') return false;
    if (status !== 'lapsed' && Date.parse(charge.expires_at) <= this.now().getTime()) status = 'lapsed';
    charge.status = status;
    charge.decided_at = this.now().toISOString();
    this.notify(charge, `charge.${status}`);
    return true;
  }

  private start(body: unknown): { status: number; body: Record<string, unknown>; replayed: boolean } {
    if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
    const carrier = text(body.carrier, 'carrier', 50);
    const region = body.region;
    if (!Number.isInteger(region) || (region as number) < 100 || (region as number) > 999)
      throw invalid('region must be a mobile country code (a three-digit integer).');
    const amount = body.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
      throw invalid('amount must be a positive integer in minor units.');
    const currency = body.currency;
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
      throw invalid('currency must be an ISO 4217 code such as EUR.');
    const reference = text(body.reference, 'reference', 255);
    const description = text(body.description, 'description', 200, true);
    let notifyUrl: string | null = null;
    if (body.notify_url !== undefined && body.notify_url !== null) {
      let url: URL | undefined;
      try {
        url = new URL(String(body.notify_url));
      } catch {}
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
        throw invalid('notify_url must be an http(s) URL.');
      notifyUrl = url.toString();
    }
    const fingerprint = fingerprintOf({ carrier, region, amount, currency, description, notifyUrl });
    const earlierId = this.byReference.get(reference);
    if (earlierId) {
      const earlier = this.charges.get(earlierId)!;
      if (earlier.fingerprint !== fingerprint)
        return {
          status: 409,
          body: { error: 'reference_reused', message: 'This reference was already used for another charge.' },
          replayed: false,
        };
      this.replays.charge += 1;
      return { status: 200, body: this.view(earlier), replayed: true };
    }
    const created = this.now();
    const charge: Charge = {
      id: `chg_${randomBytes(8).toString('hex')}`,
      reference,
      status: 'pending',
      carrier,
      region: region as number,
      amount,
      currency,
      refunded_amount: 0,
      description,
      notify_url: notifyUrl,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + this.lapseAfterMs).toISOString(),
      decided_at: null,
      fingerprint,
      refunds: [],
    };
    this.charges.set(charge.id, charge);
    this.byReference.set(reference, charge.id);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.lapseIfDue(charge);
    }, this.lapseAfterMs + 5);
    timer.unref();
    this.timers.add(timer);
    return { status: 201, body: this.view(charge), replayed: false };
  }

  private refund(chargeId: string, key: string, body: unknown) {
    const fingerprint = fingerprintOf({ chargeId, body });
    const earlier = this.refunds.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint)
        return {
          answer: {
            status: 409,
            body: {
              approved: false,
              error_code: 'idempotency_key_reused',
              message: 'This Idempotency-Key was used for another refund.',
            },
          },
          replayed: false,
        };
      this.replays.refund += 1;
      return { answer: earlier.answer, replayed: true };
    }
    const decline = (status: number, error_code: string, message: string) => ({
      status,
      body: { approved: false, error_code, message, charge_id: chargeId },
    });
    const charge = this.charges.get(chargeId);
    let answer: Refund['answer'];
    if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
    if (
      body.amount !== undefined &&
      (typeof body.amount !== 'number' || !Number.isSafeInteger(body.amount) || body.amount <= 0)
    )
      throw invalid('amount must be a positive integer in minor units.');
    if (!charge) answer = decline(404, 'charge_not_found', 'No such charge.');
    else {
      this.lapseIfDue(charge);
      const left = charge.amount - charge.refunded_amount;
      const amount = (body.amount as number | undefined) ?? left;
      if (charge.status !== 'confirmed')
        answer = decline(
          422,
          `charge_${charge.status}`,
          `The charge is ${charge.status}; only a confirmed charge can be refunded.`,
        );
      else if (left === 0) answer = decline(422, 'charge_refunded', 'The charge is already refunded in full.');
      else if (amount > left)
        answer = decline(422, 'amount_exceeds_refundable', 'The refund is above what is left to refund.');
      else {
        charge.refunded_amount += amount;
        charge.refunds.push(key);
        answer = {
          status: 200,
          body: {
            approved: true,
            refund_id: `rf_${randomBytes(8).toString('hex')}`,
            charge_id: charge.id,
            amount,
            currency: charge.currency,
            refunded_amount: charge.refunded_amount,
            status: charge.status,
            message: 'Refund approved',
          },
        };
      }
    }
    this.refunds.set(key, {
      key,
      charge_id: chargeId,
      status: answer.body.approved === true ? 'succeeded' : 'declined',
      created_at: this.now().toISOString(),
      answer,
      fingerprint,
    });
    if (charge && answer.body.approved === true) this.notify(charge, 'charge.refunded', { refund: answer.body });
    return { answer, replayed: false };
  }

  private operation(key: string): { status: number; body: Record<string, unknown> } {
    const chargeId = this.byReference.get(key);
    if (chargeId) {
      const charge = this.charges.get(chargeId)!;
      const view = this.view(charge);
      return { status: 200, body: { kind: 'charge', key, status: view.status, charge: view } };
    }
    const refund = this.refunds.get(key);
    if (refund)
      return {
        status: 200,
        body: {
          kind: 'refund',
          key,
          status: refund.status,
          charge_id: refund.charge_id,
          created_at: refund.created_at,
          result: refund.answer.body,
        },
      };
    return {
      status: 404,
      body: { error: 'operation_not_found', message: 'No charge or refund was received with this reference.' },
    };
  }

  /** Sends one notification (in the background): signed, retried, or lost or repeated by a fault. */
  private notify(charge: Charge, type: string, extra: Record<string, unknown> = {}): void {
    const record: NotificationRecord = {
      id: `evt_${randomBytes(8).toString('hex')}`,
      type,
      charge_id: charge.id,
      url: charge.notify_url ?? this.options.notifyUrl ?? null,
      outcome: 'sending',
      copies: 1,
      attempts: [],
    };
    this.notifications.push(record);
    const fault = this.faults.take('notify');
    if (!record.url) {
      record.outcome = 'unaddressed';
      return;
    }
    if (fault?.mode === 'notification_lost') {
      record.outcome = 'lost';
      return;
    }
    if (fault?.mode === 'notification_repeated') record.copies = 2;
    const body = JSON.stringify({
      id: record.id,
      type,
      created_at: this.now().toISOString(),
      charge: this.view(charge),
      ...extra,
    });
    void (async () => {
      if (fault?.mode === 'latency') await sleep(fault.latency_ms ?? 0, undefined, { signal: this.closing });
      let delivered = false;
      for (let copy = 0; copy < record.copies; copy++) delivered = (await this.deliver(record, body)) || delivered;
      record.outcome = delivered ? 'delivered' : 'failed';
    })().catch(() => {
      if (record.outcome === 'sending') record.outcome = 'failed';
    });
  }

  private async deliver(record: NotificationRecord, body: string): Promise<boolean> {
    const attempts = this.options.notifyAttempts ?? 3;
    for (let attempt = 1; attempt <= attempts && !this.closing.aborted; attempt++) {
      if (attempt > 1) await sleep(this.options.notifyRetryMs ?? 1_000, undefined, { signal: this.closing });
      const at = this.now();
      try {
        const answer = await fetch(record.url!, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Paydesk-Operator-Simulator/1.0',
            [OPERATOR_SIGNATURE_HEADER]: signNotification(this.options.notificationSecret, body, at),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([this.closing, AbortSignal.timeout(this.options.notifyTimeoutMs ?? 5_000)]),
        });
        await answer.arrayBuffer().catch(() => undefined);
        record.attempts.push({ status: answer.status, at: at.toISOString() });
        if (answer.status >= 200 && answer.status < 300) return true;
      } catch (error) {
        record.attempts.push({ status: null, error: (error as Error).name, at: at.toISOString() });
      }
    }
    return false;
  }

  private stats(): Record<string, unknown> {
    const charges = Object.fromEntries(CHARGE_STATUSES.map((s) => [s, 0])) as Record<ChargeStatus, number>;
    for (const charge of this.charges.values()) {
      this.lapseIfDue(charge);
      charges[charge.status] += 1;
    }
    const refunds = { succeeded: 0, declined: 0, refunded_amount: 0 };
    for (const refund of this.refunds.values()) {
      refunds[refund.status] += 1;
      if (refund.status === 'succeeded') refunds.refunded_amount += refund.answer.body.amount as number;
    }
    const notifications: Record<NotificationRecord['outcome'], number> = {
      sending: 0,
      delivered: 0,
      failed: 0,
      lost: 0,
      unaddressed: 0,
    };
    for (const n of this.notifications) notifications[n.outcome] += 1;
    return {
      charges: { started: this.charges.size, ...charges },
      refunds,
      replayed: this.replays,
      notifications,
      faults_applied: this.faults.applied(),
      faults_pending: this.faults.list(),
    };
  }

  private page(res: ServerResponse, charge: Charge, status = 200, notice?: string) {
    this.lapseIfDue(charge);
    const what = `${escapeHtml(formatMinor(charge.amount, charge.currency))}${
      charge.description ? ` — ${escapeHtml(charge.description)}` : ''
    }`;
    const head = `<h1>${escapeHtml(charge.carrier)} billing</h1><p>Charge <strong>${what}</strong> to your phone bill?</p>`;
    const body =
      charge.status === 'pending'
        ? `${head}<form method="post"><button type="submit" name="decision" value="confirm">Confirm</button>` +
          `<button type="submit" name="decision" value="decline">Decline</button></form>`
        : `${head}<p id="status" data-status="${charge.status}">${escapeHtml(notice ?? `This charge is ${charge.status}.`)}</p>`;
    sendHtml(res, status, `${charge.carrier} billing`, body);
  }

  /** Answers a request under /operator. `authorized` checks the API key (the card side's). */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    segments: string[],
    authorized: (req: IncomingMessage) => boolean,
    log: (entry: OperatorLog) => void,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      sendJson(res, status, body, headers);
      log({ status });
    };
    const fail = (status: number, error: string, message: string) => send(status, { error, message });
    const found = route(method, segments);
    if (found === undefined) return fail(404, 'not_found', 'No such endpoint.');
    if (found === 'method-not-allowed') return fail(405, 'method_not_allowed', `${method} is not allowed here.`);

    if (found.kind === 'admin') {
      if (found.name === 'stats') return send(200, this.stats());
      if (found.name === 'notifications') {
        const chargeId = new URL(req.url ?? '/', 'http://simulator').searchParams.get('charge_id');
        return send(200, {
          notifications: this.notifications
            .filter((n) => chargeId === null || n.charge_id === chargeId)
            .map((n) => structuredClone(n)),
        });
      }
      if (method === 'GET') return send(200, { faults: this.faults.list() });
      if (method === 'DELETE') {
        this.faults.clear();
        return send(200, { faults: [] });
      }
      const parsed = parseRule(await readJson(req), OPERATOR_FAULT_MODES, OPERATOR_FAULT_PATHS);
      if (!parsed.ok) return fail(400, 'invalid_fault', parsed.message);
      const { mode, path } = parsed.rule;
      const forNotifications = mode === 'notification_lost' || mode === 'notification_repeated';
      if (forNotifications && path !== null && path !== 'notify')
        return fail(400, 'invalid_fault', `${mode} applies to notifications only (path "notify").`);
      if (path === 'notify' && !forNotifications && mode !== 'latency')
        return fail(400, 'invalid_fault', 'Only latency, notification_lost and notification_repeated apply to notify.');
      return send(201, { fault: this.faults.add(parsed.rule), faults: this.faults.list() });
    }

    if (found.kind === 'decide') {
      const charge = this.charges.get(found.id);
      if (!charge) return fail(404, 'charge_not_found', 'No such charge.');
      this.lapseIfDue(charge);
      const status = found.decision === 'confirm' ? 'confirmed' : found.decision === 'decline' ? 'declined' : 'lapsed';
      if (found.decision === 'lapse' && charge.status === 'pending') charge.expires_at = this.now().toISOString();
      const changed = this.decide(charge, status);
      return send(changed ? 200 : 409, {
        changed,
        ...(changed ? {} : { error: 'charge_not_pending', message: `The charge is ${charge.status}.` }),
        charge: this.view(charge),
      });
    }

    if (found.kind === 'page') {
      const charge = this.charges.get(found.id);
      if (!charge) {
        sendHtml(res, 404, 'Not found', '<h1>No such charge</h1>');
        return log({ status: 404 });
      }
      if (method === 'GET') {
        this.page(res, charge);
        return log({ status: 200 });
      }
      const decision = new URLSearchParams(await readText(req)).get('decision');
      if (decision !== 'confirm' && decision !== 'decline') {
        this.page(res, charge, 400, 'Choose Confirm or Decline.');
        return log({ status: 400 });
      }
      const changed = this.decide(charge, decision === 'confirm' ? 'confirmed' : 'declined');
      const notice = changed
        ? charge.status === 'confirmed'
          ? 'Thank you: the charge is confirmed and will appear on your phone bill.'
          : charge.status === 'declined'
            ? 'The charge is declined: nothing will be billed.'
            : 'This charge has lapsed: nothing will be billed.'
        : `This charge is already ${charge.status}.`;
      this.page(res, charge, changed ? 200 : 409, notice);
      return log({ status: changed ? 200 : 409 });
    }

    if (!authorized(req)) return fail(401, 'unauthorized', 'Send Authorization: Bearer <api key>.');
    let key = '';
    if (found.kind === 'refund') {
      const header = req.headers['idempotency-key'];
      key = typeof header === 'string' ? header.trim() : '';
      if (key === '' || key.length > 255)
        return fail(400, 'idempotency_key_required', 'Send an Idempotency-Key header of 1 to 255 characters.');
    }
    const body = method === 'POST' ? await readJson(req) : undefined;

    const fault = this.faults.take(found.kind === 'start' ? 'charge' : found.kind === 'refund' ? 'refund' : 'status');
    if (fault) log({ fault: fault.mode });
    switch (fault?.mode) {
      case 'latency':
        await sleep(fault.latency_ms ?? 0, undefined, { signal: this.closing });
        break;
      case 'timeout':
        log({ status: 'held' });
        return;
      case 'reset':
        log({ status: 'reset' });
        req.socket.destroy();
        return;
      case 'http500':
        return fail(500, 'internal_error', 'Simulated server error.');
    }

    let answer: { status: number; body: Record<string, unknown> };
    let replayed = false;
    switch (found.kind) {
      case 'start':
        ({ replayed, ...answer } = this.start(body));
        break;
      case 'refund':
        ({ answer, replayed } = this.refund(found.id, key, body));
        break;
      case 'charge': {
        const charge = this.charges.get(found.id);
        answer = charge
          ? { status: 200, body: this.view(charge) }
          : { status: 404, body: { error: 'charge_not_found', message: 'No such charge.' } };
        break;
      }
      case 'operation':
        answer = this.operation(found.key);
        break;
    }
    if (fault?.mode === 'succeed_then_error') return fail(500, 'internal_error', 'Simulated server error.');
    if (replayed) log({ replayed });
    send(answer.status, answer.body, replayed ? { 'idempotent-replayed': 'true' } : {});
  }
}

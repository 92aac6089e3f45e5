import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultQueue, parseFault, type FaultMode } from './faults.ts';
import { BadRequest, readJson, segmentsOf } from './http.ts';
import { Operator, type OperatorOptions } from './operator.ts';
import { GatewayStore, transactionView, type Answer, type OperationKind } from './store.ts';

/**
 * The card gateway simulator over HTTP: JSON in and out, `Authorization: Bearer <api key>` on `/v1`, an
 * `Idempotency-Key` on every operation, and unauthenticated admin endpoints (`/_faults`, `/_stats`,
 * `/_reset`) to inject faults and read what ran. The README's "Gateway simulator" section is its manual.
 */

export interface SimulatorLogEntry {
  method: string;
  /** The path only: no query, no body — request bodies may hold card numbers and are never logged. */
  path: string;
  /** The HTTP status answered, or what happened instead. */
  status: number | 'reset' | 'held' | 'aborted';
  duration_ms: number;
  fault?: FaultMode | string;
  replayed?: boolean;
}

export interface SimulatorOptions {
  /** The API key clients must send as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** One call per request answered. */
  log?: (entry: SimulatorLogEntry) => void;
  now?: () => Date;
  /** The mobile operator side under /operator (carrier billing), with the same API key. */
  operator?: Partial<OperatorOptions>;
}

/** The notification secret the operator side signs with when none is given. */
export const DEFAULT_NOTIFICATION_SECRET = 'operator-notification-secret';

export interface Simulator {
  readonly server: Server;
  /** The operator side (carrier billing). */
  readonly operator: Operator;
  /** Starts listening (port 0 picks a free one) and resolves to the base URL, e.g. http://127.0.0.1:4010. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops: drops every connection (held ones too) and waits for the server to close. */
  close(): Promise<void>;
}

const MAX_KEY_LENGTH = 255;

type Route =
  | { kind: 'operation'; action: OperationKind; transactionId: string | null }
  | { kind: 'operation-lookup'; key: string }
  | { kind: 'transaction-lookup'; id: string }
  | { kind: 'admin'; name: 'faults' | 'stats' | 'reset' | 'health' };

function route(method: string, segments: string[]): Route | 'method-not-allowed' | undefined {
  const want = (allowed: string, found: Route) => (method === allowed ? found : 'method-not-allowed');
  const [first, second, third, fourth] = segments;
  if (first === '_faults' && segments.length === 1)
    return ['GET', 'POST', 'DELETE'].includes(method) ? { kind: 'admin', name: 'faults' } : 'method-not-allowed';
  if (first === '_stats' && segments.length === 1) return want('GET', { kind: 'admin', name: 'stats' });
  if (first === '_reset' && segments.length === 1) return want('POST', { kind: 'admin', name: 'reset' });
  if (first === 'healthz' && segments.length === 1) return want('GET', { kind: 'admin', name: 'health' });
  if (first !== 'v1') return undefined;
  if ((second === 'authorize' || second === 'purchase') && segments.length === 2)
    return want('POST', { kind: 'operation', action: second, transactionId: null });
  if (second === 'operations' && third && segments.length === 3)
    return want('GET', { kind: 'operation-lookup', key: third });
  if (second === 'transactions' && third) {
    if (segments.length === 3) return want('GET', { kind: 'transaction-lookup', id: third });
    if (segments.length === 4 && (fourth === 'capture' || fourth === 'void' || fourth === 'refund')) {
      return want('POST', { kind: 'operation', action: fourth, transactionId: third });
    }
  }
  return undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createSimulator(options: SimulatorOptions): Simulator {
  if (!options.apiKey) throw new Error('The gateway simulator needs a non-empty API key.');
  const apiKey = digest(options.apiKey);
  const store = new GatewayStore(options.now);
  const faults = new FaultQueue();
  const closing = new AbortController();
  let baseUrl = '';
  const operator = new Operator(
    { ...options.operator, notificationSecret: options.operator?.notificationSecret || DEFAULT_NOTIFICATION_SECRET },
    () => baseUrl,
    closing.signal,
    options.now,
  );

  function authorized(req: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return match !== null && timingSafeEqual(digest(match[1]!), apiKey);
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    log: (entry: Partial<SimulatorLogEntry>) => void,
  ): Promise<void> {
    const send = (answer: Answer, headers: Record<string, string> = {}) => {
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(answer.body));
      log({ status: answer.status });
    };
    const fail = (status: number, error: string, message: string) => send({ status, body: { error, message } });

    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const segments = segmentsOf(path);
    if (segments?.[0] === 'operator') return operator.handle(req, res, segments, authorized, log);
    const found = segments && route(method, segments);
    if (found === undefined) return fail(404, 'not_found', 'No such endpoint.');
    if (found === 'method-not-allowed') return fail(405, 'method_not_allowed', `${method} is not allowed here.`);
    const body = method === 'POST' ? await readJson(req) : undefined;

    if (found.kind === 'admin') {
      switch (found.name) {
        case 'health':
          return send({ status: 200, body: { ok: true } });
        case 'stats':
          return send({
            status: 200,
            body: { ...store.stats(), faults_applied: faults.applied(), faults_pending: faults.list() },
          });
        case 'reset':
          store.reset();
          faults.reset();
          operator.reset();
          return send({ status: 200, body: { reset: true } });
        case 'faults':
          if (method === 'GET') return send({ status: 200, body: { faults: faults.list() } });
          if (method === 'DELETE') {
            faults.clear();
            return send({ status: 200, body: { faults: [] } });
          }
          {
            const parsed = parseFault(body);
            if (!parsed.ok) return fail(400, 'invalid_fault', parsed.message);
            return send({ status: 201, body: { fault: faults.add(parsed.rule), faults: faults.list() } });
          }
      }
    }

    if (!authorized(req)) return fail(401, 'unauthorized', 'Send Authorization: Bearer <api key>.');
    let key: string | undefined;
    if (found.kind === 'operation') {
      const header = req.headers['idempotency-key'];
      key = typeof header === 'string' ? header.trim() : '';
      if (key === '' || key.length > MAX_KEY_LENGTH)
        return fail(
          400,
          'idempotency_key_required',
          `Send an Idempotency-Key header of 1 to ${MAX_KEY_LENGTH} characters.`,
        );
    }

    const fault = faults.take(found.kind === 'operation' ? found.action : 'retrieve');
    if (fault) log({ fault: fault.mode });
    switch (fault?.mode) {
      case 'latency':
        await sleep(fault.latency_ms ?? 0, undefined, { signal: closing.signal });
        break;
      case 'timeout':
        // Hold the request: no answer, nothing run. The client gives up (or the simulator closes).
        log({ status: 'held' });
        return;
      case 'reset':
        log({ status: 'reset' });
        req.socket.destroy();
        return;
      case 'http500':
        return fail(500, 'internal_error', 'Simulated server error.');
    }

    let answer: Answer;
    let replayed = false;
    if (found.kind === 'operation' && pastDeadline(req.headers['request-deadline'])) {
      // The caller said it would stop waiting by then: an operation that reaches its turn later runs nothing,
      // so that "not received" stays true for whoever asks after the deadline.
      return send({
        status: 504,
        body: {
          approved: false,
          error_code: 'deadline_exceeded',
          message: 'The request reached its deadline; nothing ran.',
        },
      });
    }
    switch (found.kind) {
      case 'operation':
        ({ answer, replayed } = store.run(found.action, key!, body, found.transactionId));
        break;
      case 'operation-lookup': {
        const operation = store.operation(found.key);
        answer = operation
          ? {
              status: 200,
              body: {
                key: operation.key,
                action: operation.action,
                status: operation.status,
                transaction_id: operation.transaction_id,
                created_at: operation.created_at,
                result: operation.answer.body,
              },
            }
          : {
              status: 404,
              body: { error: 'operation_not_found', message: 'No operation was received with this Idempotency-Key.' },
            };
        break;
      }
      case 'transaction-lookup': {
        const transaction = store.transaction(found.id);
        answer = transaction
          ? { status: 200, body: transactionView(transaction) }
          : { status: 404, body: { error: 'transaction_not_found', message: 'No such transaction.' } };
        break;
      }
    }
    if (fault?.mode === 'succeed_then_error') return fail(500, 'internal_error', 'Simulated server error.');
    if (replayed) log({ replayed });
    send(answer, replayed ? { 'idempotent-replayed': 'true' } : {});
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const entry: SimulatorLogEntry = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://simulator').pathname,
      status: 'aborted',
      duration_ms: 0,
    };
    let held = false;
    const log = (update: Partial<SimulatorLogEntry>) => {
      Object.assign(entry, update);
      if (update.status === 'held') held = true;
    };
    const finish = () => {
      entry.duration_ms = Math.round(performance.now() - started);
      if (held) entry.status = 'aborted';
      options.log?.(entry);
    };
    res.on('close', finish);
    handle(req, res, log).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      if (error instanceof BadRequest) {
        res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: error.code, message: error.message }));
        log({ status: error.status });
        return;
      }
      // A bug in the simulator: say so without details (which could hold request data).
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'simulator_error', message: 'The simulator failed to handle this request.' }));
      }
      log({ status: 500 });
    });
  });

  return {
    server,
    operator,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          baseUrl = `http://${shown}:${address.port}`;
          resolve(baseUrl);
        });
      });
    },
    close() {
      closing.abort();
      operator.close();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** A `Request-Deadline` (ISO 8601) that has passed; a header that is not a date counts as none. */
function pastDeadline(header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const deadline = Date.parse(header);
  return Number.isFinite(deadline) && Date.now() > deadline;
}

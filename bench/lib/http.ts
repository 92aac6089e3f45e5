import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { containsCardNumber } from '../../packages/domain/src/card-data.ts';

export const BENCH_EMAIL = 'bench@paydesk.test';
export const BENCH_PASSWORD = 'bench-password-0123456789';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
  ms: number;
}

/**
 * One keep-alive connection per client, as a browser keeps one: node:http rather than fetch, whose own CPU
 * (about 1 ms a request here) would be taken from the BFF and PostgreSQL on a 2-core machine.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** A signed-in staff session, as the console holds one: the session cookie, and the CSRF token on writes. */
export class Client {
  private cookie = '';
  private csrf = '';

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const started = performance.now();
    const response = await send(
      new URL(this.baseUrl + path),
      method,
      {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body === undefined ? undefined : JSON.stringify(body),
    );
    // Timed to the last byte of the body, as a browser waits for it.
    const text = response.text;
    const ms = performance.now() - started;
    const setCookie = response.headers['set-cookie']?.[0];
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed as T, headers: response.headers, ms };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  /** A command as the console sends it: with an Idempotency-Key. */
  command<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body, { 'idempotency-key': commandKey() });
  }

  async login(email = BENCH_EMAIL, password = BENCH_PASSWORD): Promise<this> {
    const answer = await this.request('POST', '/api/auth/login', { email, password });
    if (answer.status !== 200) throw new Error(`Sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.csrf = answer.body.csrf_token;
    return this;
  }

  get sessionCookie(): string {
    return this.cookie;
  }
}

/** react-admin's list URL: `/api/<resource>?sort=...&range=...&filter=...`. */
export function listPath(
  resource: string,
  params: { sort?: [string, string]; range?: [number, number]; filter?: Record<string, unknown> },
): string {
  const search = new URLSearchParams();
  if (params.sort) search.set('sort', JSON.stringify(params.sort));
  if (params.range) search.set('range', JSON.stringify(params.range));
  if (params.filter) search.set('filter', JSON.stringify(params.filter));
  return `/api/${resource}?${search}`;
}

export async function loginClients(baseUrl: string, count: number): Promise<Client[]> {
  const clients: Client[] = [];
  // One after another: each sign-in hashes a password (argon2id), and the login limiter counts them.
  for (let i = 0; i < count; i++) clients.push(await new Client(baseUrl).login());
  return clients;
}

/** A random Idempotency-Key, as the console makes one: a UUID whose digits hold no card number (the BFF refuses those). */
export function commandKey(): string {
  let key = randomUUID();
  while (containsCardNumber(key)) key = randomUUID();
  return key;
}

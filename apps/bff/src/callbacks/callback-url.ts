import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { callbackUrlSyntaxProblem, type CallbackUrlSyntaxProblem } from '@paydesk/domain';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to all its addresses (node's `dns.lookup` with `all: true`). */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );

export const PRIVATE_ADDRESS = 'Must not point at a loopback or private address.';

const SYNTAX_PROBLEMS: Record<CallbackUrlSyntaxProblem, string> = {
  not_absolute: 'Must be an absolute http(s) URL.',
  not_http: 'Must be an http(s) URL.',
  credentials: 'Must not carry credentials.',
  private: PRIVATE_ADDRESS,
};

/** The IPv4-compatible (`::a.b.c.d`) and other reserved addresses of ::/8, which ipaddr.js calls unicast. */
const RESERVED_V6 = ipaddr.parseCIDR('::/8');

/**
 * Whether an address is on the public internet. Only ipaddr.js's `unicast` range passes: loopback, private,
 * link-local, site-local, multicast, carrier-grade NAT, documentation and reserved ranges do not, nor any
 * IPv6 spelling that carries an IPv4 address (mapped `::ffff:…`, translated `::ffff:0:…`, NAT64 `64:ff9b::…`,
 * 6to4 `2002::…`, Teredo, IPv4-compatible `::a.b.c.d`).
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/%.*$/, ''));
  } catch {
    return false;
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
    if (v6.match(RESERVED_V6)) return false;
  }
  return parsed.range() === 'unicast';
}

/**
 * Why a callback URL is refused, or null when it may be used. Only http(s); no loopback or private
 * addresses unless allowed. With `resolve` the host name's addresses are checked too; without it (at intake)
 * only what the URL itself says is. Delivery checks again the address it actually connects to
 * (`postCallback`), so a name that resolves differently later (DNS rebinding) is refused then.
 */
export async function callbackUrlProblem(
  raw: string,
  allowPrivate: boolean,
  resolve = true,
  resolver: Resolver = systemResolver,
): Promise<string | null> {
  const problem = callbackUrlSyntaxProblem(raw, allowPrivate);
  if (problem) return SYNTAX_PROBLEMS[problem];
  if (allowPrivate) return null;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (!resolve && !isIP(host)) return null;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolver(host);
  } catch {
    return 'The host name does not resolve.';
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) return PRIVATE_ADDRESS;
  return null;
}

class RefusedAddress extends Error {
  readonly code = 'ERR_PAYDESK_PRIVATE_ADDRESS';
}

/**
 * A socket `lookup` that resolves once and, unless private addresses are allowed, refuses unless every
 * address is public: what is checked is what is connected to.
 */
export function guardedLookup(resolver: Resolver, allowPrivate = false): LookupFunction {
  return (host, options, callback) => {
    resolver(host).then(
      (addresses) => {
        if (addresses.length === 0 || (!allowPrivate && !addresses.every(isPublicAddress))) {
          callback(new RefusedAddress(PRIVATE_ADDRESS), '', 4);
          return;
        }
        const family = options.family === 6 ? 6 : options.family === 4 ? 4 : 0;
        const usable = family ? addresses.filter((a) => isIP(a) === family) : addresses;
        if (options.all) {
          callback(null, usable.map((address) => ({ address, family: isIP(address) })) as never, undefined as never);
        } else {
          const address = usable[0] ?? addresses[0]!;
          callback(null, address, isIP(address));
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

export interface CallbackRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolver?: Resolver;
}

/**
 * POSTs a callback and returns the receiver's status (redirects are not followed). Unless private addresses
 * are allowed, the host name is resolved once, every address checked, and the connection made to a checked
 * address (TLS still verifies the host name); an IP literal is checked as written.
 * Fails with 'Timed out', 'Could not connect' or PRIVATE_ADDRESS.
 */
export async function postCallback(raw: string, request: CallbackRequest): Promise<number> {
  const problem = await callbackUrlProblem(raw, request.allowPrivate, false);
  if (problem) throw new Error(problem);
  const url = new URL(raw);
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent: false,
        lookup: guardedLookup(request.resolver ?? systemResolver, request.allowPrivate),
      },
      (response) => {
        clearTimeout(timer);
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error('Timed out'), { timedOut: true })),
      request.timeoutMs,
    );
    req.on('error', (error: Error & { timedOut?: boolean; code?: string }) => {
      clearTimeout(timer);
      if (error.timedOut) reject(new Error('Timed out'));
      else if (error.code === 'ERR_PAYDESK_PRIVATE_ADDRESS') reject(new Error(PRIVATE_ADDRESS));
      else reject(new Error('Could not connect'));
    });
    req.end(request.body);
  });
}

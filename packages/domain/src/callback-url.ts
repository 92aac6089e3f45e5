/**
 * What a callback or alert webhook URL's spelling alone says against it (the BFF's callback-url.ts checks the
 * addresses it resolves to as well, and again at delivery): one check for the BFF and the console.
 * - `not_absolute`: not an absolute URL;
 * - `not_http`: not http or https;
 * - `credentials`: a user name or password in it;
 * - `private`: `localhost` or one of its names, or an IP address of loopback and private IPv4 ranges
 *   (the BFF's address check refuses the rest of the ranges).
 */
export type CallbackUrlSyntaxProblem = 'not_absolute' | 'not_http' | 'credentials' | 'private';

/** Loopback, private, link-local, carrier-grade NAT and "this network" IPv4 ranges, as [first octets…]. */
function isPrivateIPv4(host: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return false;
  const [a, b] = [Number(match[1]), Number(match[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

export function callbackUrlSyntaxProblem(raw: string, allowPrivate = false): CallbackUrlSyntaxProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not_absolute';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not_http';
  if (url.username || url.password) return 'credentials';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || isPrivateIPv4(host)) return 'private';
  return null;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header an operator signs its notifications in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const OPERATOR_SIGNATURE_HEADER = 'operator-signature';
/** A signature older (or newer) than this is refused: a captured notification cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Whether `header` signs `rawBody` with `secret`, recently: the HMAC is computed over the bytes as they arrived
 * and compared in constant time. Several `v1` values (a secret being rotated) pass if any matches.
 */
export function verifyOperatorSignature(
  secret: string,
  header: string | undefined,
  rawBody: Buffer,
  now: Date = new Date(),
): boolean {
  if (!header || header.length > 1_000) return false;
  let t: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't') t = value;
    else if (name === 'v1') signatures.push(value);
  }
  if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${t}.`), rawBody]))
    .digest();
  let valid = false;
  for (const signature of signatures) {
    if (!/^[0-9a-f]{64}$/i.test(signature)) continue;
    if (timingSafeEqual(Buffer.from(signature, 'hex'), expected)) valid = true;
  }
  return valid;
}

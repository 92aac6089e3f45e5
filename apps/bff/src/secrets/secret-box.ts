import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for the secrets Paydesk keeps (a payment method's gateway credentials). A sealed value is one
 * string, `pdsec:v1:<key id>:<base64url of iv ‖ ciphertext ‖ tag>`: the key id (the first 8 hex digits of the
 * key's SHA-256) says which key sealed it, so a value sealed under an earlier key is still opened after a
 * rotation, and one sealed under an unknown key is refused rather than mistaken for garbage. The associated
 * data (where the value is kept, e.g. the preference's name) is authenticated: a sealed value copied to
 * another field does not open there.
 */

const PREFIX = 'pdsec:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^pdsec:v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;

/** The key `pnpm start` uses when PAYDESK_SECRETS_KEY is unset outside production. Not a secret. */
export const DEVELOPMENT_KEY = createHash('sha256').update('paydesk development secrets key (not secret)').digest();

/** Why a sealed value cannot be opened: its key is not configured, or it was tampered with. */
export class SecretUnreadableError extends Error {
  constructor(readonly reason: 'unknown_key' | 'tampered' | 'malformed') {
    super(
      reason === 'unknown_key'
        ? 'This secret was sealed under a key that is not configured (PAYDESK_SECRETS_KEY or PAYDESK_SECRETS_PREVIOUS_KEYS).'
        : reason === 'tampered'
          ? 'This secret does not open under its key: it was altered, or moved from where it was sealed.'
          : 'This is not a sealed secret.',
    );
    this.name = 'SecretUnreadableError';
  }
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && SEALED.test(value);

export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

export class SecretBox {
  /** The key id that seals; every configured key opens. */
  readonly keyId: string;
  private readonly keys: Map<string, Buffer>;

  /** `key` seals and opens; `previous` keys only open (values sealed before a rotation). */
  constructor(
    private readonly key: Buffer,
    previous: Buffer[] = [],
    /** True when this is the development key: the server warns that secrets are not really protected. */
    readonly development = false,
  ) {
    for (const k of [key, ...previous]) if (k.length !== 32) throw new Error('A secrets key is 32 bytes (AES-256).');
    this.keyId = keyId(key);
    this.keys = new Map([...previous.map((k) => [keyId(k), k] as const), [this.keyId, key]]);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${this.keyId}:${body.toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const match = SEALED.exec(sealed);
    if (!match) throw new SecretUnreadableError('malformed');
    const key = this.keys.get(match[1]!);
    if (!key) throw new SecretUnreadableError('unknown_key');
    const body = Buffer.from(match[2]!, 'base64url');
    if (body.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError('malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretUnreadableError('tampered');
    }
  }

  /** Sealed under a key other than the current one: to be sealed again (after a rotation). */
  isStale(sealed: string): boolean {
    return SEALED.exec(sealed)?.[1] !== this.keyId;
  }
}

/**
 * A 32-byte key from its text: 64 hex digits or base64 (`openssl rand -base64 32`). The variable's name is
 * in the error, never the value.
 */
export function parseSecretsKey(value: string, name: string): Buffer {
  const text = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
      ? Buffer.from(text, 'base64')
      : Buffer.alloc(0);
  if (key.length !== 32)
    throw new Error(`${name} must be 32 random bytes, as 64 hex digits or base64 (openssl rand -base64 32).`);
  return key;
}

/**
 * The secret box from the environment: PAYDESK_SECRETS_KEY seals and opens, PAYDESK_SECRETS_PREVIOUS_KEYS
 * (comma-separated) only open. Unset, a development key is used, except in production (NODE_ENV=production),
 * where Paydesk refuses to start rather than keep gateway credentials under a key that is in its source.
 */
export function secretBoxFromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox {
  const previous = (env.PAYDESK_SECRETS_PREVIOUS_KEYS ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => parseSecretsKey(part, 'PAYDESK_SECRETS_PREVIOUS_KEYS'));
  const value = env.PAYDESK_SECRETS_KEY;
  if (value !== undefined && value !== '')
    return new SecretBox(parseSecretsKey(value, 'PAYDESK_SECRETS_KEY'), previous);
  if (env.NODE_ENV === 'production')
    throw new Error(
      'PAYDESK_SECRETS_KEY is required in production: 32 random bytes (openssl rand -base64 32) that encrypt the payment methods’ gateway credentials.',
    );
  return new SecretBox(DEVELOPMENT_KEY, previous, true);
}

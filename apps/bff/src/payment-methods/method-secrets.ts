import { isConfiguredSecret, isSecretPreference, type ConfiguredSecret } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { isSealed, type SecretBox, SecretUnreadableError } from '../secrets/secret-box.ts';
import { listPaymentMethodPreferences, replacePaymentMethodPreferences } from './payment-methods.repository.ts';

/**
 * A payment method's gateway credentials (Stripe's secret_key and webhook_secret, the sandbox's and the
 * carrier's api_key, the carrier's notification_secret…) are preferences whose names say they are secrets.
 * Stored, each is `{"sealed": "pdsec:v1:…", "hint": "sk_test_…4242"}`: AES-256-GCM under PAYDESK_SECRETS_KEY,
 * and at most its kind and last four in the clear. On the wire each is `{"configured": true, "hint": …}`;
 * only the gateway adapters see the value (`openPreferences`).
 */

/** What older clients sent back for a secret they were shown masked: keeps the stored value. */
export const MASKED = '********';

export interface StoredSecret {
  sealed: string;
  hint: string | null;
}

const isStoredSecret = (value: unknown): value is StoredSecret =>
  typeof value === 'object' &&
  value !== null &&
  isSealed((value as StoredSecret).sealed) &&
  ((value as StoredSecret).hint === null || typeof (value as StoredSecret).hint === 'string');

/** The associated data a preference's secret is sealed with: it opens under its own name only. */
const context = (name: string) => `payment_methods.preferences.${name}`;

/**
 * Enough to recognise a key without revealing it: its kind prefix (`sk_test_`, `whsec_`) and last four, for a
 * secret of at least 16 characters; nothing for a shorter one (four characters would be a quarter of it).
 */
export function hintOf(secret: string): string | null {
  if (secret.length < 16) return null;
  const prefix = /^[a-z]{2,6}_(?:(?:test|live)_)?/i.exec(secret)?.[0] ?? '';
  return `${prefix}…${secret.slice(-4)}`;
}

/**
 * The preferences to store from those a client sent, sealing each secret given as text. On an update
 * (`current`, the stored preferences): a secret left out, sent back as read (`{configured: true}`) or as the
 * old mask keeps its stored value; `null` or `""` removes it; text replaces it. Other preferences are as sent.
 * A secret that is not text is refused with 400.
 */
export function sealPreferences(
  box: SecretBox,
  input: Record<string, unknown>,
  current: Record<string, unknown> = {},
): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const [name, value] of Object.entries(current)) {
    if (isSecretPreference(name) && !(name in input)) stored[name] = value;
  }
  for (const [name, value] of Object.entries(input)) {
    if (!isSecretPreference(name)) {
      stored[name] = value;
    } else if (value === null || value === '') {
      // removed
    } else if (value === MASKED || isConfiguredSecret(value)) {
      if (name in current) stored[name] = current[name];
    } else if (typeof value === 'string') {
      stored[name] = { sealed: box.seal(value, context(name)), hint: hintOf(value) } satisfies StoredSecret;
    } else {
      problems[`preferences.${name}`] = 'A secret is text (or null to remove it).';
    }
  }
  if (Object.keys(problems).length > 0) throw new AppError('InvalidArgument', problems);
  return stored;
}

/** The preferences as the API shows them: each secret as `{configured: true, hint}`, never its value. */
export function preferencesToWire(stored: Record<string, unknown> | null): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stored ?? {}).map(([name, value]) => {
      if (!isSecretPreference(name)) return [name, value];
      const hint = isStoredSecret(value) ? value.hint : typeof value === 'string' ? hintOf(value) : null;
      return [name, { configured: true, hint } satisfies ConfiguredSecret];
    }),
  );
}

/**
 * The preferences with their secrets opened, for a gateway adapter, and for nothing else. A secret that does
 * not open (sealed under a key that is not configured) refuses the operation with 409 and says what to do.
 * A secret stored in the clear (written before secrets were sealed, and not yet sealed at start-up) is used
 * as it is.
 */
export function openPreferences(box: SecretBox, stored: Record<string, unknown>): Record<string, unknown> {
  const opened: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(stored ?? {})) {
    if (!isSecretPreference(name) || !isStoredSecret(value)) {
      opened[name] = value;
      continue;
    }
    try {
      opened[name] = box.open(value.sealed, context(name));
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      throw new AppError(
        'InvalidState',
        `This payment method's ${name} cannot be read: ${error.message} Set it again on the payment method.`,
      );
    }
  }
  return opened;
}

/**
 * The preferences sealed again where they need it: a secret still in the clear, or sealed under a previous
 * key (after a rotation). Null when nothing changes; a secret that does not open is left as it is.
 */
export function resealPreferences(box: SecretBox, stored: Record<string, unknown>): Record<string, unknown> | null {
  let changed = false;
  const out: Record<string, unknown> = { ...stored };
  for (const [name, value] of Object.entries(stored ?? {})) {
    if (!isSecretPreference(name)) continue;
    if (typeof value === 'string' && value !== '' && value !== MASKED) {
      out[name] = { sealed: box.seal(value, context(name)), hint: hintOf(value) } satisfies StoredSecret;
      changed = true;
    } else if (isStoredSecret(value) && box.isStale(value.sealed)) {
      try {
        out[name] = { sealed: box.seal(box.open(value.sealed, context(name)), context(name)), hint: value.hint };
        changed = true;
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
      }
    }
  }
  return changed ? out : null;
}

/**
 * Seals every secret still stored in the clear, and seals again under the current key those sealed under a
 * previous one; run at start-up. Returns how many methods changed.
 */
export async function resealStoredSecrets(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const row of await listPaymentMethodPreferences(db)) {
    const resealed = resealPreferences(box, row.preferences ?? {});
    if (resealed && (await replacePaymentMethodPreferences(db, row.id, row.preferences ?? {}, resealed))) changed++;
  }
  return changed;
}

/**
 * What a write did to the method's secrets, by name only, for its audit event: `secret_key set`,
 * `webhook_secret replaced`, `api_key removed`; null when no secret changed.
 */
export function secretChanges(before: Record<string, unknown>, after: Record<string, unknown>): string | null {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(isSecretPreference).sort();
  const changes: string[] = [];
  for (const name of names) {
    const was = before[name];
    const is = after[name];
    if (was === undefined && is !== undefined) changes.push(`${name} set`);
    else if (was !== undefined && is === undefined) changes.push(`${name} removed`);
    else if (JSON.stringify(was) !== JSON.stringify(is)) changes.push(`${name} replaced`);
  }
  return changes.length > 0 ? `Secrets: ${changes.join(', ')}.` : null;
}

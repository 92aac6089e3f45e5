import type { PaymentMethod } from '../types.ts';
import { SECRET_CHANGES } from './SecretInputs.tsx';

/** What staff may change on a payment method. */
export const EDITABLE_FIELDS = [
  'name',
  'description',
  'type',
  'active',
  'available_to_users',
  'available_to_admin',
  'auto_capture',
] as const satisfies readonly (keyof PaymentMethod)[];

export type PaymentMethodInput = Pick<PaymentMethod, (typeof EDITABLE_FIELDS)[number] | 'preferences'>;

/**
 * The body of POST / PUT: the editable fields, and `preferences` sent back as read — the PUT replaces the
 * whole method (a missing `preferences` would reset the adapter's configuration), and a secret sent back as
 * read (`{configured: true, hint}`) keeps its stored value — with each secret typed into its write-only field
 * in place of what was read. A secret field left empty sends nothing. Never id or timestamps.
 */
export function pickEditable(data: Partial<PaymentMethod> & { [SECRET_CHANGES]?: Record<string, unknown> }) {
  const out: Record<string, unknown> = {};
  for (const field of [...EDITABLE_FIELDS, 'preferences'] as const) {
    if (data[field] !== undefined) out[field] = data[field];
  }
  const typed = Object.entries(data[SECRET_CHANGES] ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
  );
  if (typed.length > 0) {
    out.preferences = {
      ...((data.preferences ?? {}) as Record<string, unknown>),
      ...Object.fromEntries(typed.map(([name, value]) => [name, value.trim()])),
    };
  }
  return out as Partial<PaymentMethodInput>;
}

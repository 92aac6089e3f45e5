import type { PaymentMethod } from '../types.ts';

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
 * The body of POST / PUT: the editable fields, and `preferences` sent back exactly as read. They are not
 * edited in the UI, but the PUT replaces the whole method (a missing `preferences` would reset the adapter's
 * configuration); masked secrets ("********") sent back unchanged keep their stored value.
 * Never id or timestamps.
 */
export function pickEditable(data: Partial<PaymentMethod>): Partial<PaymentMethodInput> {
  const out: Record<string, unknown> = {};
  for (const field of [...EDITABLE_FIELDS, 'preferences'] as const) {
    if (data[field] !== undefined) out[field] = data[field];
  }
  return out as Partial<PaymentMethodInput>;
}

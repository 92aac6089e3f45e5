import type { Db } from '../db/database.ts';
import type { PaymentRow } from '../db/schema.ts';

/** What a payment may share with another: the customer's email, the card (last four, brand, expiry), the IP address. */
export const RELATED_KINDS = ['email', 'card', 'ip'] as const;
export type RelatedKind = (typeof RELATED_KINDS)[number];

/** At most this many payments of each kind, newest first. */
export const RELATED_LIMIT = 20;

/** The payment the others are compared with: what it may share. */
export type RelatedSubject = Pick<
  PaymentRow,
  'id' | 'billing_email' | 'card_last4' | 'card_brand' | 'card_exp_month' | 'card_exp_year' | 'customer_ip_address'
>;

export type RelatedPaymentRow = Pick<
  PaymentRow,
  | 'id'
  | 'identifier'
  | 'order_id'
  | 'status'
  | 'fraud_status'
  | 'currency'
  | 'total'
  | 'billing_email'
  | 'card_brand'
  | 'card_last4'
  | 'card_exp_month'
  | 'card_exp_year'
  | 'customer_ip_address'
  | 'created_at'
>;

export function findRelatedSubject(db: Db, id: number): Promise<RelatedSubject | undefined> {
  return db
    .selectFrom('payments')
    .select([
      'id',
      'billing_email',
      'card_last4',
      'card_brand',
      'card_exp_month',
      'card_exp_year',
      'customer_ip_address',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

function selectOthers(db: Db, subject: RelatedSubject, limit: number) {
  return db
    .selectFrom('payments')
    .select([
      'id',
      'identifier',
      'order_id',
      'status',
      'fraud_status',
      'currency',
      'total',
      'billing_email',
      'card_brand',
      'card_last4',
      'card_exp_month',
      'card_exp_year',
      'customer_ip_address',
      'created_at',
    ])
    .where('id', '<>', subject.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
}

/**
 * The other payments that share `kind` with the subject, newest first, at most `limit` (null: the subject has
 * nothing of that kind to share). Each is one index range read in order: the email through
 * payments_billing_email_idx (`lower(billing_email)`), the card through payments_card_idx (last four, brand,
 * expiry, then created_at) — brand and expiry compared when the subject has them —, the address through
 * payments_customer_ip_idx.
 */
export async function paymentsSharing(
  db: Db,
  subject: RelatedSubject,
  kind: RelatedKind,
  limit: number,
): Promise<RelatedPaymentRow[] | null> {
  const others = selectOthers(db, subject, limit);
  if (kind === 'email') {
    const email = subject.billing_email.trim().toLowerCase();
    if (email === '') return null;
    return others.where((eb) => eb(eb.fn('lower', ['billing_email']), '=', email)).execute();
  }
  if (kind === 'ip') {
    if (subject.customer_ip_address === null) return null;
    return others.where('customer_ip_address', '=', subject.customer_ip_address).execute();
  }
  if (subject.card_last4 === null) return null;
  let sameCard = others.where('card_last4', '=', subject.card_last4);
  if (subject.card_brand !== null) sameCard = sameCard.where('card_brand', '=', subject.card_brand);
  if (subject.card_exp_year !== null) sameCard = sameCard.where('card_exp_year', '=', subject.card_exp_year);
  if (subject.card_exp_month !== null) sameCard = sameCard.where('card_exp_month', '=', subject.card_exp_month);
  return sameCard.execute();
}

import type { RelatedPayments } from '@paydesk/contract';
import { formatAmount } from '@paydesk/domain';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import {
  findRelatedSubject,
  paymentsSharing,
  RELATED_KINDS,
  RELATED_LIMIT,
  type RelatedKind,
  type RelatedPaymentRow,
  type RelatedSubject,
} from './related-payments.repository.ts';

/** One kind of likeness: what the payment has (null: nothing to compare), how many were found, whether more exist. */
export interface SharedKind {
  value: string | null;
  found: number;
  more: boolean;
}

/** What the payment has of `kind`, as the review page shows it. */
function sharedValue(subject: RelatedSubject, kind: RelatedKind): string | null {
  if (kind === 'email') return subject.billing_email.trim() === '' ? null : subject.billing_email;
  if (kind === 'ip') return subject.customer_ip_address;
  if (subject.card_last4 === null) return null;
  const expiry =
    subject.card_exp_month !== null && subject.card_exp_year !== null
      ? ` ${String(subject.card_exp_month).padStart(2, '0')}/${String(subject.card_exp_year).slice(-2)}`
      : '';
  return `${subject.card_brand ?? 'card'} •••• ${subject.card_last4}${expiry}`;
}

/**
 * `GET /api/fraud-reviews/<id>/related`: the other payments that share the payment's email, card or IP address,
 * at most RELATED_LIMIT of each kind, newest first; a payment that shares several appears once, naming each.
 */
export async function relatedPayments(db: Db, paymentId: number): Promise<RelatedPayments> {
  const subject = await findRelatedSubject(db, paymentId);
  if (!subject) throw notFound('payment');
  const found = await Promise.all(
    RELATED_KINDS.map(async (kind) => ({ kind, rows: await paymentsSharing(db, subject, kind, RELATED_LIMIT + 1) })),
  );
  const byId = new Map<number, { row: RelatedPaymentRow; shares: RelatedKind[] }>();
  const shared = {} as Record<RelatedKind, SharedKind>;
  for (const { kind, rows } of found) {
    const kept = (rows ?? []).slice(0, RELATED_LIMIT);
    shared[kind] = { value: sharedValue(subject, kind), found: kept.length, more: (rows?.length ?? 0) > RELATED_LIMIT };
    for (const row of kept) {
      const entry = byId.get(row.id) ?? { row, shares: [] };
      entry.shares.push(kind);
      byId.set(row.id, entry);
    }
  }
  const data = [...byId.values()]
    .sort((a, b) => b.row.created_at.getTime() - a.row.created_at.getTime() || b.row.id - a.row.id)
    .map(({ row, shares }) => {
      const currency = row.currency.trim();
      return {
        id: row.id,
        identifier: row.identifier,
        order_id: row.order_id,
        status: row.status,
        fraud_status: row.fraud_status,
        currency,
        total: formatAmount(row.total, currency),
        billing_email: row.billing_email,
        card_brand: row.card_brand,
        card_last4: row.card_last4,
        card_exp_month: row.card_exp_month,
        card_exp_year: row.card_exp_year,
        customer_ip_address: row.customer_ip_address,
        created_at: row.created_at.toISOString(),
        shares,
      };
    });
  return { payment_id: subject.id, limit: RELATED_LIMIT, shared, data };
}

import type { NeedsAttentionCounts } from '@paydesk/contract';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { RefundRow } from '../db/schema.ts';
import { stuckAfterSeconds } from '../config.ts';

/**
 * A gateway call is "stuck in flight" when its claim is older than this (the process making it died):
 * 5 minutes, unless PAYDESK_STUCK_AFTER_SECONDS says otherwise.
 */
export const STUCK_AFTER_MINUTES = stuckAfterSeconds() / 60;
/** A pending refund older than this is not in flight any more: its outcome is unknown. */
export const REFUND_UNKNOWN_AFTER_MINUTES = 1;

/**
 * A carrier charge waiting for the buyer that Paydesk has heard nothing of (no log entry) for this long is
 * asked about: its notification may have been lost.
 */
export const AWAITING_BUYER_CHECK_MINUTES = 5;

/**
 * Payments whose gateway outcome is unknown: in error with an operation, stuck in flight, waiting for the buyer
 * with no news for AWAITING_BUYER_CHECK_MINUTES, or with an old pending refund.
 */
export async function paymentsToReconcile(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('payments')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'error'), eb('operation', 'is not', null)]),
        eb.and([
          eb('operation', 'is not', null),
          eb('operation_started_at', '<', sql<Date>`now() - make_interval(secs => ${STUCK_AFTER_MINUTES * 60})`),
        ]),
        eb.and([
          eb('status', '=', 'input'),
          eb('operation', 'is not', null),
          eb('operation_started_at', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('log_entries')
                .select('log_entries.id')
                .whereRef('log_entries.payment_id', '=', 'payments.id')
                .where(
                  'log_entries.created_at',
                  '>',
                  sql<Date>`now() - make_interval(mins => ${AWAITING_BUYER_CHECK_MINUTES})`,
                ),
            ),
          ),
        ]),
        eb(
          'id',
          'in',
          eb
            .selectFrom('refunds')
            .select('payment_id')
            .where('status', '=', 'pending')
            .where('created_at', '<', sql<Date>`now() - make_interval(mins => ${REFUND_UNKNOWN_AFTER_MINUTES})`),
        ),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export function unknownRefunds(
  db: Db | Tx,
  paymentId: number,
  olderThanMinutes = REFUND_UNKNOWN_AFTER_MINUTES,
): Promise<RefundRow[]> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .where('status', '=', 'pending')
    .where('created_at', '<', sql<Date>`now() - make_interval(mins => ${olderThanMinutes})`)
    .orderBy('id')
    .execute();
}

export async function countPendingRefunds(tx: Tx, paymentId: number): Promise<number> {
  const row = await tx
    .selectFrom('refunds')
    .select(sql<number>`count(*)`.as('n'))
    .where('payment_id', '=', paymentId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The counts as the contract's NeedsAttentionCounts has them (`GET /api/needs-attention`). */
export type AttentionCounts = NeedsAttentionCounts;

/** The "needs attention" view's headline numbers. */
export async function attentionCounts(db: Db): Promise<AttentionCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('payments')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '=', 'error')
        .as('payments_in_error'),
      eb
        .selectFrom('payments')
        .select(sql<number>`count(*)`.as('n'))
        .where('operation', 'is not', null)
        .where('status', '<>', 'error')
        .where('operation_started_at', '<', sql<Date>`now() - make_interval(secs => ${STUCK_AFTER_MINUTES * 60})`)
        .as('stuck_in_flight'),
      eb
        .selectFrom('refunds')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '=', 'pending')
        .as('pending_refunds'),
      eb
        .selectFrom('refund_approvals')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '=', 'pending')
        .as('pending_approvals'),
      eb
        .selectFrom('callback_deliveries')
        .select(sql<number>`count(*)`.as('n'))
        .where('status', '<>', 'delivered')
        .where('attempts', '>', 0)
        .as('failing_callbacks'),
      eb
        .selectFrom('log_entries')
        .select(sql<number>`count(*)`.as('n'))
        .where('unapplied', '=', true)
        .where('created_at', '>', sql<Date>`now() - interval '30 days'`)
        .as('unapplied_answers'),
      eb
        .selectFrom('payments')
        .select(sql<number>`count(*)`.as('n'))
        .where('dispute_open', '=', true)
        .as('open_disputes'),
    ])
    .executeTakeFirstOrThrow();
  return {
    payments_in_error: Number(row.payments_in_error),
    stuck_in_flight: Number(row.stuck_in_flight),
    pending_refunds: Number(row.pending_refunds),
    pending_approvals: Number(row.pending_approvals),
    failing_callbacks: Number(row.failing_callbacks),
    unapplied_answers: Number(row.unapplied_answers),
    open_disputes: Number(row.open_disputes),
  };
}

export function lockRefund(tx: Tx, id: number): Promise<RefundRow> {
  return tx.selectFrom('refunds').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

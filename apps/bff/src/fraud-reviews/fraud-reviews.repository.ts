import { sql, type SqlBool } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { paginate, readInChunks, type Page } from '../db/paginate.ts';
import type { FraudDecisionRow } from '../db/schema.ts';
import type { ListQuery, ListSpec } from '../http/list-query.ts';
import {
  paymentFilters,
  paymentSortable,
  paymentWireColumns,
  type PaymentWithOrder,
} from '../payments/payments.repository.ts';

export type FraudReviewRow = PaymentWithOrder & {
  payment_method_name: string;
  claimed_by_id: number | null;
  claimed_by_name: string | null;
  claimed_at: Date | null;
  claim_expires_at: Date | null;
};

/** The claim on a review, if it has not lapsed. */
const liveClaim = sql<SqlBool>`fraud_review_claims.expires_at > now()`;

export const fraudReviewListSpec: ListSpec = {
  resource: 'fraud-reviews',
  sortable: paymentSortable,
  defaultSort: ['created_at', 'ASC'],
  filters: {
    ...paymentFilters,
    risk_score_gte: { type: 'decimal', column: 'payments.risk_score', op: '>=' },
    risk_score_lte: { type: 'decimal', column: 'payments.risk_score', op: '<=' },
    claimed: {
      type: 'choice',
      // `available`: unclaimed or mine — what an analyst can work on now.
      values: ['me', 'unclaimed', 'available', 'others', 'anyone'],
      condition: (value, context) => (eb) => {
        if (value === 'anyone') return eb.lit(true);
        const claimant = eb.ref('fraud_review_claims.staff_user_id');
        const unclaimed = eb.or([eb(claimant, 'is', null), eb.not(liveClaim)]);
        const mine = eb(claimant, '=', context.staffUserId ?? -1);
        if (value === 'unclaimed') return unclaimed;
        if (value === 'available') return eb.or([unclaimed, mine]);
        return eb.and([liveClaim, value === 'me' ? mine : eb.not(mine)]);
      },
    },
  },
  scope: (eb) => eb('payments.fraud_status', '=', 'review'),
  tieBreaker: 'payments.id',
};

function selectReviews(db: Db | Tx) {
  return db
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .leftJoin('fraud_review_claims', 'fraud_review_claims.payment_id', 'payments.id')
    .leftJoin('staff_users as claimant', 'claimant.id', 'fraud_review_claims.staff_user_id')
    .selectAll('payments')
    .select(paymentWireColumns)
    .select([
      'payment_methods.name as payment_method_name',
      sql<number | null>`case when ${liveClaim} then fraud_review_claims.staff_user_id end`.as('claimed_by_id'),
      sql<string | null>`case when ${liveClaim} then claimant.full_name end`.as('claimed_by_name'),
      sql<Date | null>`case when ${liveClaim} then fraud_review_claims.claimed_at end`.as('claimed_at'),
      sql<Date | null>`case when ${liveClaim} then fraud_review_claims.expires_at end`.as('claim_expires_at'),
    ]);
}

export function listFraudReviews(db: Db, query: ListQuery): Promise<Page<FraudReviewRow>> {
  return paginate(db, selectReviews(db), query, 'payments.id');
}

export function findFraudReview(db: Db | Tx, paymentId: number): Promise<FraudReviewRow | undefined> {
  return selectReviews(db)
    .where('payments.id', '=', paymentId)
    .where('payments.fraud_status', '=', 'review')
    .executeTakeFirst();
}

export interface LiveClaim {
  staff_user_id: number;
  full_name: string;
  expires_at: Date;
}

export async function findLiveClaim(db: Db | Tx, paymentId: number): Promise<LiveClaim | undefined> {
  return db
    .selectFrom('fraud_review_claims')
    .innerJoin('staff_users', 'staff_users.id', 'fraud_review_claims.staff_user_id')
    .select(['fraud_review_claims.staff_user_id', 'staff_users.full_name', 'fraud_review_claims.expires_at'])
    .where('payment_id', '=', paymentId)
    .where(liveClaim)
    .executeTakeFirst() as Promise<LiveClaim | undefined>;
}

/** Claims the review for this analyst (or extends their claim); false when someone else holds it. */
export async function upsertClaim(
  tx: Tx,
  paymentId: number,
  staffUserId: number,
  ttlMinutes: number,
): Promise<boolean> {
  const expires = sql<Date>`now() + make_interval(mins => ${ttlMinutes})`;
  const row = await tx
    .insertInto('fraud_review_claims')
    .values({ payment_id: paymentId, staff_user_id: staffUserId, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('payment_id')
        .doUpdateSet({ staff_user_id: staffUserId, claimed_at: sql`now()`, expires_at: expires })
        .where((eb) =>
          eb.or([
            eb('fraud_review_claims.staff_user_id', '=', staffUserId),
            eb('fraud_review_claims.expires_at', '<=', sql<Date>`now()`),
          ]),
        ),
    )
    .returning('payment_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteClaim(db: Db | Tx, paymentId: number): Promise<void> {
  await db.deleteFrom('fraud_review_claims').where('payment_id', '=', paymentId).execute();
}

export function insertDecision(
  tx: Tx,
  decision: Pick<
    FraudDecisionRow,
    | 'payment_id'
    | 'review_id'
    | 'staff_user_id'
    | 'decision'
    | 'note'
    | 'money_action'
    | 'money_outcome'
    | 'amount'
    | 'currency'
    | 'refund_id'
  >,
): Promise<FraudDecisionRow> {
  return tx.insertInto('fraud_decisions').values(decision).returningAll().executeTakeFirstOrThrow();
}

export async function setDecisionMoneyOutcome(
  db: Db,
  id: number,
  outcome: FraudDecisionRow['money_outcome'],
): Promise<void> {
  await db.updateTable('fraud_decisions').set({ money_outcome: outcome }).where('id', '=', id).execute();
}

export type FraudDecisionWithNames = FraudDecisionRow & { staff_name: string; payment_identifier: string };

export const fraudDecisionListSpec: ListSpec = {
  resource: 'fraud-decisions',
  sortable: {
    id: 'fraud_decisions.id',
    created_at: 'fraud_decisions.created_at',
    decision: 'fraud_decisions.decision',
    staff_user_id: 'fraud_decisions.staff_user_id',
  },
  defaultSort: ['created_at', 'DESC'],
  filters: {
    id: { type: 'integer', column: 'fraud_decisions.id' },
    payment_id: { type: 'integer', column: 'fraud_decisions.payment_id' },
    staff_user_id: { type: 'integer', column: 'fraud_decisions.staff_user_id' },
    decision: { type: 'text', column: 'fraud_decisions.decision', values: ['accept', 'reject'] },
    money_outcome: {
      type: 'text',
      column: 'fraud_decisions.money_outcome',
      values: ['succeeded', 'declined', 'unknown', 'pending'],
    },
    created_at_gte: { type: 'date', column: 'fraud_decisions.created_at', op: '>=' },
    created_at_lte: { type: 'date', column: 'fraud_decisions.created_at', op: '<=' },
  },
  tieBreaker: 'fraud_decisions.id',
};

function selectDecisions(db: Db) {
  return db
    .selectFrom('fraud_decisions')
    .innerJoin('staff_users', 'staff_users.id', 'fraud_decisions.staff_user_id')
    .innerJoin('payments', 'payments.id', 'fraud_decisions.payment_id')
    .selectAll('fraud_decisions')
    .select(['staff_users.full_name as staff_name', 'payments.identifier as payment_identifier']);
}

export function listFraudDecisions(db: Db, query: ListQuery): Promise<Page<FraudDecisionWithNames>> {
  return paginate(db, selectDecisions(db), query, 'fraud_decisions.id');
}

/** Every decision the list query matches, in its order, `chunkSize` at a time (exports). */
export function fraudDecisionsInChunks(
  db: Db,
  query: ListQuery,
  chunkSize: number,
): AsyncIterable<FraudDecisionWithNames[]> {
  return readInChunks(selectDecisions(db), query, 'fraud_decisions.id', chunkSize);
}

export function findFraudDecision(db: Db, id: number): Promise<FraudDecisionWithNames | undefined> {
  return selectDecisions(db).where('fraud_decisions.id', '=', id).executeTakeFirst();
}

export interface QueueHealthRow {
  open: number;
  oldest_created_at: Date | null;
  decisions_today: number;
  decided_7d: number;
  accepted_7d: number;
}

/** The queue at a glance: open reviews and the oldest one, decisions today, accepts over 7 days. */
export async function queueHealth(db: Db): Promise<QueueHealthRow> {
  const [queue, decisions] = await Promise.all([
    db
      .selectFrom('payments')
      .select([sql<number>`count(*)`.as('open'), sql<Date | null>`min(created_at)`.as('oldest_created_at')])
      .where('fraud_status', '=', 'review')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('fraud_decisions')
      .select([
        sql<number>`count(*) filter (where created_at >= date_trunc('day', now()))`.as('decisions_today'),
        sql<number>`count(*)`.as('decided_7d'),
        sql<number>`count(*) filter (where decision = 'accept')`.as('accepted_7d'),
      ])
      .where('created_at', '>=', sql<Date>`now() - interval '7 days'`)
      .executeTakeFirstOrThrow(),
  ]);
  return { ...queue, ...decisions };
}

/** Opens a review of the payment (at most one is open: a unique index). */
export async function openReview(
  tx: Tx,
  review: { payment_id: number; opened_reason: 'rule' | 'manual'; opened_by: number | null; note: string },
): Promise<void> {
  await tx.insertInto('fraud_reviews').values(review).execute();
}

/** Closes the payment's open review with its reason; returns its id (undefined when none was open). */
export async function closeReview(
  tx: Tx,
  paymentId: number,
  closed: { closed_reason: 'accepted' | 'rejected' | 'refunded' | 'voided'; closed_by: number | null },
): Promise<number | undefined> {
  const row = await tx
    .updateTable('fraud_reviews')
    .set({ ...closed, closed_at: new Date() })
    .where('payment_id', '=', paymentId)
    .where('closed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** A payment's reviews, newest first. */
export function listReviewsOfPayment(db: Db, paymentId: number) {
  return db
    .selectFrom('fraud_reviews')
    .leftJoin('staff_users as opener', 'opener.id', 'fraud_reviews.opened_by')
    .leftJoin('staff_users as closer', 'closer.id', 'fraud_reviews.closed_by')
    .selectAll('fraud_reviews')
    .select(['opener.full_name as opened_by_name', 'closer.full_name as closed_by_name'])
    .where('fraud_reviews.payment_id', '=', paymentId)
    .orderBy('fraud_reviews.opened_at', 'desc')
    .orderBy('fraud_reviews.id', 'desc')
    .execute();
}

/** The payment's open review, if any. */
export async function findOpenReviewId(tx: Tx, paymentId: number): Promise<number | undefined> {
  const row = await tx
    .selectFrom('fraud_reviews')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

import { type Kysely, sql } from 'kysely';

/**
 * Every gateway call carries a deadline: after it the gateway no longer applies the call, so its "never
 * received" is the truth. Kept for the payment's current operation and for each refund; null where the
 * gateway cannot be told one (the operation is then settled by sending it again under its idempotency key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE payments ADD COLUMN operation_deadline timestamptz`.execute(db);
  await sql`ALTER TABLE refunds ADD COLUMN gateway_deadline timestamptz`.execute(db);
}

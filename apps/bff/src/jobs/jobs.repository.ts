import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';

export async function enqueueJob(
  db: Db | Tx,
  kind: string,
  payload: Record<string, unknown>,
  runAt: Date = new Date(),
): Promise<void> {
  await db
    .insertInto('jobs')
    .values({ kind, payload: JSON.stringify(payload), run_at: runAt })
    .execute();
}

/**
 * Takes up to `limit` due jobs for this worker under a lease. SKIP LOCKED lets workers on other instances
 * take other jobs at the same moment; a job whose lease ran out (its worker died) is due again.
 */
export async function takeDueJobs(
  db: Db,
  workerId: string,
  limit: number,
  leaseSeconds: number,
  kinds?: string[],
): Promise<JobRow[]> {
  const result = await sql<JobRow>`
    UPDATE jobs SET locked_by = ${workerId}, locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM jobs
      WHERE done_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now())
        ${kinds ? sql`AND kind = ANY(${kinds})` : sql``}
      ORDER BY run_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  // RETURNING keeps no order: run them oldest first.
  return result.rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.id - b.id);
}

/** Done, if this worker still holds the job. */
export async function completeJob(db: Db, id: number, workerId: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ done_at: new Date(), locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Failed this time: due again at `retryAt` (or done, when there is nothing left to retry). */
export async function failJob(
  db: Db,
  id: number,
  workerId: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      last_error: error.slice(0, 1000),
      locked_until: null,
      ...(retryAt ? { run_at: retryAt } : { done_at: new Date() }),
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function hasPendingJob(db: Db, kind: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('done_at', 'is', null)
      .limit(1)
      .executeTakeFirst()) !== undefined
  );
}

/** Ends the queued jobs of a kind whose payload has this value (e.g. the retries of one delivery). */
export async function cancelPendingJobs(
  db: Db,
  kind: string,
  payloadKey: string,
  value: string | number,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ done_at: new Date(), last_error: 'replaced' })
    .where('kind', '=', kind)
    .where('done_at', 'is', null)
    .where(sql`payload->>${payloadKey}`, '=', String(value))
    .execute();
}

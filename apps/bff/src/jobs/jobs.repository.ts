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
 * Takes one due job for this worker under a lease that starts now. SKIP LOCKED lets workers on other instances
 * take other jobs at the same moment; a job whose lease ran out (its worker died) is due again. A job of a
 * group (a callback's receiver) is passed over while `perGroup` jobs of its group are running.
 */
export async function takeDueJob(
  db: Db,
  workerId: string,
  leaseSeconds: number,
  kinds: string[],
  perGroup?: number,
): Promise<JobRow | undefined> {
  const result = await sql<JobRow>`
    UPDATE jobs SET locked_by = ${workerId}, locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    WHERE id = (
      SELECT j.id FROM jobs j
      WHERE j.done_at IS NULL AND j.run_at <= now() AND (j.locked_until IS NULL OR j.locked_until < now())
        AND j.kind = ANY(${kinds})
        ${
          perGroup === undefined
            ? sql``
            : sql`AND (j.group_key IS NULL OR (
                SELECT count(*) FROM jobs r
                WHERE r.group_key = j.group_key AND r.done_at IS NULL AND r.locked_until >= now()
              ) < ${perGroup})`
        }
      ORDER BY j.run_at, j.id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return result.rows[0];
}

/** Keeps a running job's lease while its worker works on it; false when the job is no longer this worker's. */
export async function extendLease(db: Db, id: number, workerId: string, leaseSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
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

/** Finished jobs older than `days`. */
export async function deleteFinishedJobs(db: Db, days: number): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('done_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

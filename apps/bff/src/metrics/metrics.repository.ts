import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface JobQueueRow {
  kind: string;
  /** Due and not leased: waiting for a worker. */
  waiting: number;
  /** Leased by a worker now. */
  running: number;
  /** Not yet due (a retry's later attempt). */
  scheduled: number;
  /** Seconds since the oldest waiting job became due; null when none waits. */
  oldest_waiting_seconds: number | null;
}

/** The job queue's unfinished jobs by kind (the partial index jobs_due_idx holds exactly these rows). */
export async function jobQueueStats(db: Db): Promise<JobQueueRow[]> {
  const free = sql`(locked_until IS NULL OR locked_until < now())`;
  const result = await sql<JobQueueRow>`
    SELECT kind,
      count(*) FILTER (WHERE run_at <= now() AND ${free})::int AS waiting,
      count(*) FILTER (WHERE locked_until >= now())::int AS running,
      count(*) FILTER (WHERE run_at > now() AND ${free})::int AS scheduled,
      extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now() AND ${free}))::float8 AS oldest_waiting_seconds
    FROM jobs
    WHERE done_at IS NULL
    GROUP BY kind`.execute(db);
  return result.rows;
}

export interface UndeliveredRow {
  status: 'pending' | 'failed';
  /** Whether an attempt was made: a pending delivery with one is failing and being retried. */
  attempted: boolean;
  n: number;
}

/** Callback deliveries not delivered (callback_deliveries_status_idx). */
export async function undeliveredCallbacks(db: Db): Promise<UndeliveredRow[]> {
  return db
    .selectFrom('callback_deliveries')
    .select(['status', sql<boolean>`attempts > 0`.as('attempted'), sql<number>`count(*)::int`.as('n')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy(['status', sql`attempts > 0`])
    .execute() as Promise<UndeliveredRow[]>;
}

import type { Logger } from 'pino';
import { randomToken } from '../db/card-number-plugin.ts';
import type { Db } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';
import { completeJob, extendLease, failJob, takeDueJob } from './jobs.repository.ts';
import { retryAt } from './retry.ts';

/** What a job handler says: done, or try again at a time (or give up). */
export type JobOutcome = { done: true } | { done: false; error: string; retryAt: Date | null };

export type JobHandler = (job: JobRow) => Promise<JobOutcome>;

export interface WorkerOptions {
  db: Db;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  pollMs?: number;
  /** How many jobs this worker runs at once. */
  concurrency?: number;
  /** At most this many running jobs of one group (a callback's receiver), across every worker. */
  perGroup?: number;
  /** A job's lease, taken when it starts and renewed while it runs (every third of it). */
  leaseSeconds?: number;
}

/**
 * Runs due jobs from the Postgres queue. Several workers (on several BFF instances) share one queue: each job
 * runs in one worker at a time. A job is leased when it starts, and its lease is renewed while it runs, so a
 * slow job never outlives its lease; a job whose worker died runs again when its lease ends. Each of the
 * worker's `concurrency` slots takes its next job as soon as it is free, so a slow job holds one slot only.
 */
export class JobWorker {
  // Stored by takeDueJob's raw SQL, matched by the query builder's UPDATEs: a token the card-number scrub keeps.
  readonly id = randomToken('worker');
  private stopped = true;
  private slots: Promise<void>[] = [];
  private wake: (() => void)[] = [];
  private taking: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    this.stopped = false;
    const concurrency = this.options.concurrency ?? 1;
    this.slots = Array.from({ length: concurrency }, () => this.slot());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wake.splice(0)) wake();
    await Promise.all(this.slots);
  }

  /**
   * Runs what is due now, `concurrency` jobs at a time, each leased as it starts, until nothing more is due
   * (at most 100 per slot); how many ran.
   */
  async runOnce(): Promise<number> {
    let ran = 0;
    const slot = async () => {
      for (let i = 0; i < 100; i++) {
        const job = await this.take();
        if (!job) return;
        ran += 1;
        await this.run(job);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 1 }, slot));
    return ran;
  }

  /** One job at a time from this worker: its per-group count is then exact within the instance. */
  private take(): Promise<JobRow | undefined> {
    const { db, handlers, leaseSeconds = 60, perGroup } = this.options;
    const taken = this.taking.then(() => takeDueJob(db, this.id, leaseSeconds, Object.keys(handlers), perGroup));
    this.taking = taken.catch(() => undefined);
    return taken;
  }

  private async slot(): Promise<void> {
    while (!this.stopped) {
      let job: JobRow | undefined;
      try {
        job = await this.take();
      } catch (error) {
        this.options.logger.error({ err: error }, 'job worker poll failed');
      }
      if (job) {
        await this.run(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 1000);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async run(job: JobRow): Promise<void> {
    const { db, handlers, logger, leaseSeconds = 60 } = this.options;
    const renewal = setInterval(
      () => {
        extendLease(db, job.id, this.id, leaseSeconds).then(
          (held) => held || logger.warn({ job: job.id, kind: job.kind }, 'a running job lost its lease'),
          (error: unknown) => logger.warn({ err: error, job: job.id }, 'could not renew a job lease'),
        );
      },
      (leaseSeconds * 1000) / 3,
    );
    let outcome: JobOutcome;
    try {
      outcome = await handlers[job.kind]!(job);
    } catch (error) {
      logger.error({ err: error, job: job.id, kind: job.kind }, 'job failed');
      outcome = {
        done: false,
        error: error instanceof Error ? error.message : String(error),
        retryAt: retryAt(job.attempts),
      };
    } finally {
      clearInterval(renewal);
    }
    try {
      if (outcome.done) await completeJob(db, job.id, this.id);
      else await failJob(db, job.id, this.id, outcome.error, outcome.retryAt);
    } catch (error) {
      // The database went away: the job's lease runs out and it is taken again.
      logger.error({ err: error, job: job.id, kind: job.kind }, 'could not record a job outcome');
    }
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { JobRow } from '../db/schema.ts';
import { completeJob, failJob, takeDueJobs } from './jobs.repository.ts';

/** What a job handler says: done, or try again at a time (or give up). */
export type JobOutcome = { done: true } | { done: false; error: string; retryAt: Date | null };

export type JobHandler = (job: JobRow) => Promise<JobOutcome>;

export interface WorkerOptions {
  db: Db;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  pollMs?: number;
  batchSize?: number;
  leaseSeconds?: number;
}

/**
 * Runs due jobs from the Postgres queue. Several workers (on several BFF instances) share one queue: each job
 * runs in one worker at a time, and a job whose worker died runs again when its lease ends.
 */
export class JobWorker {
  readonly id = `worker-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs what is due now; returns how many jobs ran. */
  async runOnce(): Promise<number> {
    const { db, handlers, batchSize = 10, leaseSeconds = 60 } = this.options;
    const jobs = await takeDueJobs(db, this.id, batchSize, leaseSeconds, Object.keys(handlers));
    for (const job of jobs) await this.run(job);
    return jobs.length;
  }

  private async run(job: JobRow): Promise<void> {
    const { db, handlers, logger } = this.options;
    let outcome: JobOutcome;
    try {
      outcome = await handlers[job.kind]!(job);
    } catch (error) {
      logger.error({ err: error, job: job.id, kind: job.kind }, 'job failed');
      outcome = {
        done: false,
        error: error instanceof Error ? error.message : String(error),
        retryAt: new Date(Date.now() + 60_000),
      };
    }
    if (outcome.done) await completeJob(db, job.id, this.id);
    else await failJob(db, job.id, this.id, outcome.error, outcome.retryAt);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'job worker poll failed'))
        .then((ran) => this.schedule(ran ? 0 : (this.options.pollMs ?? 1000)));
    }, delay);
  }
}

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, takeDueJobs } from '../src/jobs/jobs.repository.ts';
import { JobWorker } from '../src/jobs/worker.ts';
import { openTestDatabase, TEST_DB } from './harness.ts';
import type { DatabaseHandle } from '../src/db/database.ts';

describe(`the Postgres job queue (${TEST_DB})`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('runs each job once across several workers taking jobs at the same time', async () => {
    for (let i = 0; i < 40; i++) await enqueueJob(database.db, 'count', { n: i });
    const runs = new Map<number, number>();
    const handler = async (job: { payload: unknown }) => {
      const n = (job.payload as { n: number }).n;
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { done: true as const };
    };
    const logger = pino({ level: 'silent' });
    const workers = [1, 2, 3].map(
      () => new JobWorker({ db: database.db, logger, handlers: { count: handler }, batchSize: 3 }),
    );
    let ran = 1;
    while (ran > 0) ran = (await Promise.all(workers.map((w) => w.runOnce()))).reduce((a, b) => a + b, 0);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('gives a job whose worker died to another worker when the lease ends, and not before', async () => {
    await enqueueJob(database.db, 'orphan', {});
    const [taken] = await takeDueJobs(database.db, 'worker-that-dies', 1, 1, ['orphan']);
    expect(taken).toBeDefined();
    expect(await takeDueJobs(database.db, 'survivor', 1, 60, ['orphan'])).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [retaken] = await takeDueJobs(database.db, 'survivor', 1, 60, ['orphan']);
    expect(retaken).toMatchObject({ id: taken!.id, locked_by: 'survivor', attempts: 2 });
  });

  it('retries a failed job at the time the handler gives', async () => {
    await enqueueJob(database.db, 'flaky', {});
    let calls = 0;
    const worker = new JobWorker({
      db: database.db,
      logger: pino({ level: 'silent' }),
      handlers: {
        flaky: async () =>
          ++calls === 1 ? { done: false, error: 'not yet', retryAt: new Date(Date.now() + 60_000) } : { done: true },
      },
    });
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    const job = await database.db.selectFrom('jobs').selectAll().where('kind', '=', 'flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ last_error: 'not yet', done_at: null, attempts: 1 });
  });
});

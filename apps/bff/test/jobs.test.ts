import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeJob, enqueueJob, extendLease, takeDueJob } from '../src/jobs/jobs.repository.ts';
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
      () => new JobWorker({ db: database.db, logger, handlers: { count: handler }, concurrency: 3 }),
    );
    let ran = 1;
    while (ran > 0) ran = (await Promise.all(workers.map((w) => w.runOnce()))).reduce((a, b) => a + b, 0);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('gives a job whose worker died to another worker when the lease ends, and not before', async () => {
    await enqueueJob(database.db, 'orphan', {});
    const taken = await takeDueJob(database.db, 'worker-that-dies', 1, ['orphan']);
    expect(taken).toBeDefined();
    expect(await takeDueJob(database.db, 'survivor', 60, ['orphan'])).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const retaken = await takeDueJob(database.db, 'survivor', 60, ['orphan']);
    expect(retaken).toMatchObject({ id: taken!.id, locked_by: 'survivor', attempts: 2 });
  });

  it('a worker renews and completes the jobs it took whatever digits its id holds: the card-number scrub never changes one', async () => {
    const logger = pino({ level: 'silent' });
    for (let i = 0; i < 100; i++) {
      expect(new JobWorker({ db: database.db, logger, handlers: {} }).id).toMatch(/^worker-[0-9a-f]{32}$/);
    }
    // The most digits such an id can hold: 32, two Luhn-valid card numbers end to end.
    const workerId = `worker-${'4111111111111111'.repeat(2)}`;
    await enqueueJob(database.db, 'digits', {});
    const taken = await takeDueJob(database.db, workerId, 60, ['digits']);
    expect(taken).toMatchObject({ locked_by: workerId });
    expect(await extendLease(database.db, taken!.id, workerId, 60)).toBe(true);
    await completeJob(database.db, taken!.id, workerId);
    const row = await database.db.selectFrom('jobs').select('done_at').where('id', '=', taken!.id).executeTakeFirst();
    expect(row?.done_at).toBeInstanceOf(Date);
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

  it('a job that runs longer than its lease is not run again by another worker: its lease is renewed while it runs', async () => {
    await enqueueJob(database.db, 'long', {});
    let runs = 0;
    const handler = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      return { done: true as const };
    };
    const logger = pino({ level: 'silent' });
    const workers = [1, 2].map(
      () => new JobWorker({ db: database.db, logger, handlers: { long: handler }, leaseSeconds: 1, pollMs: 50 }),
    );
    for (const worker of workers) worker.start();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(runs).toBe(1);
    const job = await database.db.selectFrom('jobs').selectAll().where('kind', '=', 'long').executeTakeFirstOrThrow();
    expect(job.attempts).toBe(1);
    expect(job.done_at).not.toBeNull();
  });

  it(`runs at most perGroup jobs of one group at once, and other groups' jobs beside them`, async () => {
    for (let i = 0; i < 6; i++) {
      await database.db
        .insertInto('jobs')
        .values({ kind: 'grouped', payload: '{"slow":true}', group_key: 'slow.example' })
        .execute();
    }
    await database.db
      .insertInto('jobs')
      .values({ kind: 'grouped', payload: '{"slow":false}', group_key: 'fast.example' })
      .execute();
    let running = 0;
    let busiest = 0;
    let fastDoneWhileSlowRan = false;
    const handler = async (job: { payload: unknown }) => {
      const { slow } = job.payload as { slow: boolean };
      if (!slow) {
        fastDoneWhileSlowRan = running > 0;
        return { done: true as const };
      }
      running += 1;
      busiest = Math.max(busiest, running);
      await new Promise((resolve) => setTimeout(resolve, 300));
      running -= 1;
      return { done: true as const };
    };
    const worker = new JobWorker({
      db: database.db,
      logger: pino({ level: 'silent' }),
      handlers: { grouped: handler },
      concurrency: 5,
      perGroup: 2,
    });
    let ran = 1;
    let total = 0;
    while (ran > 0) total += ran = await worker.runOnce();
    expect(total).toBe(7);
    expect(busiest).toBe(2);
    expect(fastDoneWhileSlowRan).toBe(true);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewLeases } from '../src/capture-runs/capture-runs.repository.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { givenPayment, givenPaymentMethod } from './fixtures.ts';
import { createStaff, openTestDatabase } from './harness.ts';

describe('capture run leases (postgres)', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('renews every in-flight item of the runner at once, passing over one whose answer is being recorded', async () => {
    const { db } = database;
    const staff = await createStaff(db);
    const method = await givenPaymentMethod(db, { name: 'Leased card' });
    const payments = await Promise.all(
      [1, 2, 3].map(async () => (await givenPayment(db, method, { status: 'preauth' })).payment),
    );
    const run = await db
      .insertInto('capture_runs')
      .values({
        status: 'running',
        selection: JSON.stringify({}),
        total: payments.length,
        method_ids: [method.id],
        created_by: staff.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('capture_run_items')
      .values(
        payments.map((p) => ({
          run_id: run.id,
          payment_id: p.id,
          payment_method_id: method.id,
          currency: 'USD',
          amount: '120.00',
          status: 'in_flight' as const,
          claimed_by: 'runner-a',
          leased_until: new Date(Date.now() + 1_000),
        })),
      )
      .execute();
    const items = await db
      .selectFrom('capture_run_items')
      .select(['id', 'leased_until'])
      .where('run_id', '=', run.id)
      .orderBy('id')
      .execute();
    const [recording, ...others] = items;

    // Another transaction holds the first item, as the transaction that records its answer does.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.transaction().execute(async (tx) => {
      await sql`SELECT id FROM capture_run_items WHERE id = ${recording!.id} FOR UPDATE`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    const started = Date.now();
    try {
      await renewLeases(db, 'runner-a', 600);
    } finally {
      release();
      await holder;
    }
    // It did not wait for the lock (the pool's lock timeout is 2 s).
    expect(Date.now() - started).toBeLessThan(1_500);

    const after = await db
      .selectFrom('capture_run_items')
      .select(['id', 'leased_until'])
      .where('run_id', '=', run.id)
      .orderBy('id')
      .execute();
    const leaseOf = (id: number) => after.find((row) => row.id === id)!.leased_until!.getTime();
    expect(leaseOf(recording!.id)).toBe(recording!.leased_until!.getTime());
    for (const item of others) expect(leaseOf(item.id)).toBeGreaterThan(Date.now() + 500_000);
  });
});

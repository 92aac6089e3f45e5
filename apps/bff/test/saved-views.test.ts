import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesContract } from './contract.ts';
import { type ApiClient, startTestApp, TEST_DB, type TestApp } from './harness.ts';

describe(`saved views (${TEST_DB})`, () => {
  let app: TestApp;
  let finance: ApiClient;
  let viewer: ApiClient;

  beforeAll(async () => {
    app = await startTestApp();
    [finance, viewer] = [await app.signedIn('finance'), await app.signedIn('viewer')];
  });
  afterAll(() => app.close());

  const refunded = {
    resource: 'payments',
    name: 'Refunded in USD',
    filter: { status: ['refunded', 'confirmed'], currency: 'USD' },
    sort: { field: 'total', order: 'DESC' },
  };

  it('saves a named filter and sort of a list, and lists the staff member’s views of that list', async () => {
    const created = await finance.post('/api/saved-views', refunded);
    expect(created.status).toBe(201);
    expectMatchesContract('POST', '/api/saved-views', created.status, created.body);
    expect(created.body).toEqual({ id: expect.any(Number), ...refunded, created_at: expect.any(String) });
    await finance.post('/api/saved-views', { resource: 'refunds', name: 'All refunds' });

    const mine = await finance.list('saved-views', { filter: { resource: 'payments' } });
    expect(mine.status).toBe(200);
    expectMatchesContract('GET', '/api/saved-views', mine.status, mine.body);
    expect(mine.body).toEqual([created.body]);
    expect(mine.headers.get('content-range')).toBe('saved-views 0-0/1');
    const refunds = await finance.list('saved-views', { filter: { resource: 'refunds' } });
    expect(refunds.body).toEqual([expect.objectContaining({ name: 'All refunds', filter: {}, sort: null })]);
    expect((await finance.get(`/api/saved-views/${created.body.id}`)).body).toEqual(created.body);
  });

  it('shows no one else’s views, and another’s cannot be read or deleted (404, as for none)', async () => {
    const theirs = await finance.post('/api/saved-views', { ...refunded, name: 'Finance only' });
    expect((await viewer.list('saved-views', { filter: { resource: 'payments' } })).body).toEqual([]);
    expect((await viewer.get(`/api/saved-views/${theirs.body.id}`)).status).toBe(404);
    const deleted = await viewer.delete(`/api/saved-views/${theirs.body.id}`);
    expect(deleted.status).toBe(404);
    expect(deleted.body).toEqual({ code: 'NotFound', message: 'No such saved view.' });
    expect((await finance.get(`/api/saved-views/${theirs.body.id}`)).status).toBe(200);
  });

  it('deletes one’s own view and answers it', async () => {
    const view = await viewer.post('/api/saved-views', {
      resource: 'orders',
      name: 'Complete',
      filter: { state: 'complete' },
    });
    expect(view.status).toBe(201);
    const deleted = await viewer.delete(`/api/saved-views/${view.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(view.body);
    expect((await viewer.list('saved-views', { filter: { resource: 'orders' } })).body).toEqual([]);
    expect((await viewer.delete(`/api/saved-views/${view.body.id}`)).status).toBe(404);
  });

  it('names each invalid field: the name’s length, a list not offered, a filter that is no object', async () => {
    const invalid = await finance.post('/api/saved-views', {
      resource: 'staff-users',
      name: 'x'.repeat(101),
      filter: ['status'],
      sort: { field: 'total', order: 'UP' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      code: 'InvalidArgument',
      message: {
        resource:
          'Must be one of payments, orders, refunds, log-entries, fraud-reviews, fraud-decisions, audit-events.',
        name: 'Use at most 100 characters.',
        filter: 'Must be a JSON object.',
        'sort.order': 'Must be ASC or DESC.',
      },
    });
    const blank = await finance.post('/api/saved-views', { resource: 'payments', name: '   ' });
    expect(blank.body.message).toEqual({ name: 'This field is required.' });
  });

  it('keeps only what the list itself accepts, and filters of bounded size', async () => {
    const unknownKey = await finance.post('/api/saved-views', {
      ...refunded,
      name: 'Bad key',
      filter: { colour: 'red' },
    });
    expect(unknownKey.status).toBe(400);
    expect(Object.keys(unknownKey.body.message)).toEqual(['filter.colour']);
    const badValue = await finance.post('/api/saved-views', {
      ...refunded,
      name: 'Bad value',
      filter: { status: 'lost' },
    });
    expect(Object.keys(badValue.body.message)).toEqual(['filter.status']);
    const badSort = await finance.post('/api/saved-views', {
      ...refunded,
      name: 'Bad sort',
      sort: { field: 'colour', order: 'ASC' },
    });
    expect(Object.keys(badSort.body.message)).toEqual(['sort']);
    const large = await finance.post('/api/saved-views', {
      ...refunded,
      name: 'Large',
      filter: { id: Array.from({ length: 1200 }, (_, i) => i + 1) },
    });
    expect(large.status).toBe(400);
    expect(large.body.message).toEqual({ filter: 'Must be at most 4096 bytes as JSON.' });
    const views = await finance.list('saved-views', { filter: { resource: 'payments' }, range: [0, 99] });
    expect(views.body.map((v: { name: string }) => v.name)).not.toContain('Large');
  });

  it('refuses a second view of the same name on the same list, whatever its case (409 on the name)', async () => {
    const again = await finance.post('/api/saved-views', { ...refunded, name: 'REFUNDED in usd' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      code: 'Conflict',
      message: { name: 'You already have a view of this name on this list.' },
    });
    // Another list, or another person, may use it.
    expect(
      (await finance.post('/api/saved-views', { ...refunded, resource: 'refunds', filter: {}, sort: null })).status,
    ).toBe(201);
    expect((await viewer.post('/api/saved-views', refunded)).status).toBe(201);
  });

  it('answers 401 without a session', async () => {
    expect((await app.client().list('saved-views')).status).toBe(401);
  });
});

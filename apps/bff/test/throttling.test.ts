import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { passwordVerifications } from '../src/auth/passwords.ts';
import { loadConfig } from '../src/config.ts';
import { pruneExpired } from '../src/jobs/prune.ts';
import { createStaff, startTestApp, TEST_DB, TEST_PASSWORD, type ApiClient, type TestApp } from './harness.ts';

const TOO_MANY = { code: 'TooManyRequests', message: 'Too many requests. Wait a minute and try again.' };

/** A 429 in api.md's format, with a Retry-After of the seconds left in the minute's window. */
function expectLimited(response: { status: number; body: unknown; headers: Headers }, body: unknown = TOO_MANY) {
  expect(response.status).toBe(429);
  expect(response.body).toEqual(body);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

async function apiKeyOf(admin: ApiClient, name: string): Promise<string> {
  const created = await admin.post('/api/api-keys', { name });
  expect(created.status).toBe(201);
  return created.body.key;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe(`sign-in answers and password throttling (${TEST_DB})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const signIn = (email: string, password: string) => app.client().post('/api/auth/login', { email, password });

  async function lock(email: string) {
    for (let i = 0; i < 10; i++) expect((await signIn(email, `wrong-${i}`)).status).toBe(401);
  }

  it('answers an unknown email, a wrong password, a locked and a deactivated account with the same 401', async () => {
    await createStaff(app.db, 'operator', 'known@example.test');
    await createStaff(app.db, 'operator', 'locked@example.test');
    const gone = await createStaff(app.db, 'operator', 'gone@example.test');
    await app.db.updateTable('staff_users').set({ active: false }).where('id', '=', gone.id).execute();
    await lock('locked@example.test');

    const answers = [
      await signIn('nobody@example.test', TEST_PASSWORD),
      await signIn('known@example.test', 'not the password'),
      await signIn('locked@example.test', TEST_PASSWORD),
      await signIn('gone@example.test', TEST_PASSWORD),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ code: 'Unauthenticated', message: 'Email or password is incorrect.' });
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
  });

  it('spends one password hash on every refused sign-in, so an unknown email or a lock does no less work', async () => {
    await createStaff(app.db, 'operator', 'timed@example.test');
    await createStaff(app.db, 'operator', 'timed-locked@example.test');
    await lock('timed-locked@example.test');
    // The work, not the clock (tests hash at a low cost, so timings would be noise): one hash per refusal.
    const hashesFor = async (email: string, password: string) => {
      const before = passwordVerifications();
      expect((await signIn(email, password)).status).toBe(401);
      return passwordVerifications() - before;
    };
    expect(await hashesFor('timed@example.test', 'not the password')).toBe(1);
    expect(await hashesFor('nobody-else@example.test', 'not the password')).toBe(1);
    expect(await hashesFor('timed-locked@example.test', TEST_PASSWORD)).toBe(1);
  });

  it('checks at most 10 passwords of an account even when the guesses come all at once', async () => {
    const staff = await createStaff(app.db, 'operator', 'raced@example.test');
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => signIn('raced@example.test', `wrong-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(401));
    const refusals = await app.db
      .selectFrom('audit_events')
      .select('reason')
      .where('staff_user_id', '=', staff.id)
      .where('action', '=', 'auth.login')
      .execute();
    expect(refusals).toHaveLength(16);
    // Six were refused unchecked, as if the account were already locked; it is now.
    expect(refusals.filter((r) => r.reason === 'locked')).toHaveLength(6);
    expect((await signIn('raced@example.test', TEST_PASSWORD)).status).toBe(401);
  });

  it('counts wrong current passwords of a password change toward the lock: the tenth locks, then 429', async () => {
    const staff = await createStaff(app.db, 'viewer', 'changer@example.test');
    const client = app.client();
    expect((await client.login('changer@example.test')).status).toBe(200);
    // Five wrong sign-ins elsewhere, then five wrong current passwords: ten in a row.
    for (let i = 0; i < 5; i++) expect((await signIn('changer@example.test', `wrong-${i}`)).status).toBe(401);
    const change = (current: string) =>
      client.post('/api/auth/password', { current_password: current, new_password: 'a-brand-new-password' });
    for (let i = 0; i < 4; i++) {
      const wrong = await change(`wrong-again-${i}`);
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toEqual({ current_password: 'This is not your current password.' });
    }
    const locking = await change('wrong-the-tenth');
    expect(locking.status).toBe(429);
    expect(locking.body.code).toBe('TooManyRequests');
    expect(locking.body.message).toMatch(/locked until \d\d:\d\d UTC/);
    const retryAfter = Number(locking.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(29 * 60);
    expect(retryAfter).toBeLessThanOrEqual(30 * 60);

    // Locked: not even the right current password is checked, and sign-in is refused.
    expect((await change(TEST_PASSWORD)).status).toBe(429);
    expect((await signIn('changer@example.test', TEST_PASSWORD)).status).toBe(401);
    const row = await app.db
      .selectFrom('staff_users')
      .select(['password_hash', 'locked_until'])
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(staff.password_hash);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });

  it('clears the count when the current password is right', async () => {
    await createStaff(app.db, 'viewer', 'careful@example.test');
    const client = app.client();
    expect((await client.login('careful@example.test')).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await signIn('careful@example.test', `wrong-${i}`)).status).toBe(401);
    const changed = await client.post('/api/auth/password', {
      current_password: TEST_PASSWORD,
      new_password: 'a-brand-new-password',
    });
    expect(changed.status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await signIn('careful@example.test', `wrong-${i}`)).status).toBe(401);
    expect((await signIn('careful@example.test', 'a-brand-new-password')).status).toBe(200);
  });

  it('locks after the configured number of failures', async () => {
    // Another instance of the same deployment, configured stricter.
    const strict = await startTestApp({ database: app.database, lockout: { failures: 3, minutes: 5 } });
    try {
      await createStaff(strict.db, 'viewer', 'strict@example.test');
      const attempt = (password: string) =>
        strict.client().post('/api/auth/login', { email: 'strict@example.test', password });
      for (let i = 0; i < 3; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
      expect((await attempt(TEST_PASSWORD)).status).toBe(401);
      const { locked_until } = await strict.db
        .selectFrom('staff_users')
        .select('locked_until')
        .where('email', '=', 'strict@example.test')
        .executeTakeFirstOrThrow();
      expect((locked_until!.getTime() - Date.now()) / 60_000).toBeGreaterThan(4);
      expect((locked_until!.getTime() - Date.now()) / 60_000).toBeLessThanOrEqual(5);
    } finally {
      await strict.close();
    }
  });
});

describe(`rate limits (${TEST_DB})`, () => {
  // One database for these tests, each with its own app (its limits) and no window left from the one before.
  let shared: TestApp;
  beforeAll(async () => {
    shared = await startTestApp();
  });
  afterAll(() => shared.close());
  beforeEach(async () => {
    await shared.db.deleteFrom('rate_limit_hits').execute();
  });
  const startLimited = (rateLimits: NonNullable<Parameters<typeof startTestApp>[0]>['rateLimits']) =>
    startTestApp({ database: shared.database, rateLimits });

  it('limits password checks per address: sign-ins and password changes together', async () => {
    const app = await startLimited({ loginPerMinute: 3 });
    try {
      await createStaff(app.db, 'viewer', 'someone@example.test');
      const client = app.client();
      expect((await client.login('someone@example.test')).status).toBe(200);
      const change = () =>
        client.post('/api/auth/password', { current_password: 'a guess', new_password: 'a-brand-new-password' });
      expect((await change()).status).toBe(400);
      expect((await change()).status).toBe(400);
      expectLimited(await change(), {
        code: 'TooManyRequests',
        message: 'Too many sign-in attempts. Wait a minute and try again.',
      });
      expect((await app.client().post('/api/auth/login', { email: 'x@example.test', password: 'y' })).status).toBe(429);
      // The rest of the staff API is not a password check.
      expect((await client.get('/api/auth/me')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('limits the intake API per API key', async () => {
    const app = await startLimited({ intakePerMinute: 3 });
    try {
      const admin = await app.signedIn('admin');
      const shop = await apiKeyOf(admin, 'Shop');
      const other = await apiKeyOf(admin, 'Other shop');
      for (let i = 0; i < 3; i++) {
        const listed = await app.client().get('/api/v1/transactions', bearer(shop));
        expect(listed.status).toBe(200);
        expect(listed.headers.get('ratelimit')).toMatch(/r=\d+; t=\d+/);
      }
      expectLimited(await app.client().get('/api/v1/transactions', bearer(shop)));
      expectLimited(await app.client().post('/api/v1/transactions', {}, bearer(shop)));
      // Another key has its own count, and so has the staff API.
      expect((await app.client().get('/api/v1/transactions', bearer(other))).status).toBe(200);
      expect((await admin.get('/api/auth/me')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('limits requests with no session or API key per address, whatever the route', async () => {
    const app = await startLimited({ publicPerMinute: 5 });
    try {
      const staff = await app.signedIn('viewer'); // one: the sign-in itself
      const anonymous = app.client();
      expect((await anonymous.get('/api/auth/demo-accounts')).status).toBe(200);
      expect((await anonymous.get('/api/payments')).status).toBe(401);
      expect((await anonymous.get('/api/v1/transactions', bearer('not-a-key'))).status).toBe(401);
      expect((await anonymous.post('/api/auth/login', { email: 'x@example.test', password: 'y' })).status).toBe(401);
      expectLimited(await anonymous.get('/api/auth/demo-accounts'));
      expectLimited(await anonymous.get('/api/payments'));
      expectLimited(await anonymous.get('/api/v1/transactions', bearer('not-a-key')));
      expectLimited(await anonymous.post('/api/auth/login', { email: 'x@example.test', password: 'y' }));
      // A signed-in staff member at the same address counts apart; health is never limited.
      expect((await staff.get('/api/auth/me')).status).toBe(200);
      expect((await anonymous.get('/api/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('limits the staff API per staff member, all their sessions together', async () => {
    const app = await startLimited({ apiPerMinute: 4 });
    try {
      const first = await app.signedIn('viewer');
      const second = await app.signedIn('viewer');
      expect((await first.get('/api/auth/me')).status).toBe(200);
      expect((await first.get('/api/auth/me')).status).toBe(200);
      expect((await second.get('/api/auth/me')).status).toBe(200);
      expect((await second.get('/api/auth/me')).status).toBe(200);
      expectLimited(await first.get('/api/payments'));
      expectLimited(await second.get('/api/auth/me'));
      const other = await app.signedIn('admin');
      expect((await other.get('/api/auth/me')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
  it('prunes rate-limit windows that have ended, and keeps the live ones', async () => {
    const app = await startLimited({ publicPerMinute: 2 });
    try {
      expect((await app.client().get('/api/auth/demo-accounts')).status).toBe(200);
      expect((await app.client().get('/api/auth/demo-accounts')).status).toBe(200);
      expectLimited(await app.client().get('/api/auth/demo-accounts'));
      await app.db
        .insertInto('rate_limit_hits')
        .values({ key: 'requests:ip:192.0.2.1', hits: 7, reset_at: new Date(Date.now() - 1000) })
        .execute();
      expect((await pruneExpired(app.db)).rateLimitWindows).toBe(1);
      // The live window is kept: the address is still limited.
      expectLimited(await app.client().get('/api/auth/demo-accounts'));
    } finally {
      await app.close();
    }
  });
});

describe(`several instances on one database (${TEST_DB})`, () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ rateLimits: { intakePerMinute: 4, loginPerMinute: 100 } });
    second = await startTestApp({ database: first.database, rateLimits: { intakePerMinute: 4, loginPerMinute: 100 } });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('counts a limit across instances', async () => {
    const admin = await first.signedIn('admin');
    const key = await apiKeyOf(admin, 'Shop');
    for (const app of [first, second, first, second]) {
      expect((await app.client().get('/api/v1/transactions', bearer(key))).status).toBe(200);
    }
    expectLimited(await first.client().get('/api/v1/transactions', bearer(key)));
    expectLimited(await second.client().get('/api/v1/transactions', bearer(key)));
  });

  it('keeps sessions in the database: one instance signs in, another serves, a restarted one still knows it', async () => {
    const staff = await first.signedIn('operator');
    const onSecond = second.client();
    onSecond.cookie = staff.cookie;
    onSecond.csrfToken = staff.csrfToken;
    expect((await onSecond.get('/api/auth/me')).body.role).toBe('operator');

    const restarted = await startTestApp({ database: first.database });
    try {
      const onRestarted = restarted.client();
      onRestarted.cookie = staff.cookie;
      onRestarted.csrfToken = staff.csrfToken;
      expect((await onRestarted.get('/api/auth/me')).status).toBe(200);
      // Signing out on one instance ends the session on all.
      expect((await onRestarted.post('/api/auth/logout')).status).toBe(200);
    } finally {
      await restarted.close();
    }
    expect((await staff.get('/api/auth/me')).status).toBe(401);
    expect((await onSecond.get('/api/auth/me')).status).toBe(401);
  });
});

describe('rate limit configuration', () => {
  it('reads every limit from the environment, with defaults', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      loginPerMinute: 20,
      apiPerMinute: 3000,
      intakePerMinute: 1200,
      publicPerMinute: 300,
    });
    expect(loadConfig({}).lockout).toEqual({ failures: 10, minutes: 30 });
    const config = loadConfig({
      PAYDESK_LOGIN_RATE_LIMIT: '5',
      PAYDESK_API_RATE_LIMIT: '6',
      PAYDESK_INTAKE_RATE_LIMIT: '7',
      PAYDESK_PUBLIC_RATE_LIMIT: '8',
      PAYDESK_LOCKOUT_FAILURES: '4',
      PAYDESK_LOCKOUT_MINUTES: '15',
    });
    expect(config.rateLimits).toEqual({ loginPerMinute: 5, apiPerMinute: 6, intakePerMinute: 7, publicPerMinute: 8 });
    expect(config.lockout).toEqual({ failures: 4, minutes: 15 });
    expect(() => loadConfig({ PAYDESK_INTAKE_RATE_LIMIT: 'lots' })).toThrow(/PAYDESK_INTAKE_RATE_LIMIT/);
  });
});

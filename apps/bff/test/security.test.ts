import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, startTestApp, TEST_DB, TEST_PASSWORD, type TestApp } from './harness.ts';

describe(`security hardening (${TEST_DB})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ rateLimits: { loginPerMinute: 40, apiPerMinute: 3000 } });
  });
  afterAll(() => app.close());

  it('locks an account after 10 failed sign-ins for 30 minutes, then lets it in again', async () => {
    const staff = await createStaff(app.db, 'operator', 'lockme@example.test');
    for (let i = 0; i < 10; i++) {
      expect(
        (await app.client().post('/api/auth/login', { email: 'lockme@example.test', password: `wrong-${i}` })).status,
      ).toBe(401);
    }
    const locked = await app
      .client()
      .post('/api/auth/login', { email: 'lockme@example.test', password: TEST_PASSWORD });
    expect(locked.status).toBe(401);
    expect(locked.body.message).toBe('Email or password is incorrect.');
    const row = await app.db
      .selectFrom('staff_users')
      .select('locked_until')
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    const minutes = (row.locked_until!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);

    await app.db
      .updateTable('staff_users')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', staff.id)
      .execute();
    expect(
      (await app.client().post('/api/auth/login', { email: 'lockme@example.test', password: TEST_PASSWORD })).status,
    ).toBe(200);
    const failures = await app.db
      .selectFrom('audit_events')
      .select('reason')
      .where('staff_user_id', '=', staff.id)
      .where('action', '=', 'auth.login')
      .execute();
    expect(failures.filter((f) => f.reason === 'locked after too many failures')).toHaveLength(1);
    expect(failures.filter((f) => f.reason === 'locked')).toHaveLength(1);
  });

  it('ends a session 12 hours after login, however active', async () => {
    const client = await app.signedIn('viewer');
    await app.db
      .updateTable('staff_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses UPDATE and DELETE on audit events in the database itself', async () => {
    await app.signedIn('admin');
    await expect(sql`UPDATE audit_events SET outcome = 'succeeded'`.execute(app.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(app.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(app.db)).rejects.toThrow(/append-only/);
    const admin = await app.signedIn('admin');
    const [event] = (await admin.list('audit-events')).body;
    expect((await admin.put(`/api/audit-events/${event.id}`, { ...event, outcome: 'succeeded' })).status).toBe(404);
    expect((await admin.delete(`/api/audit-events/${event.id}`)).status).toBe(404);
  });

  it('sends security headers with a Content-Security-Policy', async () => {
    const response = await app.client().get('/api/health');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('tells browsers and proxies never to store an API answer', async () => {
    const staff = await app.signedIn('viewer');
    for (const path of ['/api/payments', '/api/auth/me', '/api/no-such-resource']) {
      const response = await staff.get(path);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(response.headers.get('etag'), path).toBeNull();
    }
  });

  it('limits sign-in attempts per address', async () => {
    const limited = await startTestApp({ rateLimits: { loginPerMinute: 3, apiPerMinute: 3000 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await limited.client().post('/api/auth/login', { email: 'x@example.test', password: 'y' })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const last = await limited.client().post('/api/auth/login', { email: 'x@example.test', password: 'y' });
      expect(last.body).toEqual({
        code: 'TooManyRequests',
        message: 'Too many sign-in attempts. Wait a minute and try again.',
      });
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  describe('staff accounts', () => {
    it('lets admins create, change and deactivate staff; deactivation ends their sessions at once', async () => {
      const admin = await app.signedIn('admin');
      const created = await admin.post('/api/staff-users', {
        full_name: 'Nina Ops',
        email: 'Nina@Example.test',
        role: 'operator',
        password: 'a-long-password-1',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ email: 'nina@example.test', role: 'operator', active: true });
      expect(created.body).not.toHaveProperty('password_hash');

      const nina = app.client();
      expect((await nina.login('nina@example.test', 'a-long-password-1')).status).toBe(200);
      const promoted = await admin.put(`/api/staff-users/${created.body.id}`, { ...created.body, role: 'finance' });
      expect(promoted.body.role).toBe('finance');
      expect((await nina.get('/api/auth/me')).body.role).toBe('finance');

      await admin.put(`/api/staff-users/${created.body.id}`, { ...promoted.body, active: false });
      expect((await nina.get('/api/auth/me')).status).toBe(401);
      expect((await app.client().login('nina@example.test', 'a-long-password-1')).status).toBe(401);
      const audited = await app.db
        .selectFrom('audit_events')
        .select(['action', 'outcome'])
        .where('resource', '=', 'staff-users')
        .where('record_id', '=', String(created.body.id))
        .execute();
      expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['staff-users.create', 'staff-users.edit']));
    });

    it('refuses a duplicate email, a short password, and the only active admin deactivating themselves', async () => {
      const admin = await app.signedIn('admin');
      expect(
        (
          await admin.post('/api/staff-users', {
            full_name: 'X',
            email: 'admin@example.test',
            role: 'viewer',
            password: 'a-long-password-1',
          })
        ).status,
      ).toBe(409);
      const short = await admin.post('/api/staff-users', {
        full_name: 'X',
        email: 'x2@example.test',
        role: 'viewer',
        password: 'short',
      });
      expect(short.status).toBe(400);
      expect(short.body.message).toEqual({ password: 'Use at least 12 characters.' });
      const me = (await admin.get('/api/auth/me')).body;
      const self = (await admin.get(`/api/staff-users/${me.id}`)).body;
      expect((await admin.put(`/api/staff-users/${me.id}`, { ...self, active: false })).status).toBe(409);
    });

    it('resets a password (ending that person’s sessions) and lets everyone change their own', async () => {
      const admin = await app.signedIn('admin');
      const staff = await createStaff(app.db, 'finance', 'reset@example.test');
      const victim = app.client();
      await victim.login('reset@example.test');
      expect(
        (await admin.post(`/api/staff-users/${staff.id}/password`, { password: 'brand-new-password' })).status,
      ).toBe(200);
      expect((await victim.get('/api/auth/me')).status).toBe(401);
      expect((await victim.login('reset@example.test', 'brand-new-password')).status).toBe(200);

      const wrong = await victim.post('/api/auth/password', {
        current_password: 'nope',
        new_password: 'another-password-2',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toEqual({ current_password: 'This is not your current password.' });
      expect(
        (
          await victim.post('/api/auth/password', {
            current_password: 'brand-new-password',
            new_password: 'another-password-2',
          })
        ).status,
      ).toBe(200);
      expect((await victim.get('/api/auth/me')).status).toBe(200);
      expect((await app.client().login('reset@example.test', 'another-password-2')).status).toBe(200);

      const operator = await app.signedIn('operator');
      expect(
        (await operator.post(`/api/staff-users/${staff.id}/password`, { password: 'brand-new-password' })).status,
      ).toBe(403);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../src/settings/settings.repository.ts';
import { upsertStaffUser } from '../src/staff-users/staff-users.repository.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../src/staff-users/demo-staff.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { expectMatchesContract } from './contract.ts';
import { createStaff, startTestApp, TEST_DB, TEST_PASSWORD, type TestApp } from './harness.ts';

describe(`staff sessions (${TEST_DB})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers health without a session', async () => {
    const response = await app.client().get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: TEST_DB });
  });

  it('refuses every other /api route without a session', async () => {
    const client = app.client();
    for (const path of ['/api/payments', '/api/orders/1', '/api/auth/me', '/api/settings']) {
      const response = await client.get(path);
      expect(response.status, path).toBe(401);
      expect(response.body.code).toBe('Unauthenticated');
    }
  });

  it('logs in with an HttpOnly, SameSite=Strict cookie and returns the identity and CSRF token', async () => {
    const staff = await createStaff(app.db, 'finance', 'Finance.Person@Example.test');
    const client = app.client();
    const response = await client.post('/api/auth/login', {
      email: 'finance.person@example.test',
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    expectMatchesContract('POST', '/api/auth/login', response.status, response.body);
    expect(response.body).toMatchObject({
      id: staff.id,
      email: staff.email,
      role: 'finance',
      full_name: staff.full_name,
    });
    expect(response.body.csrf_token).toMatch(/^[\w-]{40,}$/);
    expect(response.body).not.toHaveProperty('password_hash');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^paydesk_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    client.csrfToken = response.body.csrf_token;
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expectMatchesContract('GET', '/api/auth/me', me.status, me.body);
    expect(me.body).toMatchObject({ id: staff.id, role: 'finance', csrf_token: response.body.csrf_token });
  });

  it('stores only a hash of the session token', async () => {
    const client = await app.signedIn('viewer');
    const token = client.cookie!.split('=')[1]!;
    const stored = await app.db.selectFrom('staff_sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('refuses a wrong password, an unknown email and an inactive account with one message, and records the attempt', async () => {
    const staff = await createStaff(app.db, 'operator', 'inactive@example.test');
    await app.db.updateTable('staff_users').set({ active: false }).where('id', '=', staff.id).execute();
    const wrong = await app.client().post('/api/auth/login', { email: 'admin@example.test', password: 'nope' });
    expectMatchesContract('POST', '/api/auth/login', wrong.status, wrong.body);
    const unknown = await app
      .client()
      .post('/api/auth/login', { email: 'nobody@example.test', password: TEST_PASSWORD });
    const inactive = await app
      .client()
      .post('/api/auth/login', { email: 'inactive@example.test', password: TEST_PASSWORD });
    for (const response of [wrong, unknown, inactive]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ code: 'Unauthenticated', message: 'Email or password is incorrect.' });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    const refused = await app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'refused')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(3);
  });

  it('validates the login body', async () => {
    const response = await app.client().post('/api/auth/login', { email: '' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('InvalidArgument');
    expect(response.body.message).toMatchObject({ email: expect.any(String), password: 'This field is required.' });
  });

  it('refuses a state-changing request without the CSRF token, and accepts it with the token', async () => {
    const client = await app.signedIn('admin');
    const token = client.csrfToken;
    client.csrfToken = undefined;
    const without = await client.post('/api/refund-reasons', { name: 'Damaged', code: 'damaged' });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('Forbidden');
    expect(await app.db.selectFrom('refund_reasons').selectAll().where('code', '=', 'damaged').execute()).toHaveLength(
      0,
    );

    const wrong = await client.post(
      '/api/refund-reasons',
      { name: 'Damaged', code: 'damaged' },
      { 'x-csrf-token': 'x'.repeat(token!.length) },
    );
    expect(wrong.status).toBe(403);

    client.csrfToken = token;
    const withToken = await client.post('/api/refund-reasons', { name: 'Damaged', code: 'damaged' });
    expect(withToken.status).toBe(201);
  });

  it('gives a new session at every login and ends it at logout', async () => {
    const client = await app.signedIn('operator');
    const first = client.cookie;
    await client.login('operator@example.test');
    expect(client.cookie).not.toBe(first);
    const old = app.client();
    old.cookie = first;
    expect((await old.get('/api/auth/me')).status).toBe(401);

    const sessionCookie = client.cookie;
    const logout = await client.post('/api/auth/logout');
    expect(logout.status).toBe(200);
    expectMatchesContract('POST', '/api/auth/logout', logout.status, logout.body);
    const replayed = app.client();
    replayed.cookie = sessionCookie;
    expect((await replayed.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session after 30 idle minutes', async () => {
    const client = await app.signedIn('viewer');
    await app.db
      .updateTable('staff_sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .execute();
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('shows the demo accounts only where demo staff were seeded', async () => {
    expect((await app.client().get('/api/auth/demo-accounts')).body).toEqual({ accounts: [] });
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const staff of DEMO_STAFF) await upsertStaffUser(app.db, { ...staff, password_hash: hash });
    await putSetting(app.db, 'demo_staff', true);
    const response = await app.client().get('/api/auth/demo-accounts');
    expectMatchesContract('GET', '/api/auth/demo-accounts', response.status, response.body);
    expect(response.body.password).toBe('paydesk-demo');
    expect(response.body.accounts.map((a: { email: string }) => a.email)).toEqual(DEMO_STAFF.map((s) => s.email));
    const login = await app.client().login('fraud@paydesk.test', DEMO_PASSWORD);
    expect(login.body.role).toBe('fraud_analyst');
  });
});

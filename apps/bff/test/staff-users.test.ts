import { Writable } from 'node:stream';
import { STAFF_ROLES } from '@paydesk/domain';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesContract } from './contract.ts';
import { type ApiClient, createStaff, startTestApp, TEST_DB, TEST_PASSWORD, type TestApp } from './harness.ts';

const PASSWORD = 'a-long-initial-password';

describe(`staff management (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp({ logger: pino({ level: 'debug' }, sink) });
    admin = await app.signedIn('admin');
  });
  afterAll(() => app.close());

  async function signInAsNewAdmin(email: string): Promise<ApiClient> {
    await createStaff(app.db, 'admin', email);
    const client = app.client();
    expect((await client.login(email)).status).toBe(200);
    return client;
  }

  async function auditOf(id: number) {
    return app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('resource', '=', 'staff-users')
      .where('record_id', '=', String(id))
      .orderBy('id')
      .execute();
  }

  describe('POST /api/staff-users', () => {
    it('creates an account with an argon2id hash that signs in, audited without the password', async () => {
      const created = await admin.post('/api/staff-users', {
        full_name: 'Nadia Ops',
        email: 'Nadia@Example.test',
        role: 'operator',
        password: PASSWORD,
      });
      expect(created.status).toBe(201);
      expectMatchesContract('POST', '/api/staff-users', created.status, created.body);
      expect(created.body).toEqual({
        id: expect.any(Number),
        full_name: 'Nadia Ops',
        email: 'nadia@example.test',
        role: 'operator',
        active: true,
        locked_until: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const row = await app.db
        .selectFrom('staff_users')
        .select('password_hash')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect((await app.client().login('nadia@example.test', PASSWORD)).status).toBe(200);

      const audit = await auditOf(created.body.id);
      expect(audit.find((a) => a.action === 'staff-users.create')).toMatchObject({
        outcome: 'succeeded',
        note: 'role operator',
      });
      const trail = JSON.stringify(audit);
      expect(trail).not.toContain(PASSWORD);
      expect(trail).not.toContain(row.password_hash);
      expect(logLines.join('')).not.toContain(PASSWORD);
    });

    it('names each invalid field in the api.md format', async () => {
      const invalid = await admin.post('/api/staff-users', {
        full_name: ' ',
        email: 'not-an-email',
        role: 'superuser',
        password: 'short',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toEqual({
        code: 'InvalidArgument',
        message: {
          full_name: 'This field is required.',
          email: 'Must be an email address.',
          role: `Must be one of ${STAFF_ROLES.join(', ')}.`,
          password: 'Use at least 12 characters.',
        },
      });
      const refused = await app.db
        .selectFrom('audit_events')
        .select('reason')
        .where('action', '=', 'staff-users.create')
        .where('outcome', '=', 'refused')
        .execute();
      expect(JSON.stringify(refused)).not.toContain('short');
    });

    it('refuses an email another account has, whatever its case: 409 Conflict on the email field', async () => {
      const payload = { full_name: 'Twin', role: 'viewer', password: PASSWORD };
      expect((await admin.post('/api/staff-users', { ...payload, email: 'twin@example.test' })).status).toBe(201);
      const again = await admin.post('/api/staff-users', { ...payload, email: 'TWIN@example.test' });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ code: 'Conflict', message: { email: 'Another staff member has this email.' } });
    });
  });

  describe('who may manage staff', () => {
    it.each(STAFF_ROLES.filter((role) => role !== 'admin'))(
      'refuses a %s every staff action with 403, recorded as denied',
      async (role) => {
        const target = await createStaff(app.db, 'viewer', `target-of-${role}@example.test`);
        const client = await app.signedIn(role);
        const attempts = [
          await client.list('staff-users'),
          await client.get(`/api/staff-users/${target.id}`),
          await client.post('/api/staff-users', {
            full_name: 'Sneaky',
            email: `sneaky-${role}@example.test`,
            role: 'admin',
            password: PASSWORD,
          }),
          await client.put(`/api/staff-users/${target.id}`, {
            full_name: target.full_name,
            email: target.email,
            role: 'admin',
            active: true,
          }),
          await client.post(`/api/staff-users/${target.id}/password`, { password: PASSWORD }),
        ];
        expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
        expect(attempts.every((a) => a.body.code === 'Forbidden')).toBe(true);
        const denied = await app.db
          .selectFrom('audit_events')
          .select('action')
          .where('resource', '=', 'staff-users')
          .where('outcome', '=', 'denied')
          .where('record_id', '=', String(target.id))
          .execute();
        expect(denied.map((d) => d.action).sort()).toEqual([
          'staff-users.edit',
          'staff-users.edit',
          'staff-users.show',
        ]);
        const unchanged = await app.db
          .selectFrom('staff_users')
          .select(['role'])
          .where('id', '=', target.id)
          .executeTakeFirstOrThrow();
        expect(unchanged.role).toBe('viewer');
        expect((await client.login(`sneaky-${role}@example.test`, PASSWORD)).status).toBe(401);
      },
    );
  });

  describe('PUT /api/staff-users/:id', () => {
    it('changes name and role, audited with what changed', async () => {
      const staff = await createStaff(app.db, 'viewer', 'rename@example.test');
      const changed = await admin.put(`/api/staff-users/${staff.id}`, {
        full_name: 'Renamed Person',
        email: staff.email,
        role: 'finance',
        active: true,
      });
      expect(changed.status).toBe(200);
      expectMatchesContract('PUT', `/api/staff-users/${staff.id}`, changed.status, changed.body);
      expect(changed.body).toMatchObject({ full_name: 'Renamed Person', role: 'finance', active: true });
      const edit = (await auditOf(staff.id)).find((a) => a.action === 'staff-users.edit');
      expect(edit).toMatchObject({ outcome: 'succeeded', note: 'name changed; role viewer → finance' });
    });

    it('deactivation ends the account’s sessions at once and refuses its sign-in; reactivation lets it in again', async () => {
      const staff = await createStaff(app.db, 'operator', 'leaver@example.test');
      const first = app.client();
      const second = app.client();
      await first.login(staff.email);
      await second.login(staff.email);
      const wire = { full_name: staff.full_name, email: staff.email, role: staff.role };

      const off = await admin.put(`/api/staff-users/${staff.id}`, { ...wire, active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      const sessions = await app.db
        .selectFrom('staff_sessions')
        .select('token_hash')
        .where('staff_user_id', '=', staff.id)
        .execute();
      expect(sessions).toHaveLength(0);
      expect((await first.get('/api/auth/me')).status).toBe(401);
      expect((await second.list('payments')).status).toBe(401);
      const refused = await app.client().login(staff.email);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ code: 'Unauthenticated', message: 'Email or password is incorrect.' });

      const on = await admin.put(`/api/staff-users/${staff.id}`, { ...wire, active: true });
      expect(on.body.active).toBe(true);
      expect((await app.client().login(staff.email)).status).toBe(200);
      const notes = (await auditOf(staff.id)).filter((a) => a.action === 'staff-users.edit').map((a) => a.note);
      expect(notes).toEqual(['deactivated', 'reactivated']);
    });
  });

  describe('the last active admin', () => {
    it('cannot deactivate or demote themselves while no other admin is active; can once another is', async () => {
      const { db } = app;
      // This file's other admins are made inactive: the signed-in admin is the only active one.
      const me = (await admin.get('/api/auth/me')).body;
      await db
        .updateTable('staff_users')
        .set({ active: false })
        .where('role', '=', 'admin')
        .where('id', '<>', me.id)
        .execute();
      const self = { full_name: me.full_name, email: me.email };

      for (const change of [
        { role: 'admin', active: false },
        { role: 'finance', active: true },
      ]) {
        const refused = await admin.put(`/api/staff-users/${me.id}`, { ...self, ...change });
        expect(refused.status).toBe(409);
        expect(refused.body).toEqual({
          code: 'InvalidState',
          message: 'Paydesk keeps at least one active admin: make another staff member an admin first.',
        });
      }
      expect((await admin.get('/api/auth/me')).body.role).toBe('admin');
      // A change that keeps them an active admin is fine.
      expect((await admin.put(`/api/staff-users/${me.id}`, { ...self, role: 'admin', active: true })).status).toBe(200);

      const other = await createStaff(app.db, 'operator', 'next-admin@example.test');
      const promoted = await admin.put(`/api/staff-users/${other.id}`, {
        full_name: other.full_name,
        email: other.email,
        role: 'admin',
        active: true,
      });
      expect(promoted.status).toBe(200);
      const demoted = await admin.put(`/api/staff-users/${me.id}`, { ...self, role: 'finance', active: true });
      expect(demoted.status).toBe(200);
      expect((await admin.get('/api/auth/me')).body.role).toBe('finance');
      // Back as it was, for the other tests of this file: the new admin restores the first one.
      const next = app.client();
      await next.login(other.email);
      expect((await next.put(`/api/staff-users/${me.id}`, { ...self, role: 'admin', active: true })).status).toBe(200);
    });

    it('lets only one of two admins demoting each other at once succeed', async () => {
      const { db } = app;
      const a = await signInAsNewAdmin('duel-a@example.test');
      const b = await signInAsNewAdmin('duel-b@example.test');
      await db
        .updateTable('staff_users')
        .set({ active: false })
        .where('role', '=', 'admin')
        .where('email', 'not in', ['duel-a@example.test', 'duel-b@example.test'])
        .execute();
      const [idA, idB] = [(await a.get('/api/auth/me')).body, (await b.get('/api/auth/me')).body];
      const demote = (client: ApiClient, who: { id: number; full_name: string; email: string }) =>
        client.put(`/api/staff-users/${who.id}`, {
          full_name: who.full_name,
          email: who.email,
          role: 'viewer',
          active: true,
        });
      const results = await Promise.all([demote(a, idB), demote(b, idA)]);
      // The loser is refused either by the guard (both ran at once) or, demoted already, by its new role.
      const [won, lost] = results.map((r) => r.status).sort();
      expect(won).toBe(200);
      expect([403, 409]).toContain(lost);
      const admins = await db
        .selectFrom('staff_users')
        .select('id')
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .execute();
      expect(admins).toHaveLength(1);
      // The file's first admin was inactive for a moment, which ended its session: it signs in again.
      await db.updateTable('staff_users').set({ active: true }).where('role', '=', 'admin').execute();
      admin = await app.signedIn('admin');
    });
  });

  describe('POST /api/staff-users/:id/password', () => {
    async function lockOut(email: string) {
      for (let i = 0; i < 10; i++) await app.client().post('/api/auth/login', { email, password: `wrong-${i}` });
    }

    it('sets a new password that unlocks a locked account and ends its sessions, audited without it', async () => {
      const staff = await createStaff(app.db, 'finance', 'locked-out@example.test');
      const session = app.client();
      await session.login(staff.email);
      await lockOut(staff.email);
      expect((await app.client().login(staff.email)).status).toBe(401);
      const listed = await admin.list('staff-users', { filter: { q: 'locked-out' } });
      expect(listed.body[0].locked_until).not.toBeNull();
      expectMatchesContract('GET', '/api/staff-users', listed.status, listed.body);

      const reset = await admin.post(`/api/staff-users/${staff.id}/password`, { password: 'a-brand-new-password' });
      expectMatchesContract('POST', `/api/staff-users/${staff.id}/password`, reset.status, reset.body);
      expect(reset.status).toBe(200);
      expect(reset.body.locked_until).toBeNull();
      expect((await session.get('/api/auth/me')).status).toBe(401);
      expect((await app.client().login(staff.email, TEST_PASSWORD)).status).toBe(401);
      expect((await app.client().login(staff.email, 'a-brand-new-password')).status).toBe(200);

      const audit = (await auditOf(staff.id)).find((a) => a.action === 'staff-users.reset-password');
      expect(audit).toMatchObject({ outcome: 'succeeded', staff_user_id: (await admin.get('/api/auth/me')).body.id });
      expect(JSON.stringify(await auditOf(staff.id))).not.toContain('a-brand-new-password');
      expect(logLines.join('')).not.toContain('a-brand-new-password');
    });

    it('holds a new password to the password rule', async () => {
      const staff = await createStaff(app.db, 'viewer', 'weak-reset@example.test');
      const weak = await admin.post(`/api/staff-users/${staff.id}/password`, { password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body).toEqual({ code: 'InvalidArgument', message: { password: 'Use at least 12 characters.' } });
      expect((await admin.post('/api/staff-users/999999/password', { password: PASSWORD })).status).toBe(404);
    });

    it('refuses sign-in alike for a locked account, a deactivated one, a wrong password and an unknown email', async () => {
      const locked = await createStaff(app.db, 'operator', 'uniform-locked@example.test');
      const gone = await createStaff(app.db, 'operator', 'uniform-gone@example.test');
      await createStaff(app.db, 'operator', 'uniform-wrong@example.test');
      await lockOut(locked.email);
      await app.db.updateTable('staff_users').set({ active: false }).where('id', '=', gone.id).execute();

      const answers = await Promise.all([
        app.client().login(locked.email, TEST_PASSWORD),
        app.client().login(gone.email, TEST_PASSWORD),
        app.client().login('uniform-wrong@example.test', 'not-the-password'),
        app.client().login('nobody-here@example.test', TEST_PASSWORD),
      ]);
      const shape = (r: (typeof answers)[number]) => ({
        status: r.status,
        body: r.body,
        retryAfter: r.headers.get('retry-after'),
        cookie: r.headers.get('set-cookie'),
      });
      const [first, ...rest] = answers.map(shape);
      expect(first).toEqual({
        status: 401,
        body: { code: 'Unauthenticated', message: 'Email or password is incorrect.' },
        retryAfter: null,
        cookie: null,
      });
      for (const other of rest) expect(other).toEqual(first);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodRow } from '../src/db/schema.ts';
import { defaultGateways } from '../src/gateways/registry.ts';
import type { StripeGateway } from '../src/gateways/stripe.gateway.ts';
import { AppError } from '../src/http/errors.ts';
import { createLogger } from '../src/logger.ts';
import { hintOf, resealStoredSecrets } from '../src/payment-methods/method-secrets.ts';
import {
  DEVELOPMENT_KEY,
  keyId,
  parseSecretsKey,
  SecretBox,
  secretBoxFromEnv,
  type SecretUnreadableError,
} from '../src/secrets/secret-box.ts';
import { startTestApp, TEST_DB, type ApiClient, type TestApp } from './harness.ts';

const SECRET_KEY = 'sk_test_51PaydeskSecretKeyValue4242';
const NEW_SECRET_KEY = 'sk_test_51PaydeskReplacedKeyValue9999';
const WEBHOOK_SECRET = 'whsec_PaydeskWebhookSigningSecret0001';

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('seals with AES-256-GCM under a fresh IV, and opens what it sealed', () => {
    const a = box.seal(SECRET_KEY, 'here');
    const b = box.seal(SECRET_KEY, 'here');
    expect(a).toMatch(new RegExp(`^pdsec:v1:${keyId(key)}:[A-Za-z0-9_-]+$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('4242');
    expect(box.open(a, 'here')).toBe(SECRET_KEY);
  });

  it('refuses a value altered, moved to another field, or sealed under a key it does not have', () => {
    const sealed = box.seal(SECRET_KEY, 'here');
    const body = Buffer.from(sealed.split(':')[3]!, 'base64url');
    body[20] = (body[20] ?? 0) ^ 1;
    const altered = `${sealed.split(':').slice(0, 3).join(':')}:${body.toString('base64url')}`;
    const unreadable = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as SecretUnreadableError).reason;
      }
      return 'opened';
    };
    expect(unreadable(() => box.open(altered, 'here'))).toBe('tampered');
    expect(unreadable(() => box.open(sealed, 'elsewhere'))).toBe('tampered');
    expect(unreadable(() => new SecretBox(randomBytes(32)).open(sealed, 'here'))).toBe('unknown_key');
    expect(unreadable(() => box.open(SECRET_KEY, 'here'))).toBe('malformed');
  });

  it('opens values sealed under a previous key after a rotation, and seals under the new one', () => {
    const sealed = box.seal(SECRET_KEY, 'here');
    const rotated = new SecretBox(randomBytes(32), [key]);
    expect(rotated.open(sealed, 'here')).toBe(SECRET_KEY);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal(SECRET_KEY, 'here'))).toBe(false);
  });

  it('reads its key from PAYDESK_SECRETS_KEY, and refuses to start in production without one', () => {
    const hex = randomBytes(32).toString('hex');
    const base64 = randomBytes(32).toString('base64');
    expect(parseSecretsKey(hex, 'K').toString('hex')).toBe(hex);
    expect(parseSecretsKey(base64, 'K').toString('base64')).toBe(base64);
    expect(() => parseSecretsKey('too-short', 'PAYDESK_SECRETS_KEY')).toThrow(/PAYDESK_SECRETS_KEY must be 32/);
    expect(() => parseSecretsKey(randomBytes(16).toString('hex'), 'K')).toThrow(/32 random bytes/);

    expect(() => secretBoxFromEnv({ NODE_ENV: 'production' })).toThrow(/PAYDESK_SECRETS_KEY is required in production/);
    const configured = secretBoxFromEnv({ NODE_ENV: 'production', PAYDESK_SECRETS_KEY: hex });
    expect(configured.development).toBe(false);
    expect(configured.keyId).toBe(keyId(Buffer.from(hex, 'hex')));
    const development = secretBoxFromEnv({});
    expect(development.development).toBe(true);
    expect(development.keyId).toBe(keyId(DEVELOPMENT_KEY));
  });

  it('hints at a key by its kind and last four only, and not at all when it is short', () => {
    expect(hintOf(SECRET_KEY)).toBe('sk_test_…4242');
    expect(hintOf(WEBHOOK_SECRET)).toBe('whsec_…0001');
    expect(hintOf('a-long-operator-api-key-ABCD')).toBe('…ABCD');
    expect(hintOf('short-secret')).toBeNull();
  });
});

describe(`payment method secrets (${TEST_DB})`, () => {
  let app: TestApp;
  let admin: ApiClient;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp({ logger: createLogger('trace', sink) });
    admin = await app.signedIn('admin');
  });
  afterAll(() => app.close());

  const storedRow = (id: number) =>
    app.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow() as Promise<PaymentMethodRow>;
  const storedText = async (id: number) =>
    (
      await sql<{ text: string }>`select preferences::text as text from payment_methods where id = ${id}`.execute(
        app.db,
      )
    ).rows[0]!.text;

  async function createStripeMethod(name: string) {
    const created = await admin.post('/api/payment-methods', {
      type: 'stripe',
      name,
      preferences: { secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET, timeout_ms: 5000 },
    });
    expect(created.status).toBe(201);
    return created;
  }

  it('stores the credentials sealed, shows only that they are set, and hands them opened to the adapter', async () => {
    const created = await createStripeMethod('Stripe');
    const expectedWire = {
      secret_key: { configured: true, hint: 'sk_test_…4242' },
      webhook_secret: { configured: true, hint: 'whsec_…0001' },
      timeout_ms: 5000,
    };
    expect(created.body.preferences).toEqual(expectedWire);

    const text = await storedText(created.body.id);
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toContain('51Paydesk');
    const row = await storedRow(created.body.id);
    expect(row.preferences).toEqual({
      secret_key: { sealed: expect.stringMatching(/^pdsec:v1:[0-9a-f]{8}:[A-Za-z0-9_-]{40,}$/), hint: 'sk_test_…4242' },
      webhook_secret: { sealed: expect.stringMatching(/^pdsec:v1:/), hint: 'whsec_…0001' },
      timeout_ms: 5000,
    });

    const adapter = defaultGateways().forMethod(row) as StripeGateway;
    expect(adapter.config).toMatchObject({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, timeoutMs: 5000 });

    const shown = await admin.get(`/api/payment-methods/${created.body.id}`);
    expect(shown.body.preferences).toEqual(expectedWire);
    const listed = await admin.list('payment-methods', { filter: { type: 'stripe' } });
    expect(listed.body.find((m: { id: number }) => m.id === created.body.id).preferences).toEqual(expectedWire);
  });

  it('keeps a secret the form sends back as read, replaces it when given, and removes it on null', async () => {
    const created = await createStripeMethod('Stripe, edited');
    const before = (await storedRow(created.body.id)).preferences;

    const renamed = await admin.put(`/api/payment-methods/${created.body.id}`, {
      ...created.body,
      name: 'Stripe (EU)',
    });
    expect(renamed.status).toBe(200);
    expect((await storedRow(created.body.id)).preferences).toEqual(before);

    const replaced = await admin.put(`/api/payment-methods/${created.body.id}`, {
      ...renamed.body,
      preferences: { ...renamed.body.preferences, secret_key: NEW_SECRET_KEY, webhook_secret: null },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.preferences).toEqual({
      secret_key: { configured: true, hint: 'sk_test_…9999' },
      timeout_ms: 5000,
    });
    const row = await storedRow(created.body.id);
    expect((defaultGateways().forMethod(row) as StripeGateway).config).toMatchObject({
      secretKey: NEW_SECRET_KEY,
      webhookSecret: null,
    });

    // Preferences left out altogether keep everything; a preference given without its secrets keeps them too.
    const { preferences: _, ...withoutPreferences } = replaced.body;
    await admin.put(`/api/payment-methods/${created.body.id}`, withoutPreferences);
    await admin.put(`/api/payment-methods/${created.body.id}`, {
      ...withoutPreferences,
      preferences: { timeout_ms: 9000 },
    });
    const kept = await storedRow(created.body.id);
    expect(kept.preferences).toEqual({ secret_key: row.preferences.secret_key, timeout_ms: 9000 });

    const refused = await admin.put(`/api/payment-methods/${created.body.id}`, {
      ...withoutPreferences,
      preferences: { secret_key: 1234 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual({ 'preferences.secret_key': 'A secret is text (or null to remove it).' });
  });

  it('refuses a Stripe secret that is not one while it can still be seen, without echoing it', async () => {
    const refused = await admin.post('/api/payment-methods', {
      type: 'stripe',
      name: 'Stripe, mistyped',
      preferences: { secret_key: 'pk_test_PublishableNotSecret1234', webhook_secret: 'sk_test_swapped0000' },
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.message).sort()).toEqual(['preferences.secret_key', 'preferences.webhook_secret']);
    expect(JSON.stringify(refused.body)).not.toContain('PublishableNotSecret');
    expect(
      await app.db.selectFrom('payment_methods').select('id').where('name', '=', 'Stripe, mistyped').execute(),
    ).toEqual([]);
  });

  it('never lets a secret out: not in any answer, audit event or log line', async () => {
    const created = await createStripeMethod('Stripe, audited');
    await admin.put(`/api/payment-methods/${created.body.id}`, {
      ...created.body,
      preferences: { ...created.body.preferences, secret_key: NEW_SECRET_KEY },
    });
    const refused = await admin.put(`/api/payment-methods/${created.body.id}`, {
      ...created.body,
      preferences: { secret_key: 42 },
    });
    expect(refused.status).toBe(400);
    const answers = [
      await admin.get(`/api/payment-methods/${created.body.id}`),
      await admin.list('payment-methods'),
      await admin.list('audit-events', { filter: { resource: 'payment-methods' }, range: [0, 99] }),
    ];
    expect(answers[2]!.body.length).toBeGreaterThanOrEqual(3);
    const events = (answers[2]!.body as { record_id: string; outcome: string; note: string | null; id: number }[])
      .filter((event) => event.record_id === String(created.body.id))
      .sort((a, b) => a.id - b.id);
    expect(events.map(({ outcome, note }) => ({ outcome, note }))).toEqual([
      { outcome: 'succeeded', note: 'Secrets: secret_key set, webhook_secret set.' },
      { outcome: 'succeeded', note: 'Secrets: secret_key replaced.' },
      { outcome: 'refused', note: null },
    ]);
    const audit = await sql<{ text: string }>`select row_to_json(a)::text as text from audit_events a`.execute(app.db);
    const everything = [
      ...answers.map((answer) => JSON.stringify(answer.body)),
      ...audit.rows.map((r) => r.text),
      lines.join(''),
    ].join('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of [SECRET_KEY, NEW_SECRET_KEY, WEBHOOK_SECRET, '51Paydesk', 'WebhookSigning'])
      expect(everything).not.toContain(secret);
  });

  it('seals credentials stored in the clear at start-up, and again under a new key after a rotation', async () => {
    const legacy = await app.db
      .insertInto('payment_methods')
      .values({
        type: 'sandbox',
        name: 'Sandbox (stored in the clear)',
        preferences: JSON.stringify({ base_url: 'http://127.0.0.1:4010', api_key: 'sandbox-legacy-key-0042' }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shown = await admin.get(`/api/payment-methods/${legacy.id}`);
    expect(shown.body.preferences.api_key).toEqual({ configured: true, hint: '…0042' });

    const box = secretBoxFromEnv({});
    expect(await resealStoredSecrets(app.db, box)).toBeGreaterThanOrEqual(1);
    expect(await storedText(legacy.id)).not.toContain('sandbox-legacy-key');
    expect(await resealStoredSecrets(app.db, box)).toBe(0);
    const sealedUnderDevelopmentKey = await storedRow(legacy.id);
    expect(defaultGateways(box).forMethod(sealedUnderDevelopmentKey)).toMatchObject({
      config: { apiKey: 'sandbox-legacy-key-0042' },
    });

    // A new key: what the old one sealed no longer opens, until the old one is given as a previous key.
    const newKey = randomBytes(32);
    const rotated = new SecretBox(newKey, [DEVELOPMENT_KEY]);
    let refusal: unknown;
    try {
      defaultGateways(new SecretBox(randomBytes(32))).forMethod(sealedUnderDevelopmentKey);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('InvalidState');
    expect((refusal as AppError).message).toMatch(/api_key cannot be read/);

    expect(await resealStoredSecrets(app.db, rotated)).toBeGreaterThanOrEqual(1);
    const resealed = await storedRow(legacy.id);
    expect(resealed.preferences.api_key).not.toEqual(sealedUnderDevelopmentKey.preferences.api_key);
    expect(defaultGateways(new SecretBox(newKey)).forMethod(resealed)).toMatchObject({
      config: { apiKey: 'sandbox-legacy-key-0042' },
    });
  });
});

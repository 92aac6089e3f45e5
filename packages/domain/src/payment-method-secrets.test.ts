import { describe, expect, it } from 'vitest';
import { isConfiguredSecret, isSecretPreference, secretPreferencesOf } from './payment-method-secrets.ts';

describe('payment method secrets', () => {
  it('knows a secret by its name', () => {
    for (const name of [
      'secret_key',
      'webhook_secret',
      'api_key',
      'apiKey',
      'notification_secret',
      'password',
      'token',
    ])
      expect(isSecretPreference(name)).toBe(true);
    for (const name of ['api_base', 'base_url', 'timeout_ms', 'authorization_ttl_days', 'max_concurrency'])
      expect(isSecretPreference(name)).toBe(false);
  });

  it("lists a type's own secrets first, then any other secret the method has stored", () => {
    expect(secretPreferencesOf('stripe')).toEqual(['secret_key', 'webhook_secret']);
    expect(secretPreferencesOf('carrier', { api_key: {}, legacy_token: {}, base_url: 'x' })).toEqual([
      'api_key',
      'notification_secret',
      'legacy_token',
    ]);
    expect(secretPreferencesOf('check', { payable_to: 'Paydesk' })).toEqual([]);
  });

  it('reads a set secret as the API shows it', () => {
    expect(isConfiguredSecret({ configured: true, hint: 'sk_test_…4242' })).toBe(true);
    expect(isConfiguredSecret('********')).toBe(false);
    expect(isConfiguredSecret(null)).toBe(false);
  });
});

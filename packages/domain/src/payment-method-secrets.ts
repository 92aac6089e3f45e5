/**
 * Which of a payment method's preferences are secrets (gateway credentials): stored encrypted, never sent
 * back, written only. The API shows a set secret as `{configured: true, hint}`.
 */

/** Preference names that hold secrets, whatever the method's type. */
export const SECRET_PREFERENCE = /secret|password|passwd|token|api[_-]?key|private/i;

export const isSecretPreference = (name: string): boolean => SECRET_PREFERENCE.test(name);

/** The secrets each type's adapter reads: what the console offers to set. */
export const SECRET_PREFERENCES_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  sandbox: ['api_key'],
  carrier: ['api_key', 'notification_secret'],
  stripe: ['secret_key', 'webhook_secret'],
};

/** A set secret as the API shows it. */
export interface ConfiguredSecret {
  configured: true;
  /** Its kind and last four (`sk_test_…4242`), or null for a short secret. */
  hint: string | null;
}

export const isConfiguredSecret = (value: unknown): value is ConfiguredSecret =>
  typeof value === 'object' && value !== null && (value as { configured?: unknown }).configured === true;

/** The secrets a method of this type may have: its adapter's, and any other secret it has stored. */
export function secretPreferencesOf(type: string, preferences: Record<string, unknown> = {}): string[] {
  const names = [...(SECRET_PREFERENCES_BY_TYPE[type] ?? [])];
  for (const name of Object.keys(preferences)) if (isSecretPreference(name) && !names.includes(name)) names.push(name);
  return names;
}

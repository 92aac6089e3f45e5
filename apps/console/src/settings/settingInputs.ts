/**
 * How each setting is edited, mirroring the BFF's settings.definitions.ts (which checks every PUT again):
 * a switch for true/false, a number with its bounds, a time zone picked from the browser's list, a list of
 * webhook URLs, or nothing for settings not changed by hand.
 * A setting the console does not know yet is edited by the type of its value, bounded by the server only.
 */
export type SettingInput =
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number; step?: number; unit?: string }
  | { kind: 'time_zone' }
  | { kind: 'url_list'; max: number }
  | { kind: 'read_only' };

export const SETTING_INPUTS: Record<string, SettingInput> = {
  store_default_auto_capture: { kind: 'boolean' },
  fraud_claim_ttl_minutes: { kind: 'number', integer: true, min: 1, max: 24 * 60, unit: 'minutes' },
  fraud_review_sla_hours: { kind: 'number', integer: false, min: 0.25, max: 24 * 7, step: 0.25, unit: 'hours' },
  spike_window_minutes: { kind: 'number', integer: true, min: 1, max: 24 * 60, unit: 'minutes' },
  spike_significance: { kind: 'number', integer: false, min: 1e-9, max: 0.1, step: 0.00001 },
  spike_min_effect: { kind: 'number', integer: false, min: 0, max: 0.9, step: 0.01 },
  spike_factor: { kind: 'number', integer: false, min: 1, max: 100, step: 0.5, unit: 'times' },
  spike_baseline_days: { kind: 'number', integer: true, min: 1, max: 90, unit: 'days' },
  spike_baseline_weeks: { kind: 'number', integer: true, min: 0, max: 8, unit: 'weeks' },
  shop_time_zone: { kind: 'time_zone' },
  alert_webhook_urls: { kind: 'url_list', max: 10 },
  demo_staff: { kind: 'read_only' },
};

export function settingInput(id: string, value: unknown): SettingInput {
  const known = SETTING_INPUTS[id];
  if (known) return known;
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (typeof value === 'number') return { kind: 'number', integer: Number.isInteger(value) };
  return { kind: 'read_only' };
}

/** The IANA zones the browser knows (what the BFF accepts), UTC first. */
export function timeZoneNames(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...known.filter((zone) => zone !== 'UTC')];
}

/**
 * How each setting is edited, mirroring the BFF's settings.definitions.ts (which checks every PUT again):
 * a switch for true/false, a number with its bounds, or nothing for settings not changed by hand.
 * A setting the console does not know yet is edited by the type of its value, bounded by the server only.
 */
export type SettingInput =
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number; step?: number; unit?: string }
  | { kind: 'read_only' };

export const SETTING_INPUTS: Record<string, SettingInput> = {
  store_default_auto_capture: { kind: 'boolean' },
  fraud_claim_ttl_minutes: { kind: 'number', integer: true, min: 1, max: 24 * 60, unit: 'minutes' },
  fraud_review_sla_hours: { kind: 'number', integer: false, min: 0.25, max: 24 * 7, step: 0.25, unit: 'hours' },
  spike_window_minutes: { kind: 'number', integer: true, min: 1, max: 24 * 60, unit: 'minutes' },
  spike_factor: { kind: 'number', integer: false, min: 1, max: 100, step: 0.5, unit: 'times' },
  spike_min_failures: { kind: 'number', integer: true, min: 1, max: 100_000, unit: 'failures' },
  spike_baseline_days: { kind: 'number', integer: true, min: 1, max: 90, unit: 'days' },
  demo_staff: { kind: 'read_only' },
};

export function settingInput(id: string, value: unknown): SettingInput {
  const known = SETTING_INPUTS[id];
  if (known) return known;
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (typeof value === 'number') return { kind: 'number', integer: Number.isInteger(value) };
  return { kind: 'read_only' };
}

import { z } from 'zod';

/** Every setting Paydesk knows, with its default and what a valid value is. */
export const SETTINGS = {
  store_default_auto_capture: {
    description: 'Whether payment methods set to "Store default" capture at once (true) or only authorize (false).',
    schema: z.boolean(),
    default: false,
  },
  demo_staff: {
    description: 'The demo staff accounts exist, and the login page shows them.',
    schema: z.boolean(),
    default: false,
    readOnly: true,
  },
} as const satisfies Record<string, { description: string; schema: z.ZodType; default: unknown; readOnly?: boolean }>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

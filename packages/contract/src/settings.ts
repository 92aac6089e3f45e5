import { z } from 'zod';
import { nullableTimestamp, recordId, timestamp } from './common.ts';

/** A change that weakens a money control, waiting for a second admin. */
export const pendingSettingChange = z
  .object({
    id: recordId,
    value: z.unknown(),
    requested_by: recordId,
    requested_at: timestamp,
  })
  .strict()
  .meta({ id: 'PendingSettingChange' });

export type PendingSettingChange = z.infer<typeof pendingSettingChange>;

/** The staff API's settings (`/api/settings`): few and known, the list always whole; only `value` is written. */
export const setting = z
  .object({
    id: z.string().meta({ description: 'The setting\'s key, such as "store_default_auto_capture".' }),
    value: z.unknown().meta({ description: 'The stored value, or the default while none is stored.' }),
    description: z.string(),
    updated_at: nullableTimestamp.meta({ description: 'null while the setting still has its default value.' }),
    pending_change: pendingSettingChange.nullable(),
  })
  .strict()
  .meta({ id: 'Setting' });

export type Setting = z.infer<typeof setting>;

export const settingList = z.array(setting);

/** `PUT /api/settings/<id>`: the new value, checked against the setting's own rule. */
export const settingBody = z.object({ value: z.unknown() }).meta({ id: 'SettingRequest' });

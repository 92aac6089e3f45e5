import type { Db, Tx } from '../db/database.ts';
import { SETTINGS, type SettingKey, type SettingValue } from './settings.definitions.ts';

export interface SettingRecord {
  id: SettingKey;
  value: unknown;
  description: string;
  updated_at: Date | null;
}

/** All known settings, stored values over defaults. */
export async function listSettings(db: Db): Promise<SettingRecord[]> {
  const rows = await db.selectFrom('settings').selectAll().execute();
  const stored = new Map(rows.map((row) => [row.key, row]));
  return (Object.keys(SETTINGS) as SettingKey[]).map((key) => ({
    id: key,
    value: stored.has(key) ? stored.get(key)!.value : SETTINGS[key].default,
    description: SETTINGS[key].description,
    updated_at: stored.get(key)?.updated_at ?? null,
  }));
}

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return settingValue(key, row?.value);
}

/** Several settings as they apply (getSetting's values), read in one query. */
export async function getSettings<K extends SettingKey>(
  db: Db,
  keys: readonly K[],
): Promise<{ [P in K]: SettingValue<P> }> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
  const stored = new Map<string, unknown>(rows.map((row) => [row.key, row.value]));
  return Object.fromEntries(keys.map((key) => [key, settingValue(key, stored.get(key))])) as {
    [P in K]: SettingValue<P>;
  };
}

/** A setting's stored value (undefined: none stored) as it applies: the default when it is missing or invalid. */
export function settingValue<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const parsed = SETTINGS[key].schema.safeParse(stored);
  return (parsed.success ? parsed.data : SETTINGS[key].default) as SettingValue<K>;
}

export async function putSetting<K extends SettingKey>(db: Db, key: K, value: SettingValue<K>): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}

export interface PendingSettingChange {
  id: number;
  value: unknown;
  requested_by: number;
  requested_at: Date;
}

/** The change waiting for a second admin, per setting. */
export async function pendingSettingChanges(db: Db): Promise<Map<string, PendingSettingChange>> {
  const rows = await db
    .selectFrom('setting_changes')
    .select(['id', 'key', 'value', 'requested_by', 'requested_at'])
    .where('status', '=', 'pending')
    .execute();
  return new Map(rows.map(({ key, ...change }) => [key, change]));
}

/** Files a change for a second admin; an older pending change of the same setting is superseded. */
export async function fileSettingChange(
  tx: Tx,
  key: SettingKey,
  value: unknown,
  requestedBy: number,
): Promise<PendingSettingChange> {
  await tx
    .updateTable('setting_changes')
    .set({ status: 'superseded', decided_by: requestedBy, decided_at: new Date() })
    .where('key', '=', key)
    .where('status', '=', 'pending')
    .execute();
  return tx
    .insertInto('setting_changes')
    .values({ key, value: JSON.stringify(value), requested_by: requestedBy })
    .returning(['id', 'value', 'requested_by', 'requested_at'])
    .executeTakeFirstOrThrow();
}

/** The setting's pending change, locked until the transaction decides it. */
export function lockPendingSettingChange(tx: Tx, key: SettingKey): Promise<PendingSettingChange | undefined> {
  return tx
    .selectFrom('setting_changes')
    .select(['id', 'value', 'requested_by', 'requested_at'])
    .where('key', '=', key)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
}

export async function decideSettingChange(
  tx: Tx,
  id: number,
  status: 'applied' | 'rejected',
  decidedBy: number,
): Promise<void> {
  await tx
    .updateTable('setting_changes')
    .set({ status, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .execute();
}

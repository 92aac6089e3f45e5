import type { Db } from '../db/database.ts';
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
  const parsed = SETTINGS[key].schema.safeParse(row?.value);
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

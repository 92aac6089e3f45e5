import { callbackUrlProblem } from '../callbacks/callback-url.ts';
import type { Db } from '../db/database.ts';
import { getSetting } from './settings.repository.ts';
import type { SettingKey } from './settings.definitions.ts';

/**
 * What a setting's schema cannot say about a value: alert webhook URLs are checked as storefront callback
 * URLs are at intake (http(s), no credentials, no loopback or private address unless
 * callbacks_allow_private_addresses), and again at each delivery. Null when the value may be saved.
 */
export async function settingValueProblem(db: Db, key: SettingKey, value: unknown): Promise<string | null> {
  if (key !== 'alert_webhook_urls') return null;
  const allowPrivate = await getSetting(db, 'callbacks_allow_private_addresses');
  const urls = value as string[];
  for (const [i, url] of urls.entries()) {
    const problem = await callbackUrlProblem(url, allowPrivate, false);
    if (problem) return `URL ${i + 1} (${url}): ${problem}`;
  }
  return null;
}

import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from './en.ts';

/**
 * A message key as the console writes them: `paydesk.…`, `resources.<name>.…` or react-admin's `ra.…`, dotted
 * words without spaces. Anything else given to translate() is a sentence from the API, shown as it is.
 */
export const MESSAGE_KEY = /^(paydesk|resources|ra)(\.[A-Za-z0-9_]+)+$/;

type MissingListener = (key: string) => void;
let onMissing: MissingListener | undefined;

/** Told of every message key the catalogue lacks (the tests fail on any); undefined to stop. */
export function listenForMissingMessages(listener: MissingListener | undefined): void {
  onMissing = listener;
}

/** `fraud_analyst` → `Fraud analyst`: what a missing key's screen shows instead of the key. */
export function humanizeKey(key: string): string {
  const last = key.slice(key.lastIndexOf('.') + 1).replace(/_/g, ' ');
  return last.charAt(0).toUpperCase() + last.slice(1);
}

function interpolate(text: string, options: Record<string, unknown>): string {
  return text.replace(/%\{(\w+)\}/g, (whole, name: string) => (name in options ? String(options[name]) : whole));
}

/**
 * English only for now. A sentence from the API passes through translate() unchanged (its %{…} filled in); a
 * message key missing from the catalogue never reaches the screen raw: it shows as its last word, humanized,
 * and is reported (a warning in development, a failure in the tests).
 */
export const i18nProvider = polyglotI18nProvider(() => en, 'en', [{ locale: 'en', name: 'English' }], {
  onMissingKey(key: string, options: Record<string, unknown>) {
    if (!MESSAGE_KEY.test(key)) return interpolate(key, options ?? {});
    if (onMissing) onMissing(key);
    else if (import.meta.env?.DEV) console.warn(`Missing translation: ${key}`);
    return humanizeKey(key);
  },
});

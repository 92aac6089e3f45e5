/**
 * One way to write a moment everywhere in the console: the staff member's locale and time zone, the zone
 * named ("Nov 21, 2026, 9:15 AM UTC", "… 10:15:03 AM GMT+1"), seconds where they matter.
 */
const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = DATE_TIME;
export const DATE_TIME_SECONDS_OPTIONS: Intl.DateTimeFormatOptions = { ...DATE_TIME, second: '2-digit' };

/** The time zone times are shown in: the browser's (an IANA name such as "Europe/Berlin"). */
export function displayTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A moment (ISO 8601 string, epoch ms or Date) as the console writes it; "—" for none. */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  { seconds = false }: { seconds?: boolean } = {},
): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, seconds ? DATE_TIME_SECONDS_OPTIONS : DATE_TIME_OPTIONS);
}

/** How monitoring shows rates and times: "58.3%", "2.2%", "0%", "—" when nothing was attempted. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const percent = rate * 100;
  const digits = percent === 0 || percent >= 10 ? 0 : 1;
  return `${percent.toLocaleString('en', { minimumFractionDigits: 0, maximumFractionDigits: digits })}%`;
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const TIME_WITH_SECONDS: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
const DAY_AND_TIME: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };

/** A time of day in the staff member's locale and time zone ("14:05"), with the date if it was not today. */
export function formatTime(
  iso: string,
  { seconds = false, now = new Date() }: { seconds?: boolean; now?: Date } = {},
): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  return date.toLocaleString(undefined, sameDay ? (seconds ? TIME_WITH_SECONDS : TIME) : DAY_AND_TIME);
}

/** The label of a chart's time axis: hours and minutes over a day, the date over a week or a month. */
export function formatAxisTime(ms: number, range: '24h' | '7d' | '30d'): string {
  const date = new Date(ms);
  if (range === '24h') return date.toLocaleTimeString(undefined, TIME);
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** The tooltip's time of a bucket: "May 12, 14:05–14:10". */
export function formatBucket(startMs: number, endMs: number): string {
  const start = new Date(startMs);
  const end = new Date(endMs);
  return `${start.toLocaleString(undefined, DAY_AND_TIME)}–${end.toLocaleTimeString(undefined, TIME)}`;
}

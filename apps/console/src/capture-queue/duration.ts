import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes in a span of milliseconds (rounded down; negative spans count as 0). */
export function splitDuration(ms: number): DurationParts {
  const span = Math.max(0, Math.floor(ms));
  return {
    days: Math.floor(span / DAY),
    hours: Math.floor((span % DAY) / HOUR),
    minutes: Math.floor((span % HOUR) / MINUTE),
  };
}

/**
 * The two largest units that matter, as staff say it: "3 days 4 h", "5 h 12 min", "12 min", "under a minute".
 */
export function useFormatDuration(): (ms: number) => string {
  const translate = useTranslate();
  return (ms: number) => {
    const { days, hours, minutes } = splitDuration(ms);
    const day = translate('paydesk.duration.days', { smart_count: days });
    const hour = translate('paydesk.duration.hours', { smart_count: hours });
    const minute = translate('paydesk.duration.minutes', { smart_count: minutes });
    if (days > 0) return hours > 0 ? `${day} ${hour}` : day;
    if (hours > 0) return minutes > 0 ? `${hour} ${minute}` : hour;
    if (minutes > 0) return minute;
    return translate('paydesk.duration.under_a_minute');
  };
}

/** The current time, renewed every `intervalMs`: a queue kept open all day keeps its ages true. */
export function useNow(intervalMs = MINUTE): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Below this, an authorization is about to lapse: capture it now or lose it. */
export const EXPIRY_WARNING_MS = DAY;

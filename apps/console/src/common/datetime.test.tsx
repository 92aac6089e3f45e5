import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import { DateTimeField } from './DateTimeField.tsx';
import { displayTimeZone, formatDateTime } from './datetime.ts';

/** The zone's short name as the browser writes it for that moment ("UTC", "GMT+1", "CET"). */
const zoneOf = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')!.value;

describe('times', () => {
  it('are written in one format, in the browser’s time zone, the zone named', () => {
    const iso = '2026-11-21T09:15:03Z';
    const text = formatDateTime(iso);
    expect(text).toContain('2026');
    expect(text.endsWith(zoneOf(iso))).toBe(true);
    expect(text).not.toContain(':03');
    expect(formatDateTime(iso, { seconds: true })).toContain(':03');
    expect(formatDateTime(Date.parse(iso))).toBe(text);
    expect(formatDateTime(new Date(iso))).toBe(text);
    expect(displayTimeZone()).toMatch(/\w/);
  });

  it('write nothing as a dash', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a time')).toBe('—');
  });

  it('show in lists and on pages the same way, with the zone', async () => {
    const iso = '2026-11-21T09:15:03Z';
    renderInAdmin(
      <>
        <DateTimeField source="created_at" />
        <DateTimeField source="created_at" precise />
      </>,
      { record: { id: 1, created_at: iso } },
    );
    expect(await screen.findByText(formatDateTime(iso))).toBeTruthy();
    expect(screen.getByText(formatDateTime(iso, { seconds: true }))).toBeTruthy();
  });
});

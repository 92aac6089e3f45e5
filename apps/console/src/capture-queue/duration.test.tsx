import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AdminContext } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { i18nProvider } from '../i18n/i18nProvider.ts';
import { testStore } from '../test/render.tsx';
import { splitDuration, useFormatDuration } from './duration.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('splitDuration', () => {
  it('splits into whole days, hours and minutes, rounding down', () => {
    expect(splitDuration(3 * DAY + 4 * HOUR + 59 * MINUTE + 59_999)).toEqual({ days: 3, hours: 4, minutes: 59 });
    expect(splitDuration(-5 * MINUTE)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});

describe('useFormatDuration', () => {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AdminContext i18nProvider={i18nProvider} store={testStore}>
      {children}
    </AdminContext>
  );
  const format = () => renderHook(() => useFormatDuration(), { wrapper }).result.current;

  it.each([
    [3 * DAY + 4 * HOUR + 30 * MINUTE, '3 days 4 h'],
    [1 * DAY + 5 * MINUTE, '1 day'],
    [2 * DAY, '2 days'],
    [5 * HOUR + 12 * MINUTE, '5 h 12 min'],
    [7 * HOUR, '7 h'],
    [12 * MINUTE, '12 min'],
    [30_000, 'under a minute'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(format()(ms)).toBe(text);
  });
});

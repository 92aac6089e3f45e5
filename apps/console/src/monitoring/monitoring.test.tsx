import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import { paymentsListPath } from './api.ts';
import { chartPoints, spikeAreas, windowMinutes } from './chartData.ts';
import { drillDownFilter, DrillDownNotice } from './DrillDownNotice.tsx';
import { calmAlert, methodSpikeAlert, series, spikeAlert } from './fixtures.ts';
import { formatRate } from './format.ts';
import { SpikeAlertBanner } from './SpikeAlertBanner.tsx';
import { REFRESH_MS } from './useMonitoring.ts';

function stubFetch(answer: (url: string) => Response) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => answer(decodeURIComponent(String(input))));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('formatRate', () => {
  it.each([
    [null, '—'],
    [0, '0%'],
    [0.022, '2.2%'],
    [0.04, '4%'],
    [0.5833, '58%'],
    [1, '100%'],
  ])('shows %s as %s', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});

describe('the chart data', () => {
  it('turns rates into percent, keeps gaps as gaps, and shades the spikes', () => {
    const points = chartPoints(series);
    expect(points.map((p) => [p.attempts, p.failures, p.rate, p.windowRate, p.baseline, p.threshold, p.spike])).toEqual(
      [
        [16, 1, 6.25, 6.25, 2.2, 7.2, false],
        [24, 14, 58.33, 37.5, 2.2, 7.2, true],
        [0, 0, null, 37.5, 2.2, 7.2, true],
      ],
    );
    // The band, in percent, around the rate drawn: wide with 16 attempts, narrower with 40.
    expect(points.map((p) => p.band)).toEqual([
      [1.11, 28.33],
      [24.21, 52.91],
      [24.21, 52.91],
    ]);
    expect(chartPoints({ ...series, buckets: [{ ...series.buckets[0]!, band: null }] })[0]!.band).toBeNull();
    expect(windowMinutes(series)).toBe(15);
    expect(windowMinutes({ ...series, bucket: '1h' })).toBe(60);
    expect(points[0]!.t).toBe(Date.parse('2026-11-21T14:30:00.000Z'));
    expect(spikeAreas(series)).toEqual([
      { x1: Date.parse('2026-11-21T14:35:00.000Z'), x2: Date.parse('2026-11-21T14:45:00.000Z') },
    ]);
  });
});

describe('SpikeAlertBanner', () => {
  afterEach(() => vi.useRealTimers());

  it('names the spiking signal, its window, rate and baseline, and links to exactly its failing payments', async () => {
    stubFetch(() => jsonResponse(spikeAlert));
    renderInAdmin(<SpikeAlertBanner />, { dataProvider });
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Failed-order spike: Technical failures');
    expect(banner.textContent).toMatch(
      /Technical failures: 12 of 24 in the last 15 minutes \(.+–.+\): 50%, against a baseline of 0\.4% over the 7 days before/,
    );
    const link = screen.getByRole('link', { name: 'Show the 12 failing payments' });
    expect(decodeURIComponent(link.getAttribute('href')!)).toBe(
      `#${decodeURIComponent(paymentsListPath(spikeAlert.filter))}`,
    );
  });

  it("names the payment method of a method's own spike, its numbers, and links to exactly its failing payments", async () => {
    stubFetch(() => jsonResponse(methodSpikeAlert));
    renderInAdmin(<SpikeAlertBanner />, { dataProvider });
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Failed-order spike: Technical failures of Carrier billing');
    // The method's own window and baseline, not every method's (6 of 206).
    expect(banner.textContent).toMatch(
      /Technical failures of Carrier billing: 6 of 6 in the last 15 minutes \(.+–.+\): 100%, against a baseline of 1\.3% over the 7 days before/,
    );
    const link = screen.getByRole('link', { name: 'Show the 6 failing payments' });
    const href = decodeURIComponent(link.getAttribute('href')!);
    expect(href).toBe(`#${decodeURIComponent(paymentsListPath(methodSpikeAlert.filter))}`);
    expect(href).toContain('"payment_method_id":3');
  });

  it('names every spike, of every method and of a method', async () => {
    const both = {
      ...methodSpikeAlert,
      spikes: [
        { signal: 'capture' as const, payment_method_id: null, payment_method_name: null },
        ...methodSpikeAlert.spikes,
      ],
    };
    stubFetch(() => jsonResponse(both));
    renderInAdmin(<SpikeAlertBanner />, { dataProvider });
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Failed-order spike: Capture failures, Technical failures of Carrier billing');
  });

  it('shows nothing while there is no spike', async () => {
    const fetchMock = stubFetch(() => jsonResponse(calmAlert));
    renderInAdmin(<SpikeAlertBanner />, { dataProvider });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith('/api/monitoring/alerts', expect.anything()));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks again every 30 seconds, and raises the banner when a spike starts', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const answers = [calmAlert, spikeAlert];
    const fetchMock = stubFetch(() => jsonResponse(answers.length > 1 ? answers.shift() : answers[0]));
    renderInAdmin(<SpikeAlertBanner />, { dataProvider });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(REFRESH_MS);
    });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(await screen.findByRole('alert')).toBeTruthy();
  });
});

describe('DrillDownNotice', () => {
  beforeEach(() => {
    window.location.hash = '';
  });

  it('reads the drill-down filter of the payments list only', () => {
    const search = `?filter=${encodeURIComponent(JSON.stringify(spikeAlert.by_message[0]!.filter))}`;
    expect(drillDownFilter('/payments', search)).toEqual(spikeAlert.by_message[0]!.filter);
    expect(drillDownFilter('/orders', search)).toBeNull();
    expect(drillDownFilter('/payments', `?filter=${encodeURIComponent('{"status":["error"]}')}`)).toBeNull();
    expect(drillDownFilter('/payments', '?filter=%7Bnot json')).toBeNull();
  });

  it('says what the payments list is narrowed to, and offers to show all payments', async () => {
    stubFetch(() => jsonResponse({ id: 2, name: 'Credit card' }));
    window.location.hash = `#${paymentsListPath({ ...spikeAlert.by_payment_method[0]!.filter })}`;
    renderInAdmin(<DrillDownNotice />, { dataProvider });
    const notice = await screen.findByText(/Payments with a failed attempt between .+ and .+ · by Credit card\./);
    expect(notice).toBeTruthy();
    const all = screen.getByRole('link', { name: 'Show all payments' });
    expect(decodeURIComponent(all.getAttribute('href')!)).toBe('#/payments?filter={}');
  });

  it('names the kind of failure, or the money operation, a signal drills down to', async () => {
    stubFetch(() => jsonResponse({}));
    window.location.hash = `#${paymentsListPath({ ...spikeAlert.filter, failed_attempt_kind: 'technical' })}`;
    const { unmount } = renderInAdmin(<DrillDownNotice />, { dataProvider });
    expect(await screen.findByText(/^Payments with a technical failure between .+ and .+\.$/)).toBeTruthy();
    unmount();
    const capture = spikeAlert.signals.find((s) => s.signal === 'capture')!;
    window.location.hash = `#${paymentsListPath(capture.filter)}`;
    renderInAdmin(<DrillDownNotice />, { dataProvider });
    expect(await screen.findByText(/^Payments with a failed capture between .+ and .+\.$/)).toBeTruthy();
    const all = screen.getByRole('link', { name: 'Show all payments' });
    expect(decodeURIComponent(all.getAttribute('href')!)).toBe('#/payments?filter={}');
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import type { FraudQueueHealth } from '../types.ts';
import { QUEUE_HEALTH_POLL_MS, QueueHealthCard } from './QueueHealthCard.tsx';

function stubHealth(...answers: FraudQueueHealth[]) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    expect(String(input)).toBe('/api/fraud-reviews/health');
    return jsonResponse(answers.length > 1 ? answers.shift() : answers[0]);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const figure = (label: string) => within(screen.getByRole('group', { name: label }));

const busy: FraudQueueHealth = {
  open: 29,
  oldest_created_at: '2026-11-16T17:16:12.645Z',
  oldest_age_seconds: 4 * 86_400 + 19 * 3600 + 25 * 60,
  sla_seconds: 4 * 3600,
  sla_breached: true,
  decisions_today: 3,
  decisions_7d: 12,
  accept_rate_7d: 0.6667,
};

describe('QueueHealthCard', () => {
  it('shows open reviews, the oldest one against the SLA, decisions today and the 7-day accept rate', async () => {
    stubHealth(busy);
    renderInAdmin(<QueueHealthCard />, { dataProvider });
    expect(await figure('Open reviews').findByText('29')).toBeTruthy();
    expect(figure('Oldest waiting').getByText('4 days 19 h')).toBeTruthy();
    const sla = figure('Oldest waiting').getByText('Over the 4 h SLA');
    expect(sla.closest('.MuiChip-root')!.className).toContain('MuiChip-colorError');
    expect(figure('Decisions today').getByText('3')).toBeTruthy();
    expect(figure('Accepted (7 days)').getByText('67%')).toBeTruthy();
    expect(figure('Accepted (7 days)').getByText('of 12 decisions')).toBeTruthy();
  });

  it('says when the queue is within its SLA, and when there is nothing to rate', async () => {
    stubHealth({
      ...busy,
      open: 2,
      oldest_age_seconds: 45 * 60,
      sla_breached: false,
      decisions_today: 0,
      decisions_7d: 0,
      accept_rate_7d: null,
    });
    renderInAdmin(<QueueHealthCard />, { dataProvider });
    expect(await figure('Open reviews').findByText('2')).toBeTruthy();
    expect(figure('Oldest waiting').getByText('45 min')).toBeTruthy();
    expect(figure('Oldest waiting').getByText('Within the 4 h SLA').closest('.MuiChip-root')!.className).toContain(
      'MuiChip-colorSuccess',
    );
    expect(figure('Accepted (7 days)').getByText('—')).toBeTruthy();
    expect(figure('Accepted (7 days)').getByText('No decisions in 7 days')).toBeTruthy();
  });

  it('shows an empty queue without an age', async () => {
    stubHealth({ ...busy, open: 0, oldest_created_at: null, oldest_age_seconds: null, sla_breached: false });
    renderInAdmin(<QueueHealthCard />, { dataProvider });
    expect(await figure('Open reviews').findByText('0')).toBeTruthy();
    expect(figure('Oldest waiting').getByText('—')).toBeTruthy();
    expect(figure('Oldest waiting').getByText('SLA 4 h')).toBeTruthy();
  });

  it('asks again every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const fetchMock = stubHealth(busy, { ...busy, open: 31 });
      renderInAdmin(<QueueHealthCard />, { dataProvider });
      expect(await figure('Open reviews').findByText('29')).toBeTruthy();
      expect(fetchMock).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(QUEUE_HEALTH_POLL_MS);
      await waitFor(() => expect(figure('Open reviews').getByText('31')).toBeTruthy());
      expect(fetchMock).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says so when the figures cannot be loaded', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ code: 'Internal', message: 'Something went wrong.' }, { status: 500 })),
    );
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    renderInAdmin(<QueueHealthCard />, { dataProvider });
    expect((await screen.findByRole('alert', {}, { timeout: 5000 })).textContent).toBe(
      "The queue's health could not be loaded.",
    );
  });
});

import { screen, within } from '@testing-library/react';
import { ResourceContextProvider, testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import type { AlertAttempt, AlertDelivery } from '@paydesk/contract';
import { AlertDeliveryList } from './AlertDeliveryList.tsx';
import { AlertDeliveryShow } from './AlertDeliveryShow.tsx';

const delivery: AlertDelivery = {
  id: 7,
  episode_id: 3,
  event: 'spike.started',
  url: 'https://hooks.slack.com/services/T0/B0/x',
  payload: {
    event: 'spike.started',
    signal: 'technical',
    signal_name: 'Technical failures',
    text: ':red_circle: Spike: Technical failures. 12 of 24 payment attempts failed technically.',
  },
  status: 'pending',
  attempts: 2,
  last_response_code: 500,
  last_error: 'HTTP 500',
  next_attempt_at: '2026-12-02T18:30:00.000Z',
  delivered_at: null,
  created_at: '2026-12-02T18:00:00.000Z',
};

const attempts: AlertAttempt[] = [
  { id: 12, response_code: 500, error: 'HTTP 500', duration_ms: 40, created_at: '2026-12-02T18:01:00.000Z' },
  {
    id: 11,
    response_code: null,
    error: 'connect ECONNREFUSED',
    duration_ms: 3,
    created_at: '2026-12-02T18:00:00.000Z',
  },
];

describe('spike alert deliveries', () => {
  it('lists each delivery: episode, signal, event, status, attempts, HTTP code, error, URL', async () => {
    const getList = vi.fn(async () => ({ data: [delivery], total: 1 }));
    renderInAdmin(
      <ResourceContextProvider value="monitoring/alert-deliveries">
        <AlertDeliveryList />
      </ResourceContextProvider>,
      { dataProvider: testDataProvider({ getList } as never) },
    );
    const row = (await screen.findByText('Technical failures')).closest('tr')!;
    expect(within(row).getByText('Spike started')).toBeTruthy();
    expect(within(row).getByText('Pending')).toBeTruthy();
    expect(within(row).getByText('3')).toBeTruthy();
    expect(within(row).getByText('2')).toBeTruthy();
    expect(within(row).getByText('500')).toBeTruthy();
    expect(within(row).getByText('HTTP 500')).toBeTruthy();
    expect(within(row).getByText(delivery.url)).toBeTruthy();
    expect(getList).toHaveBeenCalledWith(
      'monitoring/alert-deliveries',
      expect.objectContaining({ sort: { field: 'created_at', order: 'DESC' } }),
    );
  });

  it('shows one delivery with every attempt, the retries newest first', async () => {
    const getAlertAttempts = vi.fn(async () => attempts);
    renderInAdmin(<AlertDeliveryShow id={7} />, {
      dataProvider: testDataProvider({ getOne: async () => ({ data: delivery }), getAlertAttempts } as never),
    });
    // The message as Slack shows it, and again in the body sent.
    expect(await screen.findAllByText(/12 of 24 payment attempts failed technically/)).toHaveLength(2);
    const table = await screen.findByRole('table', { name: 'Attempts' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('500')).toBeTruthy();
    expect(within(rows[0]!).getByText('2')).toBeTruthy();
    expect(within(rows[1]!).getByText('connect ECONNREFUSED')).toBeTruthy();
    expect(getAlertAttempts).toHaveBeenCalledWith(7);
  });

  it('says so when nothing was attempted yet', async () => {
    renderInAdmin(<AlertDeliveryShow id={7} />, {
      dataProvider: testDataProvider({
        getOne: async () => ({ data: { ...delivery, attempts: 0, last_response_code: null, last_error: null } }),
        getAlertAttempts: async () => [],
      } as never),
    });
    expect(await screen.findByText('Not attempted yet.')).toBeTruthy();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResourceContextProvider } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { jsonResponse, listResponse, renderInAdmin, stubFetch } from '../test/render.tsx';
import type { CaptureRun, CaptureRunItem } from '../types.ts';
import { CaptureRunDialog } from './CaptureRunDialog.tsx';
import { CaptureRunShow } from './CaptureRunShow.tsx';

const run = (overrides: Partial<CaptureRun> = {}): CaptureRun => ({
  id: 7,
  status: 'running',
  total: 10,
  captured: 3,
  failed: 1,
  skipped: 1,
  in_flight: 2,
  remaining: 5,
  captured_amounts: { USD: '63.30' },
  selection: { filter: {} },
  retry_of: null,
  payment_method_ids: [2],
  created_by: 1,
  created_at: '2026-12-02T08:00:00.000Z',
  started_at: '2026-12-02T08:00:01.000Z',
  finished_at: null,
  canceled_by: null,
  canceled_at: null,
  ...overrides,
});

const failedItem: CaptureRunItem = {
  id: 70,
  run_id: 7,
  payment_id: 42,
  payment_identifier: 'DECLINED',
  payment_method_id: 2,
  currency: 'USD',
  amount: '30.02',
  outcome: 'failed',
  exclusion: null,
  error_code: 'GatewayDeclined',
  error_message: 'The capture was declined by the issuer',
  captured_amount: null,
  gateway_duration_ms: 12,
  started_at: '2026-12-02T08:00:02.000Z',
  finished_at: '2026-12-02T08:00:03.000Z',
};

describe('a capture run’s page', () => {
  it('follows the run as it goes: progress, counts, the failed payments and why; then retries the failed', async () => {
    let current = run();
    const api = stubFetch((url) => {
      if (url === '/api/capture-runs/7') return jsonResponse(current);
      if (url.startsWith('/api/capture-runs/7/items')) return listResponse('capture-run-items', [failedItem]);
      return undefined;
    });
    renderInAdmin(
      <ResourceContextProvider value="capture-runs">
        <CaptureRunShow id={7} />
      </ResourceContextProvider>,
      { dataProvider },
    );
    expect(await screen.findByText('50%')).toBeTruthy();
    expect(screen.getByTestId('capture-run-status').textContent).toBe('Running');
    expect(screen.getByTestId('capture-run-captured').textContent).toBe('3');
    expect(screen.getByTestId('capture-run-remaining').textContent).toBe('5');
    expect(screen.getByText('$63.30')).toBeTruthy();
    const failed = await screen.findByTestId('capture-run-failed-item');
    expect(within(failed).getByText('DECLINED')).toBeTruthy();
    expect(within(failed).getByText('The capture was declined by the issuer')).toBeTruthy();
    const items = api.requests.find((r) => r.url.startsWith('/api/capture-runs/7/items'));
    expect(items!.url).toContain('filter={"outcome":"failed"}');
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/capture-runs/7/items.csv',
    );
    // No retry while it runs.
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();

    // The page polls: the run finishes.
    current = run({ status: 'done', captured: 8, remaining: 0, in_flight: 0, finished_at: '2026-12-02T08:01:00.000Z' });
    expect(await screen.findByText('100%', {}, { timeout: 4000 })).toBeTruthy();
    expect(screen.getByTestId('capture-run-status').textContent).toBe('Done');
    expect(screen.queryByRole('button', { name: 'Cancel the run' })).toBeNull();

    api.answer(jsonResponse(run({ id: 8, total: 1, retry_of: 7 }), { status: 202 }));
    await userEvent.click(screen.getByRole('button', { name: 'Retry the 1 failed' }));
    await waitFor(() => expect(api.posts()).toHaveLength(1));
    expect(api.posts()[0]!.url).toBe('/api/capture-runs/7/retry');
    expect(api.posts()[0]!.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('cancels a run that is going', async () => {
    const api = stubFetch((url) => (url === '/api/capture-runs/7' ? jsonResponse(run()) : undefined));
    renderInAdmin(
      <ResourceContextProvider value="capture-runs">
        <CaptureRunShow id={7} />
      </ResourceContextProvider>,
      { dataProvider },
    );
    api.answer(jsonResponse(run({ status: 'canceled' })));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel the run' }));
    await waitFor(() => expect(api.posts()).toHaveLength(1));
    expect(api.posts()[0]!.url).toBe('/api/capture-runs/7/cancel');
  });
});

describe('the capture run preview', () => {
  it('shows totals per currency, what is left out and why, and what lapses soon, before anything runs', async () => {
    const api = stubFetch(() => undefined);
    api.answer(
      jsonResponse({
        matched: 12,
        capturable: 9,
        expiring_soon: 2,
        expiring_soon_hours: 24,
        by_currency: [
          { currency: 'JPY', count: 4, amount: '2000', expiring_soon: 2 },
          { currency: 'USD', count: 5, amount: '1234.50', expiring_soon: 0 },
        ],
        exclusions: [
          { reason: 'not_preauth', count: 0 },
          { reason: 'operation_in_flight', count: 1 },
          { reason: 'fraud_review', count: 1 },
          { reason: 'authorization_expired', count: 1 },
        ],
      }),
    );
    renderInAdmin(<CaptureRunDialog selection={{ filter: { payment_method_id: 2 } }} onClose={() => undefined} />, {
      dataProvider,
    });
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('9 of 12 payments will be captured, each for its full total, in the background.');
    expect(within(dialog).getByText('¥2,000')).toBeTruthy();
    expect(within(dialog).getByText('$1,234.50')).toBeTruthy();
    expect(within(dialog).getByTestId('capture-run-expiring').textContent).toBe(
      '2 authorizations lapse within 24 hours.',
    );
    expect(within(dialog).getByText('A gateway call in progress')).toBeTruthy();
    expect(within(dialog).getByText('Authorization expired')).toBeTruthy();
    expect(within(dialog).queryByText('Not preauthorized')).toBeNull();
    expect(api.posts()).toHaveLength(1);
    expect(api.posts()[0]!.body).toEqual({ filter: { payment_method_id: 2 } });
    expect(within(dialog).getByRole('button', { name: 'Capture 9 payments' })).toBeTruthy();
  });
});

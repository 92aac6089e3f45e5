import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api/csrf.ts';
import { dataProvider } from '../dataProvider.ts';
import { makePayment } from '../payment-actions/testing.tsx';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import type { Payment } from '../types.ts';
import { CaptureQueue } from './CaptureQueue.tsx';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function preauth(
  id: number,
  identifier: string,
  ageMs: number,
  ttlMs = 7 * DAY,
  overrides: Partial<Payment> = {},
): Payment {
  const created = Date.now() - ageMs;
  return makePayment({
    id,
    identifier,
    created_at: new Date(created).toISOString(),
    authorization_expires_at: new Date(created + ttlMs).toISOString(),
    ...overrides,
  });
}

const queue = [
  preauth(1, 'OLDEST22', 8 * DAY),
  preauth(2, 'SOON3333', 6 * DAY + 4 * HOUR + 5 * 60_000 + 30_000),
  preauth(3, 'FRESH444', 3 * DAY + 4 * HOUR + 10 * 60_000, 7 * DAY, { fraud_status: 'review' }),
];

const previewAnswer = {
  matched: 2,
  capturable: 1,
  expiring_soon: 0,
  expiring_soon_hours: 24,
  by_currency: [{ currency: 'USD', count: 1, amount: '120.00', expiring_soon: 0 }],
  exclusions: [
    { reason: 'not_preauth', count: 0 },
    { reason: 'operation_in_flight', count: 0 },
    { reason: 'fraud_review', count: 1 },
    { reason: 'authorization_expired', count: 0 },
  ],
};

function stubQueueApi(_unused: unknown) {
  const requests: { method: string; url: string; body: unknown; headers: Headers }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = decodeURIComponent(String(input));
    const method = init.method ?? 'GET';
    requests.push({
      method,
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: new Headers(init.headers),
    });
    if (method === 'POST' && url === '/api/capture-runs/preview') return jsonResponse(previewAnswer);
    if (method === 'POST' && url === '/api/capture-runs')
      return jsonResponse({ id: 7, status: 'queued' }, { status: 202 });
    if (url.startsWith('/api/payments?'))
      return jsonResponse(queue, { headers: { 'Content-Range': `payments 0-2/3` } });
    if (url.startsWith('/api/payment-methods')) {
      return jsonResponse([{ id: 2, name: 'Credit card (authorize only)' }], {
        headers: { 'Content-Range': 'payment-methods 0-0/1' },
      });
    }
    return jsonResponse([], { headers: { 'Content-Range': 'items */0' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  setCsrfToken('csrf-123');
  return { requests, listRequests: () => requests.filter((r) => r.url.startsWith('/api/payments?')) };
}

function rowOf(identifier: string): HTMLElement {
  return screen.getByText(identifier).closest('tr') as HTMLElement;
}

describe('the capture queue', () => {
  it('asks for preauthorized payments, oldest first', async () => {
    const api = stubQueueApi([]);
    renderInAdmin(<CaptureQueue />, { dataProvider });
    await screen.findByText('OLDEST22');
    const [request] = api.listRequests();
    expect(request!.url).toContain('filter={"status":["preauth"]}');
    expect(request!.url).toContain('sort=["created_at","ASC"]');
  });

  it("shows each authorization's age and the time left, with a chip once it is under a day or past", async () => {
    stubQueueApi([]);
    renderInAdmin(<CaptureQueue />, { dataProvider });
    await screen.findByText('OLDEST22');
    expect(within(rowOf('OLDEST22')).getByText('8 days')).toBeTruthy();
    const expired = within(rowOf('OLDEST22')).getByText('Expired');
    expect(expired.closest('.MuiChip-root')!.className).toContain('MuiChip-colorError');

    expect(within(rowOf('SOON3333')).getByText('6 days 4 h')).toBeTruthy();
    const soon = within(rowOf('SOON3333')).getByText('19 h 54 min');
    expect(soon.closest('.MuiChip-root')!.className).toContain('MuiChip-colorWarning');

    expect(within(rowOf('FRESH444')).getByText('3 days 4 h')).toBeTruthy();
    const later = within(rowOf('FRESH444')).getByText('3 days 19 h');
    expect(later.closest('.MuiChip-root')).toBeNull();
    // Held for fraud review: capture will be refused, and the queue says so.
    expect(within(rowOf('FRESH444')).getByText('Fraud: in review')).toBeTruthy();
  });

  it('captures the selected payments as a capture run: a preview first, then the run', async () => {
    const api = stubQueueApi([]);
    renderInAdmin(<CaptureQueue />, { dataProvider });
    await screen.findByText('OLDEST22');
    await userEvent.click(within(rowOf('OLDEST22')).getByRole('checkbox'));
    await userEvent.click(within(rowOf('FRESH444')).getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Capture 2 payments' }));

    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('1 of 2 payments will be captured, each for its full total, in the background.');
    expect(within(dialog).getByText('Under fraud review')).toBeTruthy();
    const [preview] = api.requests.filter((r) => r.method === 'POST');
    expect(preview!.url).toBe('/api/capture-runs/preview');
    expect(preview!.body).toEqual({ ids: [1, 3] });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture 1 payment' }));
    await waitFor(() => expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    const created = api.requests.filter((r) => r.method === 'POST')[1]!;
    expect(created.url).toBe('/api/capture-runs');
    expect(created.body).toEqual({ ids: [1, 3] });
    expect(created.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('captures every authorization the filters match as a run', async () => {
    const api = stubQueueApi([]);
    renderInAdmin(<CaptureQueue />, { dataProvider });
    await screen.findByText('OLDEST22');
    await userEvent.click(screen.getByRole('button', { name: 'Capture all that match' }));
    await screen.findByRole('dialog');
    const [preview] = api.requests.filter((r) => r.method === 'POST');
    expect(preview!.body).toEqual({ filter: {} });
  });
});

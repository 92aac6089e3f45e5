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

function stubQueueApi(bulkAnswer: unknown) {
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
    if (method === 'POST' && url === '/api/payments/bulk-capture') return jsonResponse(bulkAnswer);
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

  it('captures the selected payments in one request, then sums up and clears the selection', async () => {
    const api = stubQueueApi([
      { id: 1, ok: true, payment: { ...queue[0], status: 'confirmed' } },
      {
        id: 3,
        ok: false,
        error: { code: 'InvalidState', message: 'A payment whose fraud status is review cannot be captured.' },
      },
    ]);
    renderInAdmin(<CaptureQueue />, { dataProvider });
    await screen.findByText('OLDEST22');
    await userEvent.click(within(rowOf('OLDEST22')).getByRole('checkbox'));
    await userEvent.click(within(rowOf('FRESH444')).getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Capture selected' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Capture 2 payments?')).toBeTruthy();
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Capture 2 payments' }));

    const summary = await screen.findByText('Bulk capture finished');
    const summaryDialog = summary.closest('[role="dialog"]') as HTMLElement;
    expect(within(summaryDialog).getByText('1 of 2 payments captured.')).toBeTruthy();
    const failure = within(summaryDialog).getByText('FRESH444').closest('tr') as HTMLElement;
    expect(within(failure).getByText('A payment whose fraud status is review cannot be captured.')).toBeTruthy();
    const [post] = api.requests.filter((r) => r.method === 'POST');
    expect(post!.url).toBe('/api/payments/bulk-capture');
    expect(post!.body).toEqual({ ids: [1, 3] });
    expect(post!.headers.get('Idempotency-Key')).toBeTruthy();

    const listsBefore = api.listRequests().length;
    await userEvent.click(within(summaryDialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(api.listRequests().length).toBeGreaterThan(listsBefore));
    await waitFor(() => expect(within(rowOf('OLDEST22')).getByRole('checkbox')).toHaveProperty('checked', false));
    expect(within(rowOf('FRESH444')).getByRole('checkbox')).toHaveProperty('checked', false);
  });
});

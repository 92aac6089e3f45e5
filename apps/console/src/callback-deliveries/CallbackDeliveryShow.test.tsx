import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StaffRole } from '@paydesk/domain';
import { Notification } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../api/csrf.ts';
import { dataProvider } from '../dataProvider.ts';
import { authAs, jsonResponse, renderInAdmin } from '../test/render.tsx';
import type { CallbackAttempt, CallbackDelivery } from '../types.ts';
import { CallbackDeliveryShow } from './CallbackDeliveryShow.tsx';

const body = { token: 'a1b2c3', status: 'confirmed', price: '4.99', currency: 'USD' };

function makeDelivery(overrides: Partial<CallbackDelivery> = {}): CallbackDelivery {
  return {
    id: 12,
    transaction_id: 3,
    payment_id: 7,
    token: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    payment_status: 'confirmed',
    url: 'https://shop.example/callbacks/paydesk',
    status: 'failed',
    attempts: 2,
    last_response_code: 500,
    last_error: 'HTTP 500',
    next_attempt_at: null,
    delivered_at: null,
    created_at: '2026-11-20T09:00:00.000Z',
    currency: 'USD',
    body: JSON.stringify(body),
    ...overrides,
  };
}

const attempts: CallbackAttempt[] = [
  {
    id: 31,
    delivery_id: 12,
    response_code: 500,
    error: 'HTTP 500',
    duration_ms: 84,
    created_at: '2026-11-20T09:01:00.000Z',
  },
  {
    id: 30,
    delivery_id: 12,
    response_code: null,
    error: 'Could not connect',
    duration_ms: 12,
    created_at: '2026-11-20T09:00:01.000Z',
  },
];

/** The API at `fetch`: the delivery, its attempts, its payment; the resend marks it pending again. */
function stubApi() {
  const state = { delivery: makeDelivery() };
  const sent: { method: string; url: string; headers: Headers }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = decodeURIComponent(String(input));
      const method = (init.method ?? 'GET').toUpperCase();
      sent.push({ method, url, headers: new Headers(init.headers) });
      if (method === 'POST' && url === '/api/callback-deliveries/12/resend') {
        state.delivery = makeDelivery({ status: 'pending', next_attempt_at: '2026-11-20T10:00:00.000Z' });
        return jsonResponse(state.delivery);
      }
      if (url === '/api/callback-deliveries/12') return jsonResponse(state.delivery);
      if (url.startsWith('/api/callback-attempts?')) {
        return jsonResponse(attempts, { headers: { 'Content-Range': `callback-attempts 0-1/2` } });
      }
      if (url.startsWith('/api/payments?')) {
        return jsonResponse([{ id: 7, identifier: 'K7QW2MXR' }], { headers: { 'Content-Range': 'payments 0-0/1' } });
      }
      throw new Error(`unexpected ${method} ${url}`);
    }),
  );
  setCsrfToken('csrf-123');
  return { state, sent };
}

function renderShow(role: StaffRole = 'operator') {
  renderInAdmin(
    <>
      <CallbackDeliveryShow id={12} />
      <Notification />
    </>,
    { dataProvider, authProvider: authAs(role) },
  );
}

describe('a callback delivery', () => {
  it('shows the body sent as indented JSON, and each attempt', async () => {
    const { sent } = stubApi();
    renderShow();
    const pre = await screen.findByTestId('callback-body');
    expect(pre.textContent).toBe(JSON.stringify(body, null, 2));
    expect(await screen.findByText('Could not connect')).toBeTruthy();
    expect(
      sent.some(
        (request) => request.url.includes('/api/callback-attempts?') && request.url.includes('"delivery_id":12'),
      ),
    ).toBe(true);
  });

  it('resends after asking, through POST /resend, then shows the delivery as it now stands', async () => {
    const { sent } = stubApi();
    renderShow();
    expect(await screen.findByText('Failed')).toBeTruthy();
    await userEvent.click(await screen.findByRole('button', { name: 'Resend' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/posts the same signed body to https:\/\/shop.example\/callbacks\/paydesk now/),
    ).toBeTruthy();
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Resend' }));
    expect(await screen.findByText('Callback queued: it is sent again in a moment.')).toBeTruthy();
    const posts = sent.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('/api/callback-deliveries/12/resend');
    expect(posts[0]!.headers.get('X-CSRF-Token')).toBe('csrf-123');
    // Refreshed: the delivery is pending again.
    expect(await screen.findByText('Pending')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('offers no resend to a viewer', async () => {
    stubApi();
    renderShow('viewer');
    expect(await screen.findByTestId('callback-body')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Failed')).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Resend' })).toBeNull();
  });
});

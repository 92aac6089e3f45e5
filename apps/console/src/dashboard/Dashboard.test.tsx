import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { paymentsListPath } from '../monitoring/api.ts';
import { methodSpikeAlert, series, spikeAlert } from '../monitoring/fixtures.ts';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import { Dashboard } from './Dashboard.tsx';
import type { MoneyAtAGlance } from './moneyApi.ts';

const moneyAtAGlance: MoneyAtAGlance = {
  time_zone: 'Europe/Berlin',
  day: '2026-12-02',
  from: '2026-12-01T23:00:00.000Z',
  to: '2026-12-02T23:00:00.000Z',
  expiring_hours: 24,
  expiring_count: 3,
  expiring_filter: { expiring_within: '24h' },
  currencies: [
    {
      currency: 'EUR',
      captured: '1234.50',
      captured_count: 12,
      refunded: '0.00',
      refunded_count: 0,
      expiring: '0.00',
      expiring_count: 0,
    },
    {
      currency: 'JPY',
      captured: '0',
      captured_count: 0,
      refunded: '2450',
      refunded_count: 1,
      expiring: '98000',
      expiring_count: 3,
    },
  ],
};

/** The BFF as the dashboard sees it: monitoring, payment methods, and one-row lists for the work queues. */
function stubApi(alert = spikeAlert) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = decodeURIComponent(String(input));
    if (url.startsWith('/api/dashboard/money')) return jsonResponse(moneyAtAGlance);
    if (url.startsWith('/api/monitoring/alerts')) return jsonResponse(alert);
    if (url.startsWith('/api/monitoring/failures'))
      return jsonResponse({ ...series, range: new URL(url, 'http://x').searchParams.get('range') });
    if (url.startsWith('/api/payment-methods')) {
      return jsonResponse([{ id: 2, name: 'Credit card' }], { headers: { 'Content-Range': 'payment-methods 0-0/1' } });
    }
    if (url.startsWith('/api/auth/me'))
      return jsonResponse({ id: 1, full_name: 'Lee Lead', email: 'lee@example.com', role: 'viewer', csrf_token: 't' });
    const resource = /^\/api\/([^?]+)/.exec(url)?.[1] ?? 'x';
    return jsonResponse([], { headers: { 'Content-Range': `${resource} */3` } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The monitoring panel is a lazy chunk: on a busy machine it takes more than findBy's default second. */
const LOADED = { timeout: 10_000 };

const card = (label: string) => screen.getByLabelText(label).closest('.MuiCard-root') as HTMLElement;

describe('Dashboard', () => {
  it('says the money of the shop’s day per currency, and links the expiring authorizations to the capture queue', async () => {
    stubApi();
    renderInAdmin(<Dashboard />, { dataProvider });
    const table = within(await screen.findByRole('table', { name: 'Money today' }));
    expect(screen.getByText(/^The shop’s day in Europe\/Berlin, since /)).toBeTruthy();
    const eur = table.getByRole('rowheader', { name: 'EUR' }).closest('tr') as HTMLElement;
    expect(within(eur).getByText('€1,234.50')).toBeTruthy();
    expect(within(eur).getByText('· 12 payments')).toBeTruthy();
    expect(within(eur).queryByRole('link')).toBeNull();
    const jpy = table.getByRole('rowheader', { name: 'JPY' }).closest('tr') as HTMLElement;
    expect(within(jpy).getByText('¥2,450')).toBeTruthy();
    expect(within(jpy).getByText('· 3 payments')).toBeTruthy();
    const queueLink = within(jpy).getByRole('link', {
      name: '¥98,000 · 3 payments expiring: open in the capture queue',
    });
    const filterOf = (href: string | null) =>
      JSON.parse(new URL(href!.replace(/^#/, ''), 'http://x').searchParams.get('filter')!);
    expect(queueLink.getAttribute('href')).toMatch(/^#\/capture-queue\?/);
    expect(filterOf(queueLink.getAttribute('href'))).toEqual({ expiring_within: '24h', currency: 'JPY' });
    const all = screen.getByRole('link', {
      name: '3 authorizations lapse within 24 hours: capture them in the capture queue',
    });
    expect(filterOf(all.getAttribute('href'))).toEqual({ expiring_within: '24h' });
  });

  it('shows the current window against its baseline, the range, failed orders, and says when it was updated', async () => {
    stubApi();
    renderInAdmin(<Dashboard />, { dataProvider });
    expect(await screen.findByText('Failed-order monitoring', {}, LOADED)).toBeTruthy();

    await waitFor(() => expect(screen.getByLabelText('Failure rate now').textContent).toContain('58%'), LOADED);
    const now = within(card('Failure rate now'));
    expect(now.getByText('Spike')).toBeTruthy();
    expect(
      now.getByText(
        /14 of 24 failed \(95%: 38%–78%\)\. Baseline 2\.2% \(7 days\); a spike is ≥ 7\.2% and beyond chance\./,
      ),
    ).toBeTruthy();
    expect(decodeURIComponent(card('Failure rate now').querySelector('a')!.getAttribute('href')!)).toBe(
      `#${decodeURIComponent(paymentsListPath(spikeAlert.filter))}`,
    );

    expect(screen.getByLabelText('Failure rate over the range').textContent).toBe('38%');
    expect(within(card('Failure rate over the range')).getByText('15 of 40 attempts failed.')).toBeTruthy();
    expect(screen.getByLabelText('Spikes over the range').textContent).toBe('1');
    expect(screen.getByLabelText('Failed orders').textContent).toBe('97');
    expect(within(card('Failed orders')).getByText('15 made in the last 24 hours')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/^Updated .+ · refreshes every 30 s$/);
  });

  it('breaks the window down, each row a click away from its failing payments', async () => {
    stubApi();
    renderInAdmin(<Dashboard />, { dataProvider });
    const methods = within(await screen.findByRole('table', { name: 'By payment method, last 15 min' }, LOADED));
    const cardRow = methods.getByText('Credit card').closest('tr') as HTMLElement;
    expect(within(cardRow).getByText('60%')).toBeTruthy();
    const cardLink = within(cardRow).getByRole('link', { name: '12 payments' });
    expect(decodeURIComponent(cardLink.getAttribute('href')!)).toBe(
      `#${decodeURIComponent(paymentsListPath(spikeAlert.by_payment_method[0]!.filter))}`,
    );
    // A method without failures has nothing to click.
    expect(within(methods.getByText('Check').closest('tr') as HTMLElement).queryByRole('link')).toBeNull();

    const messages = within(screen.getByRole('table', { name: 'By gateway message, last 15 min' }));
    const row = messages.getByText('Issuer unavailable').closest('tr') as HTMLElement;
    expect(within(row).getByText('processing_error')).toBeTruthy();
    expect(decodeURIComponent(within(row).getByRole('link', { name: '12 payments' }).getAttribute('href')!)).toBe(
      `#${decodeURIComponent(paymentsListPath(spikeAlert.by_message[0]!.filter))}`,
    );
  });

  it('asks for the range and the payment method chosen', async () => {
    const fetchMock = stubApi();
    renderInAdmin(<Dashboard />, { dataProvider });
    await userEvent.click(await screen.findByRole('button', { name: '7 days' }, LOADED));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith('/api/monitoring/failures?range=7d', expect.anything()));
    await userEvent.click(screen.getByRole('combobox', { name: 'Payment method' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Credit card' }));
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/api/monitoring/failures?range=7d&payment_method_id=2',
        expect.anything(),
      ),
    );
  });

  it('drills down by signal: its series, its verdict and its breakdowns', async () => {
    const fetchMock = stubApi();
    renderInAdmin(<Dashboard />, { dataProvider });
    const technical = await screen.findByRole('button', { name: 'Technical failures · Spike' }, LOADED);
    expect(screen.getByRole('button', { name: 'Issuer declines' })).toBeTruthy();
    await userEvent.click(technical);
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith('/api/monitoring/failures?range=24h&signal=technical', expect.anything()),
    );
    expect(fetchMock).toHaveBeenCalledWith('/api/monitoring/alerts?signal=technical', expect.anything());
    await waitFor(() => expect(screen.getByLabelText('Failure rate now').textContent).toContain('50%'));
  });

  it("marks a signal spiking when one payment method's own is, though every method's is not", async () => {
    stubApi(methodSpikeAlert);
    renderInAdmin(<Dashboard />, { dataProvider });
    expect(await screen.findByRole('button', { name: 'Technical failures · Spike' }, LOADED)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Issuer declines' })).toBeTruthy();
  });

  it('keeps the work queues', async () => {
    stubApi();
    renderInAdmin(<Dashboard />, { dataProvider });
    expect(await screen.findByText('Work queues')).toBeTruthy();
    for (const title of ['Waiting for capture', 'Fraud review queue', 'Failed gateway calls', 'Payments in error']) {
      expect(screen.getByText(title)).toBeTruthy();
    }
  });
});

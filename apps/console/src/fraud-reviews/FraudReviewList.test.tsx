import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../test/render.tsx';
import { FraudReviewList } from './FraudReviewList.tsx';
import { ANALYST, claimedBy, makeReview, renderWithApi, stubFraudApi } from './testing.tsx';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const queue = [
  makeReview({
    id: 1,
    identifier: 'OLDEST22',
    created_at: ago(2 * HOUR + 15 * 60_000 + 20_000),
    ...claimedBy({ id: ANALYST.id, name: ANALYST.fullName }, 11),
  }),
  makeReview({
    id: 2,
    identifier: 'HELDBY33',
    created_at: ago(HOUR),
    status: 'confirmed',
    captured_amount: '75.00',
    refundable_amount: '75.00',
    ip_country_mismatch: false,
    customer_ip_country: 'US',
    ...claimedBy({ id: 9, name: 'Nadia Okafor' }, 4),
  }),
  makeReview({ id: 3, identifier: 'FRESH444', created_at: ago(5 * 60_000 + 10_000) }),
];

const rowOf = (identifier: string) => screen.getByText(identifier).closest('tr') as HTMLElement;

describe('the fraud review queue', () => {
  it('asks for reviews oldest first, and shows age, claims and the country check', async () => {
    const api = stubFraudApi({ reviews: queue });
    renderWithApi(<FraudReviewList />);
    await screen.findByText('OLDEST22');
    const [request] = api.gets('/api/fraud-reviews?');
    expect(request!.url).toContain('sort=["created_at","ASC"]');

    expect(within(rowOf('OLDEST22')).getByText('2 h 15 min')).toBeTruthy();
    expect(await within(rowOf('OLDEST22')).findByText('You · 11 min left')).toBeTruthy();
    expect(within(rowOf('HELDBY33')).getByText('Nadia Okafor · 4 min left')).toBeTruthy();
    expect(within(rowOf('FRESH444')).getByText('5 min')).toBeTruthy();
    expect(within(rowOf('FRESH444')).queryByText(/left$/)).toBeNull();

    const mismatch = within(rowOf('OLDEST22')).getByText('US ≠ IP VN');
    expect(mismatch.closest('[data-mismatch]')).not.toBeNull();
    expect(within(rowOf('HELDBY33')).queryByText(/≠/)).toBeNull();
    expect(within(rowOf('OLDEST22')).getByText('Visa •••• 4242')).toBeTruthy();
    expect(within(rowOf('OLDEST22')).getByText('Credit card (authorize only)')).toBeTruthy();
  });

  it('filters by who holds the review, through the server', async () => {
    const api = stubFraudApi({ reviews: queue });
    renderWithApi(<FraudReviewList />);
    await screen.findByText('OLDEST22');
    await userEvent.click(screen.getByRole('combobox', { name: 'Claimed' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Unclaimed' }));
    await waitFor(() =>
      expect(api.gets('/api/fraud-reviews?').some((request) => request.url.includes('"claimed":"unclaimed"'))).toBe(
        true,
      ),
    );
  });

  it('rejects the selected reviews with one note, then lists each payment that did not go as asked', async () => {
    const api = stubFraudApi({ reviews: queue });
    renderWithApi(<FraudReviewList />);
    await screen.findByText('OLDEST22');
    for (const identifier of ['OLDEST22', 'HELDBY33', 'FRESH444']) {
      await userEvent.click(within(rowOf(identifier)).getByRole('checkbox'));
    }
    // The bulk actions appear once a row is selected.
    await userEvent.click(await screen.findByRole('button', { name: 'Reject selected' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Reject 3 payments?')).toBeTruthy();
    expect(within(dialog).getByTestId('bulk-money').textContent).toBe('Of those on this page: 2 to void, 1 to refund.');
    expect(
      within(dialog).getByText('1 of the selected reviews is held by another analyst and will be refused.'),
    ).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject 3 payments' }));
    expect(within(dialog).getByText('Write a note on the decision.')).toBeTruthy();
    expect(api.posts()).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole('textbox', { name: /Note/ }), 'Same device, four cards');
    api.answer(() =>
      jsonResponse([
        { id: 1, ok: true, payment: { ...queue[0], status: 'void', fraud_status: 'reject' } },
        {
          id: 2,
          ok: false,
          error: {
            code: 'InvalidState',
            message: 'Nadia Okafor is working on this review (claimed until 2026-11-21T12:56:09.223Z).',
          },
        },
        {
          id: 3,
          ok: false,
          error: {
            code: 'GatewayUnavailable',
            message: 'The gateway did not answer the void in time; the payment is now in error.',
          },
        },
      ]),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject 3 payments' }));

    const summary = (await screen.findByText('Bulk reject finished')).closest('[role="dialog"]') as HTMLElement;
    expect(within(summary).getByTestId('bulk-decision-count').textContent).toBe('2 of 3 payments rejected.');
    expect(within(summary).getByText('For 1 of them the money was not returned (listed below).')).toBeTruthy();
    const held = within(summary).getByText('HELDBY33').closest('tr') as HTMLElement;
    expect(within(held).getByText('Not decided')).toBeTruthy();
    expect(within(held).getByText(/Nadia Okafor is working on this review/)).toBeTruthy();
    const timedOut = within(summary).getByText('FRESH444').closest('tr') as HTMLElement;
    expect(within(timedOut).getByText('Rejected, money not returned')).toBeTruthy();
    expect(within(timedOut).getByText(/did not answer the void in time/)).toBeTruthy();
    expect(within(summary).queryByText('OLDEST22')).toBeNull();

    const [post] = api.posts();
    expect(post!.url).toBe('/api/payments/bulk-fraud-decision');
    expect(post!.body).toEqual({ ids: [1, 2, 3], decision: 'reject', note: 'Same device, four cards' });
    expect(post!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);

    const listsBefore = api.gets('/api/fraud-reviews?').length;
    await userEvent.click(within(summary).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(api.gets('/api/fraud-reviews?').length).toBeGreaterThan(listsBefore));
    await waitFor(() => expect(within(rowOf('OLDEST22')).getByRole('checkbox')).toHaveProperty('checked', false));
  });

  it('offers no bulk decision to a role that may not decide', async () => {
    stubFraudApi({ reviews: queue });
    renderWithApi(<FraudReviewList />, { id: 2, fullName: 'Omar Haddad', role: 'operator' });
    await screen.findByText('OLDEST22');
    // Rows are not selectable at all without bulk actions.
    await waitFor(() => expect(within(rowOf('OLDEST22')).queryByRole('checkbox')).toBeNull());
  });
});

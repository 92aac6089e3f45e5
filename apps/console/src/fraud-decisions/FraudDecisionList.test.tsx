import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { dataProvider } from '../dataProvider.ts';
import { authAs, ANALYST } from '../fraud-reviews/testing.tsx';
import { jsonResponse, renderInAdmin } from '../test/render.tsx';
import type { FraudDecision } from '../types.ts';
import { FraudDecisionList } from './FraudDecisionList.tsx';

const decision = (overrides: Partial<FraudDecision>): FraudDecision => ({
  id: 1,
  payment_id: 7,
  payment_identifier: 'K7QW2MXR',
  review_id: null,
  staff_user_id: 4,
  staff_name: 'Felix Wagner',
  decision: 'reject',
  note: 'Stolen card',
  money_action: 'refund',
  money_outcome: 'declined',
  amount: '75.00',
  currency: 'USD',
  refund_id: 3,
  created_at: '2026-11-21T12:41:12.285Z',
  ...overrides,
});

const history = [
  decision({}),
  decision({
    id: 2,
    payment_id: 8,
    payment_identifier: 'ACCEPT22',
    staff_user_id: 9,
    staff_name: 'Nadia Okafor',
    decision: 'accept',
    note: 'Known customer',
    money_action: null,
    money_outcome: null,
    amount: null,
  }),
];

function stub() {
  const urls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = decodeURIComponent(String(input));
      urls.push(url);
      if (url.startsWith('/api/fraud-decisions?'))
        return jsonResponse(history, { headers: { 'Content-Range': 'fraud-decisions 0-1/2' } });
      return jsonResponse([], { headers: { 'Content-Range': 'items */0' } });
    }),
  );
  return urls;
}

describe('the fraud decision history', () => {
  it('shows who decided what, the note, and what happened to the money, newest first', async () => {
    const urls = stub();
    renderInAdmin(<FraudDecisionList />, { dataProvider, authProvider: authAs(ANALYST) });
    const rejected = (await screen.findByText('Stolen card')).closest('tr') as HTMLElement;
    expect(within(rejected).getByText('Felix Wagner')).toBeTruthy();
    expect(within(rejected).getByText('K7QW2MXR').closest('a')!.getAttribute('href')).toContain('/payments/7/show');
    expect(within(rejected).getByText('Rejected')).toBeTruthy();
    expect(within(rejected).getByText('Refund')).toBeTruthy();
    expect(within(rejected).getByText('Declined').closest('.MuiChip-root')!.className).toContain('MuiChip-colorError');
    expect(within(rejected).getByText('$75.00')).toBeTruthy();
    const accepted = screen.getByText('Known customer').closest('tr') as HTMLElement;
    expect(within(accepted).getByText('No money moved')).toBeTruthy();
    expect(urls[urls.length - 1]).toContain('sort=["created_at","DESC"]');
  });

  it('lets an analyst (who may not list staff) narrow it to their own decisions', async () => {
    const urls = stub();
    renderInAdmin(<FraudDecisionList />, { dataProvider, authProvider: authAs(ANALYST) });
    await screen.findByText('Stolen card');
    await userEvent.click(await screen.findByRole('switch', { name: 'My decisions' }));
    await waitFor(() => expect(urls.some((url) => url.includes('"staff_user_id":4'))).toBe(true));
    expect(urls.some((url) => url.startsWith('/api/staff-users'))).toBe(false);
  });
});

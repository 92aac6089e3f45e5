import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FraudReviewView } from './FraudReviewShow.tsx';
import type { RelatedPayments } from './RelatedPayments.tsx';
import { makeReview, noRelatedPayments, renderWithApi, stubFraudApi } from './testing.tsx';

const related: RelatedPayments = {
  payment_id: 7,
  limit: 20,
  shared: {
    email: { value: 'mallory@example.com', found: 1, more: false },
    card: { value: 'visa •••• 0002 12/30', found: 1, more: false },
    ip: { value: '203.0.113.9', found: 20, more: true },
  },
  data: [
    {
      id: 31,
      identifier: 'ZT4Q8M2K',
      order_id: 7,
      status: 'rejected',
      fraud_status: 'reject',
      currency: 'EUR',
      total: '310.00',
      billing_email: 'mallory@example.com',
      card_brand: 'visa',
      card_last4: '0002',
      card_exp_month: 12,
      card_exp_year: 2030,
      customer_ip_address: '203.0.113.9',
      created_at: '2026-11-30T10:00:00Z',
      shares: ['email', 'card', 'ip'],
    },
    {
      id: 12,
      identifier: 'B2CD4EFG',
      order_id: 4,
      status: 'confirmed',
      fraud_status: 'unknown',
      currency: 'JPY',
      total: '2450',
      billing_email: 'someone@example.com',
      card_brand: null,
      card_last4: null,
      card_exp_month: null,
      card_exp_year: null,
      customer_ip_address: '203.0.113.9',
      created_at: '2026-11-29T10:00:00Z',
      shares: ['ip'],
    },
  ],
};

describe('related payments on a review', () => {
  it('lists the other payments that share the email, card or IP address, each a link saying what it shares', async () => {
    const api = stubFraudApi({ review: makeReview(), related });
    renderWithApi(<FraudReviewView id={7} />);
    const table = within(await screen.findByRole('table', { name: 'Related payments' }, { timeout: 5000 }));
    expect(api.gets('/api/fraud-reviews/7/related')).toHaveLength(1);

    const first = table.getByRole('link', { name: 'ZT4Q8M2K' });
    expect(first.getAttribute('href')).toBe('#/payments/31/show');
    const firstRow = within(first.closest('tr') as HTMLElement);
    expect(['Email', 'Card', 'IP address'].every((kind) => firstRow.queryByText(kind))).toBe(true);
    expect(firstRow.getByText('€310.00')).toBeTruthy();
    expect(firstRow.getByText('Rejected')).toBeTruthy();

    const second = within(table.getByRole('link', { name: 'B2CD4EFG' }).closest('tr') as HTMLElement);
    expect(second.getByText('IP address')).toBeTruthy();
    expect(second.queryByText('Email')).toBeNull();
    expect(second.getByText('¥2,450')).toBeTruthy();

    expect(screen.getByTestId('shared-email').textContent).toBe('Email mallory@example.com: 1 other payment');
    expect(screen.getByTestId('shared-card').textContent).toBe('Card visa •••• 0002 12/30: 1 other payment');
    expect(screen.getByTestId('shared-ip').textContent).toBe(
      'IP address 203.0.113.9: more than 20 other payments (the newest 20 are shown)',
    );
  });

  it('says when nothing is shared', async () => {
    stubFraudApi({ review: makeReview(), related: noRelatedPayments(7) });
    renderWithApi(<FraudReviewView id={7} />);
    expect(
      await screen.findByText('No other payment shares this email, card or IP address.', {}, { timeout: 5000 }),
    ).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Related payments' })).toBeNull();
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import { DisputeSection } from './DisputeSection.tsx';
import { actionsOf } from './paymentState.ts';

const payment = {
  id: 1,
  status: 'confirmed' as const,
  fraud_status: 'unknown' as const,
  currency: 'USD',
  total: '50.00',
  captured_amount: '50.00',
  refunded_amount: '0.00',
  refundable_amount: '50.00',
  reserved_amount: '0.00',
  operation: null,
  authorization_expires_at: null,
  payment_method_type: 'stripe',
  dispute_id: 'dp_1',
  dispute_amount: '50.00',
  dispute_reason: 'fraudulent',
  dispute_reported_at: '2026-06-10T12:00:00.000Z',
};

describe('a disputed payment', () => {
  it('says refunds are refused while the dispute is open, and offers no refund', () => {
    const open = { ...payment, dispute_status: 'needs_response', dispute_open: true };
    renderInAdmin(<DisputeSection />, { record: open });
    expect(screen.getByTestId('dispute-alert').textContent).toBe(
      'The cardholder disputed this payment: refunds are refused until the dispute is decided at the gateway.',
    );
    expect(screen.getByText('fraudulent')).toBeTruthy();
    expect(actionsOf(open)).not.toContain('refund');
  });

  it('once closed, says so and offers the refund again', () => {
    const closed = { ...payment, dispute_status: 'won', dispute_open: false };
    renderInAdmin(<DisputeSection />, { record: closed });
    expect(screen.getByTestId('dispute-alert').textContent).toBe(
      'The dispute is closed (won): refunds are possible again.',
    );
    expect(actionsOf(closed)).toContain('refund');
  });
});

import { PAYMENT_STATUSES, FRAUD_STATUSES } from '@paydesk/domain';
import { describe, expect, it } from 'vitest';
import { PaymentStateChip } from '../orders/PaymentStateChip.tsx';
import { renderInAdmin } from '../test/render.tsx';
import { FraudStatusChip } from './FraudStatusChip.tsx';
import { StatusChip } from './StatusChip.tsx';

function chipOf(container: HTMLElement): HTMLElement {
  const chip = container.querySelector<HTMLElement>('.MuiChip-root');
  if (!chip) throw new Error('no chip rendered');
  return chip;
}

describe('StatusChip', () => {
  it.each([
    ['confirmed', 'Confirmed', 'MuiChip-colorSuccess', 'MuiChip-filled'],
    ['preauth', 'Preauthorized', 'MuiChip-colorInfo', 'MuiChip-filled'],
    ['waiting', 'Waiting', 'MuiChip-colorDefault', 'MuiChip-filled'],
    ['input', 'Input', 'MuiChip-colorDefault', 'MuiChip-filled'],
    ['rejected', 'Rejected', 'MuiChip-colorError', 'MuiChip-filled'],
    ['error', 'Error', 'MuiChip-colorError', 'MuiChip-filled'],
    ['refunded', 'Refunded', 'MuiChip-colorDefault', 'MuiChip-outlined'],
    ['void', 'Void', 'MuiChip-colorDefault', 'MuiChip-outlined'],
    ['invalid', 'Invalid', 'MuiChip-colorDefault', 'MuiChip-outlined'],
  ])('shows %s as "%s" (%s, %s)', (status, label, colour, variant) => {
    const { container } = renderInAdmin(<StatusChip source="status" />, { record: { id: 1, status } });
    const chip = chipOf(container);
    expect(chip.textContent).toBe(label);
    expect(chip.classList).toContain(colour);
    expect(chip.classList).toContain(variant);
    expect(chip.dataset.value).toBe(status);
  });

  it('covers every payment status of the domain', () => {
    for (const status of PAYMENT_STATUSES) {
      const { container, unmount } = renderInAdmin(<StatusChip />, { record: { id: 1, status } });
      // A translated label, never the raw key.
      expect(chipOf(container).textContent).not.toContain('paydesk.');
      unmount();
    }
  });

  it('renders nothing without a status', () => {
    const { container } = renderInAdmin(<StatusChip />, { record: { id: 1 } });
    expect(container.querySelector('.MuiChip-root')).toBeNull();
  });
});

describe('FraudStatusChip', () => {
  it.each([
    ['review', 'Fraud: in review', 'MuiChip-colorWarning'],
    ['reject', 'Fraud: rejected', 'MuiChip-colorError'],
    ['accept', 'Fraud: accepted', 'MuiChip-colorSuccess'],
    ['unknown', 'No fraud check', 'MuiChip-colorDefault'],
  ])('shows %s as "%s" (%s)', (fraud_status, label, colour) => {
    const { container } = renderInAdmin(<FraudStatusChip source="fraud_status" />, { record: { id: 1, fraud_status } });
    expect(chipOf(container).textContent).toBe(label);
    expect(chipOf(container).classList).toContain(colour);
  });

  it('can leave "unknown" out (lists), keeping the others', () => {
    const unknown = renderInAdmin(<FraudStatusChip hideValues={['unknown']} />, {
      record: { id: 1, fraud_status: 'unknown' },
    });
    expect(unknown.container.querySelector('.MuiChip-root')).toBeNull();
    unknown.unmount();
    const review = renderInAdmin(<FraudStatusChip hideValues={['unknown']} />, {
      record: { id: 1, fraud_status: 'review' },
    });
    expect(chipOf(review.container).textContent).toBe('Fraud: in review');
  });

  it('has a label for every fraud status', () => {
    for (const fraud_status of FRAUD_STATUSES) {
      const { container, unmount } = renderInAdmin(<FraudStatusChip />, { record: { id: 1, fraud_status } });
      expect(chipOf(container).textContent).not.toContain('paydesk.');
      unmount();
    }
  });
});

describe('PaymentStateChip', () => {
  it.each([
    ['paid', 'Paid', 'MuiChip-colorSuccess'],
    ['balance_due', 'Balance due', 'MuiChip-colorWarning'],
    ['failed', 'Failed', 'MuiChip-colorError'],
    ['credit_owed', 'Credit owed', 'MuiChip-colorInfo'],
    ['void', 'Void', 'MuiChip-colorDefault'],
  ])('shows %s as "%s" (%s)', (payment_state, label, colour) => {
    const { container } = renderInAdmin(<PaymentStateChip />, { record: { id: 1, payment_state } });
    expect(chipOf(container).textContent).toBe(label);
    expect(chipOf(container).classList).toContain(colour);
  });

  it('renders nothing for an order without a payment state yet', () => {
    const { container } = renderInAdmin(<PaymentStateChip />, { record: { id: 1, payment_state: null } });
    expect(container.querySelector('.MuiChip-root')).toBeNull();
  });
});

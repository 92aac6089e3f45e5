import { screen } from '@testing-library/react';
import type { StaffRole } from '@paydesk/domain';
import { describe, expect, it } from 'vitest';
import { renderInAdmin, trackedAuthAs } from '../test/render.tsx';
import type { Payment } from '../types.ts';
import { availableActions } from './events.ts';
import { PaymentActions } from './PaymentActions.tsx';
import { makePayment } from './testing.tsx';

function buttonsFor(overrides: Partial<Payment>): string[] {
  renderInAdmin(<PaymentActions />, { record: makePayment(overrides) });
  return screen.queryAllByRole('button').map((button) => button.textContent ?? '');
}

describe('PaymentActions', () => {
  it.each<[string, string[], Partial<Payment>]>([
    ['preauth', ['Capture', 'Void', 'Send to fraud review'], { status: 'preauth' }],
    [
      'preauth, fraud accepted',
      ['Capture', 'Void', 'Send to fraud review'],
      { status: 'preauth', fraud_status: 'accept' },
    ],
    ['preauth held for fraud review', ['Void'], { status: 'preauth', fraud_status: 'review' }],
    ['preauth, fraud rejected', ['Void'], { status: 'preauth', fraud_status: 'reject' }],
    [
      'confirmed',
      ['Refund', 'Send to fraud review'],
      { status: 'confirmed', captured_amount: '80.00', refundable_amount: '80.00' },
    ],
    ['waiting', ['Void', 'Invalidate', 'Send to fraud review'], { status: 'waiting' }],
    ['input', ['Void', 'Invalidate', 'Send to fraud review'], { status: 'input' }],
    ['rejected', [], { status: 'rejected' }],
    ['refunded', [], { status: 'refunded' }],
    ['error', [], { status: 'error' }],
    ['void', [], { status: 'void' }],
    ['invalid', [], { status: 'invalid' }],
  ])('%s: offers %j', (_name, expected, overrides) => {
    expect(buttonsFor(overrides)).toEqual(expected);
  });

  it('offers nothing while a gateway call is in flight, and says what is running', () => {
    expect(buttonsFor({ status: 'preauth', operation: 'capture' })).toEqual([]);
    expect(screen.getByText('Capture in progress at the gateway')).toBeTruthy();
  });

  it('renders nothing at all for a payment that allows no command', () => {
    renderInAdmin(<PaymentActions />, { record: makePayment({ status: 'void' }) });
    expect(screen.queryByTestId('payment-actions')).toBeNull();
  });
});

describe('availableActions', () => {
  it('follows the domain rules and never offers fraud decisions here', () => {
    const pay = (overrides: Partial<Payment>) => makePayment(overrides);
    expect(availableActions(pay({ status: 'preauth', fraud_status: 'review' }))).toEqual(['void']);
    expect(
      availableActions(
        pay({ status: 'confirmed', fraud_status: 'review', captured_amount: '10.00', refundable_amount: '10.00' }),
      ),
    ).toEqual(['refund']);
    expect(availableActions(pay({ status: 'preauth', operation: 'void' }))).toEqual([]);
  });

  it('offers no capture of an expired authorization, only a void', () => {
    const expired = makePayment({
      status: 'preauth',
      authorization_expires_at: new Date(Date.now() - 86_400_000).toISOString(),
    });
    expect(availableActions(expired)).toEqual(['void', 'open_fraud_review']);
  });

  it('offers no refund while pending approvals hold back everything captured', () => {
    const held = makePayment({
      status: 'confirmed',
      captured_amount: '100.00',
      reserved_amount: '100.00',
      refundable_amount: '0.00',
    });
    expect(availableActions(held)).toEqual(['open_fraud_review']);
  });
});

describe('PaymentActions by role', () => {
  it.each<[StaffRole, Partial<Payment>, string[]]>([
    ['operator', { status: 'preauth' }, ['Capture', 'Void']],
    ['operator', { status: 'waiting' }, ['Void', 'Invalidate']],
    ['operator', { status: 'confirmed' }, []],
    ['finance', { status: 'confirmed', captured_amount: '80.00', refundable_amount: '80.00' }, ['Refund']],
    ['finance', { status: 'preauth' }, []],
    ['fraud_analyst', { status: 'preauth' }, ['Send to fraud review']],
    ['fraud_analyst', { status: 'preauth', fraud_status: 'review' }, []],
    ['viewer', { status: 'confirmed' }, []],
    ['admin', { status: 'waiting' }, ['Void', 'Invalidate', 'Send to fraud review']],
  ])('%s on a %j payment: %j', async (role, overrides, expected) => {
    const { authProvider, permissionsAnswered } = trackedAuthAs(role);
    renderInAdmin(<PaymentActions />, { record: makePayment(overrides), authProvider });
    // Once every permission check has answered, exactly these buttons show.
    await permissionsAnswered();
    expect(screen.queryAllByRole('button').map((button) => button.textContent)).toEqual(expected);
  });
});

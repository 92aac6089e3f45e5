import { describe, expect, it } from 'vitest';
import { Money } from './money.ts';
import { orderBalance, staffPaymentInput } from './order-balance.ts';
import type { PaymentStatus } from './payment-status.ts';

type P = [PaymentStatus, string, string?];

const balanceOf = (total: string, payments: P[], currency = 'USD') => {
  const b = orderBalance({
    currency,
    total: Money.of(total, currency),
    payments: payments.map(([status, paymentTotal, captured = '0']) => ({
      status,
      total: Money.of(paymentTotal, currency),
      captured_amount: Money.of(captured, currency),
    })),
  });
  return { balanceDue: b.balanceDue.toString(), held: b.held.toString(), payable: b.payable.toString() };
};

describe('orderBalance', () => {
  it('is the whole total without payments', () => {
    expect(balanceOf('120.00', [])).toEqual({ balanceDue: '120.00', held: '0.00', payable: '120.00' });
  });

  it('counts captured money only: refunds do not reopen the balance', () => {
    expect(balanceOf('100.00', [['refunded', '60.00', '60.00']])).toMatchObject({ balanceDue: '40.00' });
    expect(balanceOf('100.00', [['confirmed', '100.00', '80.00']])).toEqual({
      balanceDue: '20.00',
      held: '0.00',
      payable: '20.00',
    });
  });

  it.each(['waiting', 'input', 'preauth', 'error'] as const)('does not offer what a %s payment holds', (status) => {
    expect(balanceOf('100.00', [[status, '70.00']])).toEqual({ balanceDue: '100.00', held: '70.00', payable: '30.00' });
  });

  it.each(['rejected', 'void', 'invalid'] as const)('offers again what a %s payment never took', (status) => {
    expect(balanceOf('100.00', [[status, '100.00']])).toEqual({
      balanceDue: '100.00',
      held: '0.00',
      payable: '100.00',
    });
  });

  it('never offers less than zero, and keeps the currency’s minor unit', () => {
    expect(balanceOf('500', [['preauth', '800']], 'JPY')).toEqual({ balanceDue: '500', held: '800', payable: '0' });
    expect(balanceOf('50.00', [['confirmed', '60.00', '60.00']])).toEqual({
      balanceDue: '-10.00',
      held: '0.00',
      payable: '0.00',
    });
  });
});

describe('staffPaymentInput', () => {
  it.each([
    ['bogus', 'card'],
    ['sandbox', 'card'],
    ['stripe', 'token'],
    ['check', 'none'],
    ['carrier', null],
    ['unknown', null],
  ] as const)('%s takes %s', (type, input) => {
    expect(staffPaymentInput(type)).toBe(input);
  });
});

import { describe, expect, it } from 'vitest';
import { Money } from './money.ts';
import { derivePaymentState, paymentTotal, type OrderForPaymentState } from './order-payment-state.ts';
import { PAYMENT_STATUSES, isValidPayment, type OrderState, type PaymentStatus } from './payment-status.ts';

const usd = (value: string) => Money.of(value, 'USD');

/** A payment: status, captured, refunded. */
type P = [PaymentStatus, string?, string?];

function order(state: OrderState, total: string, payments: P[] = [], currency = 'USD'): OrderForPaymentState {
  return {
    state,
    currency,
    total: Money.of(total, currency),
    payments: payments.map(([status, captured = '0', refunded = '0']) => ({
      status,
      captured_amount: Money.of(captured, currency),
      refunded_amount: Money.of(refunded, currency),
    })),
  };
}

const stateOf = (o: OrderForPaymentState) => derivePaymentState(o).payment_state;

describe('payment_total = Σ (captured_amount − refunded_amount)', () => {
  it('is zero without payments', () => {
    expect(paymentTotal(order('complete', '100.00')).toString()).toBe('0.00');
  });

  it('adds every payment, captured minus refunded', () => {
    const o = order('complete', '100.00', [
      ['confirmed', '60.00', '0'],
      ['refunded', '30.00', '30.00'],
      ['confirmed', '40.00', '10.00'],
      ['void', '0', '0'],
    ]);
    expect(paymentTotal(o).toString()).toBe('90.00');
    expect(derivePaymentState(o).payment_total.toString()).toBe('90.00');
  });

  it('counts what was captured whatever the status says', () => {
    expect(paymentTotal(order('complete', '10.00', [['error', '10.00', '0']])).toString()).toBe('10.00');
  });

  it('never loses a cent', () => {
    const o = order('complete', '0.30', [
      ['confirmed', '0.10'],
      ['confirmed', '0.20'],
    ]);
    expect(paymentTotal(o).toString()).toBe('0.30');
    expect(stateOf(o)).toBe('paid');
  });

  it('is in the order currency and minor unit', () => {
    const total = paymentTotal(order('complete', '500', [['confirmed', '500', '100']], 'JPY'));
    expect(total.currency).toBe('JPY');
    expect(total.toString()).toBe('400');
  });

  it('refuses a payment in another currency', () => {
    const o = order('complete', '10.00');
    o.payments.push({
      status: 'confirmed',
      captured_amount: Money.of('10.00', 'EUR'),
      refunded_amount: Money.of('0', 'EUR'),
    });
    expect(() => paymentTotal(o)).toThrow('Cannot combine');
  });
});

describe('valid payments: not rejected, error, void or invalid', () => {
  it.each(PAYMENT_STATUSES)('%s', (status) => {
    expect(isValidPayment(status)).toBe(!['rejected', 'error', 'void', 'invalid'].includes(status));
  });
});

describe('payment_state, checked in order', () => {
  describe('1. failed: the order has payments, none valid, and the balance is not zero', () => {
    it.each(['rejected', 'error', 'void', 'invalid'] as const)('every payment %s', (status) => {
      expect(stateOf(order('complete', '100.00', [[status]]))).toBe('failed');
    });

    it('a mix of invalid payments', () => {
      expect(stateOf(order('complete', '100.00', [['rejected'], ['error'], ['void'], ['invalid']]))).toBe('failed');
    });

    it.each(['waiting', 'input', 'preauth', 'confirmed', 'refunded'] as const)(
      'not failed while one payment is %s',
      (status) => {
        expect(stateOf(order('complete', '100.00', [['rejected'], [status]]))).not.toBe('failed');
      },
    );

    it('not failed without payments', () => {
      expect(stateOf(order('complete', '100.00'))).toBe('balance_due');
    });

    it('not failed when the balance is zero', () => {
      expect(stateOf(order('complete', '0', [['rejected']]))).toBe('paid');
    });

    it('a payment in error whose money is captured still counts: not failed', () => {
      expect(stateOf(order('complete', '100.00', [['error', '40.00']]))).toBe('balance_due');
      expect(stateOf(order('complete', '100.00', [['error', '0']]))).toBe('failed');
    });

    it('a refund whose outcome is unknown does not fail a paid order', () => {
      expect(stateOf(order('complete', '100.00', [['error', '100.00', '0']]))).toBe('paid');
    });

    it('not failed when an errored payment captured everything (balance zero)', () => {
      expect(stateOf(order('complete', '100.00', [['error', '100.00']]))).toBe('paid');
    });

    it('failed when the balance is negative too', () => {
      expect(stateOf(order('complete', '100.00', [['rejected', '120.00']]))).toBe('failed');
    });
  });

  describe('2. void: the order is canceled and payment_total is 0', () => {
    it('a canceled order without payments', () => {
      expect(stateOf(order('canceled', '100.00'))).toBe('void');
    });

    it('a canceled order whose payments were all refunded', () => {
      expect(stateOf(order('canceled', '100.00', [['refunded', '100.00', '100.00']]))).toBe('void');
    });

    it('a canceled order with a valid but uncaptured payment', () => {
      expect(stateOf(order('canceled', '100.00', [['preauth']]))).toBe('void');
    });

    it('a canceled order whose invalid payments leave no balance', () => {
      expect(stateOf(order('canceled', '0', [['void']]))).toBe('void');
    });

    it('not void while money is still held', () => {
      expect(stateOf(order('canceled', '100.00', [['confirmed', '100.00']]))).toBe('credit_owed');
      expect(stateOf(order('canceled', '100.00', [['confirmed', '100.00', '20.00']]))).toBe('credit_owed');
      expect(stateOf(order('canceled', '100.00', [['refunded', '100.00', '100.00']]))).toBe('void');
    });

    it.each(['complete'] as const)('not void for a %s order', (state) => {
      expect(stateOf(order(state, '100.00'))).toBe('balance_due');
    });
  });

  describe('3. balance_due: total − payment_total > 0', () => {
    it('nothing paid yet', () => {
      expect(stateOf(order('complete', '100.00', [['preauth']]))).toBe('balance_due');
    });

    it('partly paid', () => {
      expect(stateOf(order('complete', '100.00', [['confirmed', '99.99']]))).toBe('balance_due');
    });

    it('a refund of a complete order is a reimbursement: still paid', () => {
      expect(stateOf(order('complete', '100.00', [['confirmed', '100.00', '0.01']]))).toBe('paid');
      expect(stateOf(order('complete', '100.00', [['refunded', '100.00', '100.00']]))).toBe('paid');
    });

    it('carts have none', () => {
      expect(stateOf(order('cart', '25.00'))).toBeNull();
      expect(stateOf(order('cart', '25.00', [['rejected']]))).toBeNull();
      expect(stateOf(order('cart', '25.00', [['confirmed', '25.00']]))).toBeNull();
    });
  });

  describe('4. credit_owed: total − payment_total < 0', () => {
    it('paid a cent too much', () => {
      expect(stateOf(order('complete', '100.00', [['confirmed', '100.01']]))).toBe('credit_owed');
    });

    it('paid twice', () => {
      expect(
        stateOf(
          order('complete', '100.00', [
            ['confirmed', '100.00'],
            ['confirmed', '100.00'],
          ]),
        ),
      ).toBe('credit_owed');
    });

    it('a canceled order still holding money', () => {
      expect(stateOf(order('canceled', '0', [['confirmed', '100.00']]))).toBe('credit_owed');
    });
  });

  describe('5. paid: otherwise', () => {
    it('paid in full by one payment', () => {
      expect(stateOf(order('complete', '100.00', [['confirmed', '100.00']]))).toBe('paid');
    });

    it('paid by several payments', () => {
      expect(stateOf(order('complete', '100.00', [['confirmed', '60.00'], ['confirmed', '40.00'], ['rejected']]))).toBe(
        'paid',
      );
    });

    it('overpaid: the balance counts captures only', () => {
      expect(stateOf(order('complete', '100.00', [['confirmed', '120.00', '20.00']]))).toBe('credit_owed');
    });

    it('a free order without payments', () => {
      expect(stateOf(order('complete', '0'))).toBe('paid');
    });

    it('in JPY and KWD', () => {
      expect(stateOf(order('complete', '500', [['confirmed', '500']], 'JPY'))).toBe('paid');
      expect(stateOf(order('complete', '1.005', [['confirmed', '1.005']], 'KWD'))).toBe('paid');
      expect(stateOf(order('complete', '1.005', [['confirmed', '1.004']], 'KWD'))).toBe('balance_due');
    });
  });
});

describe('precedence between the rules', () => {
  it('canceled, every payment failed → void: failed is for complete orders', () => {
    expect(stateOf(order('canceled', '100.00', [['rejected'], ['error']]))).toBe('void');
  });

  it('canceled without payments → void, not balance_due', () => {
    expect(stateOf(order('canceled', '100.00'))).toBe('void');
  });

  it('no payments and a total > 0 → balance_due, not failed', () => {
    expect(stateOf(order('complete', '100.00'))).toBe('balance_due');
  });

  it('canceled, a valid payment, nothing captured → void, not balance_due', () => {
    expect(stateOf(order('canceled', '100.00', [['rejected'], ['waiting']]))).toBe('void');
  });

  it('canceled, every payment failed, total 0 → void (no balance, so not failed)', () => {
    expect(stateOf(order('canceled', '0', [['rejected']]))).toBe('void');
  });

  it('complete, every payment failed, balance negative → failed, not credit_owed', () => {
    expect(stateOf(order('complete', '50.00', [['rejected', '60.00']]))).toBe('failed');
  });

  it('returns the payment_total it decided on', () => {
    expect(derivePaymentState(order('complete', '100.00', [['confirmed', '70.00', '20.00']]))).toEqual({
      payment_total: usd('50.00'),
      payment_state: 'balance_due',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { Money } from './money.ts';
import {
  allowedEvents,
  captureAmount,
  checkEvent,
  PAYMENT_EVENTS,
  refundable,
  refundAmount,
  statusAfterRefund,
  type PaymentEvent,
} from './payment-events.ts';
import {
  FRAUD_STATUSES,
  PAYMENT_STATUSES,
  type FraudStatus,
  type GatewayAction,
  type PaymentStatus,
} from './payment-status.ts';

const usd = (value: string) => Money.of(value, 'USD');

/**
 * product.md's staff events table for a payment with no fraud review (fraud_status `unknown`):
 * for each event, the statuses it is allowed from, the gateway call it makes there and the status it leads to.
 * Every status not listed refuses the event.
 */
const TABLE: Record<
  PaymentEvent,
  Partial<Record<PaymentStatus, { gateway: GatewayAction | null; to: PaymentStatus | undefined }>>
> = {
  capture: { preauth: { gateway: 'capture', to: 'confirmed' } },
  void: {
    preauth: { gateway: 'void', to: 'void' },
    waiting: { gateway: null, to: 'void' },
    input: { gateway: null, to: 'void' },
  },
  // stays confirmed, or refunded once everything is refunded: statusAfterRefund decides.
  refund: { confirmed: { gateway: 'refund', to: undefined } },
  invalidate: {
    waiting: { gateway: null, to: 'invalid' },
    input: { gateway: null, to: 'invalid' },
  },
  // fraud decisions need fraud_status review: with `unknown` they are refused from every status.
  fraud_accept: {},
  fraud_reject: {},
};

const STAFF_EVENTS = Object.keys(TABLE) as PaymentEvent[];
const everyCell = STAFF_EVENTS.flatMap((event) => PAYMENT_STATUSES.map((status) => [event, status] as const));

describe('the staff events table (fraud_status unknown)', () => {
  it('covers every event Paydesk knows', () => {
    expect([...STAFF_EVENTS].sort()).toEqual([...PAYMENT_EVENTS].sort());
  });

  const allowedCells = everyCell.filter(([event, status]) => TABLE[event][status]);
  const refusedCells = everyCell.filter(([event, status]) => !TABLE[event][status]);

  it.each(allowedCells)('%s is allowed from %s', (event, status) => {
    const expected = TABLE[event][status]!;
    expect(checkEvent(event, { status, fraud_status: 'unknown' })).toEqual({
      allowed: true,
      gatewayAction: expected.gateway,
      to: expected.to,
    });
  });

  it.each(refusedCells)('%s is refused from %s, with a reason', (event, status) => {
    const check = checkEvent(event, { status, fraud_status: 'unknown' });
    expect(check.allowed).toBe(false);
    if (check.allowed) return;
    expect(check.reason).toEqual(expect.any(String));
    expect(check.reason.length).toBeGreaterThan(0);
  });

  it('names the status that refused the event', () => {
    expect(checkEvent('capture', { status: 'confirmed', fraud_status: 'unknown' })).toEqual({
      allowed: false,
      reason: 'A confirmed payment cannot be captured.',
    });
    expect(checkEvent('refund', { status: 'preauth', fraud_status: 'unknown' })).toEqual({
      allowed: false,
      reason: 'A preauth payment cannot be refunded.',
    });
    expect(checkEvent('void', { status: 'confirmed', fraud_status: 'unknown' })).toEqual({
      allowed: false,
      reason: 'A confirmed payment cannot be voided.',
    });
    expect(checkEvent('invalidate', { status: 'preauth', fraud_status: 'unknown' })).toEqual({
      allowed: false,
      reason: 'A preauth payment cannot be invalidated.',
    });
  });
});

describe('capture and fraud', () => {
  it.each([
    ['unknown', true],
    ['accept', true],
    ['review', false],
    ['reject', false],
  ] as const)('a preauth payment whose fraud status is %s: capture allowed %s', (fraud_status, allowed) => {
    expect(checkEvent('capture', { status: 'preauth', fraud_status }).allowed).toBe(allowed);
  });

  it.each(['review', 'reject'] as const)('says why capture is refused while fraud status is %s', (fraud_status) => {
    expect(checkEvent('capture', { status: 'preauth', fraud_status })).toEqual({
      allowed: false,
      reason: `A payment whose fraud status is ${fraud_status} cannot be captured.`,
    });
  });

  it('refuses capture from any other status whatever the fraud status', () => {
    for (const status of PAYMENT_STATUSES.filter((s) => s !== 'preauth')) {
      for (const fraud_status of FRAUD_STATUSES) {
        expect(checkEvent('capture', { status, fraud_status }).allowed).toBe(false);
      }
    }
  });

  it('a fraud review does not block void, refund or invalidate', () => {
    expect(checkEvent('void', { status: 'preauth', fraud_status: 'review' })).toMatchObject({
      allowed: true,
      gatewayAction: 'void',
    });
    expect(checkEvent('refund', { status: 'confirmed', fraud_status: 'review' })).toMatchObject({
      allowed: true,
      gatewayAction: 'refund',
    });
    expect(checkEvent('invalidate', { status: 'waiting', fraud_status: 'review' })).toMatchObject({
      allowed: true,
      gatewayAction: null,
    });
  });
});

describe('fraud decisions: only for a payment under fraud review', () => {
  const fraudEvents = ['fraud_accept', 'fraud_reject'] as const;
  const notReview = FRAUD_STATUSES.filter((f) => f !== 'review');

  it.each(PAYMENT_STATUSES)(
    'fraud accept of a %s payment under review: allowed, no gateway call, status kept',
    (status) => {
      expect(checkEvent('fraud_accept', { status, fraud_status: 'review' })).toEqual({
        allowed: true,
        gatewayAction: null,
        to: undefined,
      });
    },
  );

  /** fraud reject: void if preauth, refund the remainder if confirmed, otherwise nothing to undo at the gateway. */
  const REJECT: Record<PaymentStatus, { gateway: GatewayAction | null; to: PaymentStatus | undefined }> = {
    waiting: { gateway: null, to: undefined },
    input: { gateway: null, to: undefined },
    preauth: { gateway: 'void', to: 'void' },
    // the remainder is refunded: statusAfterRefund says `refunded`.
    confirmed: { gateway: 'refund', to: undefined },
    rejected: { gateway: null, to: undefined },
    refunded: { gateway: null, to: undefined },
    error: { gateway: null, to: undefined },
    void: { gateway: null, to: undefined },
    invalid: { gateway: null, to: undefined },
  };

  it.each(PAYMENT_STATUSES)('fraud reject of a %s payment under review', (status) => {
    expect(checkEvent('fraud_reject', { status, fraud_status: 'review' })).toEqual({
      allowed: true,
      gatewayAction: REJECT[status].gateway,
      to: REJECT[status].to,
    });
  });

  const refusedDecisions = fraudEvents.flatMap((event) =>
    notReview.flatMap((fraud_status) => PAYMENT_STATUSES.map((status) => [event, fraud_status, status] as const)),
  );
  it.each(refusedDecisions)('%s is refused when fraud status is %s (payment %s)', (event, fraud_status, status) => {
    const check = checkEvent(event, { status, fraud_status });
    expect(check.allowed).toBe(false);
    if (check.allowed) return;
    expect(check.reason).toContain(`fraud status is ${fraud_status}`);
  });

  it('says why an accept is refused', () => {
    expect(checkEvent('fraud_accept', { status: 'preauth', fraud_status: 'accept' })).toEqual({
      allowed: false,
      reason: "Only a payment under fraud review can be accepted; this one's fraud status is accept.",
    });
    expect(checkEvent('fraud_reject', { status: 'confirmed', fraud_status: 'unknown' })).toEqual({
      allowed: false,
      reason: "Only a payment under fraud review can be rejected; this one's fraud status is unknown.",
    });
  });
});

describe('allowedEvents: the buttons that can work', () => {
  const cases: [PaymentStatus, FraudStatus, PaymentEvent[]][] = [
    ['waiting', 'unknown', ['void', 'invalidate']],
    ['input', 'unknown', ['void', 'invalidate']],
    ['preauth', 'unknown', ['capture', 'void']],
    ['preauth', 'accept', ['capture', 'void']],
    ['preauth', 'review', ['void', 'fraud_accept', 'fraud_reject']],
    ['preauth', 'reject', ['void']],
    ['confirmed', 'unknown', ['refund']],
    ['confirmed', 'review', ['refund', 'fraud_accept', 'fraud_reject']],
    ['rejected', 'unknown', []],
    ['refunded', 'unknown', []],
    ['error', 'unknown', []],
    ['void', 'unknown', []],
    ['invalid', 'unknown', []],
    ['void', 'review', ['fraud_accept', 'fraud_reject']],
  ];

  it.each(cases)('a %s payment with fraud status %s allows %j', (status, fraud_status, events) => {
    expect(allowedEvents({ status, fraud_status })).toEqual(events);
  });

  it('agrees with checkEvent for every status and fraud status', () => {
    for (const status of PAYMENT_STATUSES) {
      for (const fraud_status of FRAUD_STATUSES) {
        const expected = PAYMENT_EVENTS.filter((event) => checkEvent(event, { status, fraud_status }).allowed);
        expect(allowedEvents({ status, fraud_status })).toEqual(expected);
      }
    }
  });
});

describe('captureAmount: 0 < amount ≤ total; default total', () => {
  it('captures the whole total by default', () => {
    expect(captureAmount(usd('120.00'))).toEqual({ ok: true, amount: usd('120.00') });
  });

  it('captures part of the total', () => {
    const check = captureAmount(usd('120.00'), usd('45.50'));
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.amount.toString()).toBe('45.50');
  });

  it('captures exactly the total', () => {
    expect(captureAmount(usd('120.00'), usd('120')).ok).toBe(true);
  });

  it('captures the smallest amount', () => {
    expect(captureAmount(usd('120.00'), usd('0.01')).ok).toBe(true);
  });

  it.each(['0', '0.00', '-0.01', '-120.00'])('refuses %s as InvalidArgument', (amount) => {
    expect(captureAmount(usd('120.00'), usd(amount))).toEqual({
      ok: false,
      code: 'InvalidArgument',
      message: 'Must be greater than 0.',
    });
  });

  it('refuses a cent above the total as AmountExceeded', () => {
    expect(captureAmount(usd('120.00'), usd('120.01'))).toEqual({
      ok: false,
      code: 'AmountExceeded',
      message: "Cannot capture 120.01 USD: the payment's total is 120.00.",
    });
  });

  it('refuses to capture a zero total', () => {
    expect(captureAmount(usd('0'))).toMatchObject({ ok: false, code: 'InvalidArgument' });
  });

  it('works in the currency minor unit (JPY, KWD)', () => {
    expect(captureAmount(Money.of('500', 'JPY'), Money.of('501', 'JPY'))).toMatchObject({
      ok: false,
      code: 'AmountExceeded',
    });
    expect(captureAmount(Money.of('1.000', 'KWD'), Money.of('0.999', 'KWD')).ok).toBe(true);
    expect(captureAmount(Money.of('1.000', 'KWD'), Money.of('1.001', 'KWD'))).toMatchObject({
      ok: false,
      code: 'AmountExceeded',
    });
  });

  it('refuses an amount in another currency', () => {
    expect(() => captureAmount(usd('120.00'), Money.of('10.00', 'EUR'))).toThrow('Cannot combine');
  });
});

describe('refundable: what is left to refund', () => {
  it.each([
    ['100.00', '0.00', '100.00'],
    ['100.00', '30.00', '70.00'],
    ['100.00', '100.00', '0.00'],
    ['0.30', '0.10', '0.20'],
  ])('captured %s, refunded %s: %s left', (captured, refunded, left) => {
    expect(refundable(usd(captured), usd(refunded)).toString()).toBe(left);
  });
});

describe('refundAmount: 0 < amount ≤ captured − refunded; default that remainder', () => {
  it('refunds the whole remainder by default', () => {
    expect(refundAmount(usd('100.00'), usd('30.00'))).toEqual({ ok: true, amount: usd('70.00') });
  });

  it('refunds everything captured by default when nothing was refunded yet', () => {
    expect(refundAmount(usd('100.00'), usd('0'))).toEqual({ ok: true, amount: usd('100.00') });
  });

  it('refunds part of the remainder', () => {
    const check = refundAmount(usd('100.00'), usd('30.00'), usd('20.00'));
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.amount.toString()).toBe('20.00');
  });

  it('refunds exactly the remainder', () => {
    expect(refundAmount(usd('100.00'), usd('30.00'), usd('70.00')).ok).toBe(true);
  });

  it('refuses a cent above the remainder as AmountExceeded', () => {
    expect(refundAmount(usd('100.00'), usd('30.00'), usd('70.01'))).toEqual({
      ok: false,
      code: 'AmountExceeded',
      message: 'Cannot refund 70.01 USD: only 70.00 is left to refund.',
    });
  });

  it('refuses more than was captured', () => {
    expect(refundAmount(usd('100.00'), usd('0'), usd('100.01'))).toMatchObject({ ok: false, code: 'AmountExceeded' });
  });

  it('refuses a default refund when nothing is left', () => {
    expect(refundAmount(usd('100.00'), usd('100.00'))).toEqual({
      ok: false,
      code: 'AmountExceeded',
      message: 'Nothing is left to refund on this payment.',
    });
  });

  it('refuses any amount when nothing is left', () => {
    expect(refundAmount(usd('100.00'), usd('100.00'), usd('0.01'))).toMatchObject({
      ok: false,
      code: 'AmountExceeded',
    });
  });

  it.each(['0', '-0.01', '-10.00'])('refuses %s as InvalidArgument', (amount) => {
    expect(refundAmount(usd('100.00'), usd('30.00'), usd(amount))).toEqual({
      ok: false,
      code: 'InvalidArgument',
      message: 'Must be greater than 0.',
    });
  });

  it('never loses a cent: 0.30 captured, 0.10 + 0.10 refunded leaves exactly 0.10', () => {
    const refunded = usd('0.10').plus(usd('0.10'));
    expect(refundAmount(usd('0.30'), refunded, usd('0.10')).ok).toBe(true);
    expect(refundAmount(usd('0.30'), refunded, usd('0.11'))).toMatchObject({ ok: false, code: 'AmountExceeded' });
  });
});

describe('statusAfterRefund: refunded once everything captured has been refunded', () => {
  it.each([
    ['100.00', '30.00', 'confirmed'],
    ['100.00', '99.99', 'confirmed'],
    ['100.00', '100.00', 'refunded'],
    ['0.30', '0.30', 'refunded'],
  ] as const)('captured %s, refunded %s after the refund: %s', (captured, refundedAfter, status) => {
    expect(statusAfterRefund(usd(captured), usd(refundedAfter))).toBe(status);
  });

  it('partial refunds that add up to the capture end refunded', () => {
    const captured = usd('50.00');
    let refunded = Money.zero('USD');
    const statuses: PaymentStatus[] = [];
    for (const part of ['10.00', '15.00', '25.00']) {
      const check = refundAmount(captured, refunded, usd(part));
      expect(check.ok).toBe(true);
      if (!check.ok) return;
      refunded = refunded.plus(check.amount);
      statuses.push(statusAfterRefund(captured, refunded));
    }
    expect(statuses).toEqual(['confirmed', 'confirmed', 'refunded']);
    expect(refundAmount(captured, refunded)).toMatchObject({ ok: false, code: 'AmountExceeded' });
  });
});

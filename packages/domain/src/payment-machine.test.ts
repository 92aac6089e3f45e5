import { describe, expect, it } from 'vitest';
import { Money } from './money.ts';
import {
  availableActions,
  callInFlight,
  refundableAmount,
  transition,
  type Accepted,
  type Outcome,
  type PaymentEvent,
  type PaymentState,
  type Reconciled,
  type StaffEventType,
} from './payment-machine.ts';
import { FRAUD_STATUSES, PAYMENT_STATUSES, type FraudStatus, type PaymentStatus } from './payment-status.ts';

const usd = (v: string) => Money.of(v, 'USD');
const NOW = new Date('2026-06-10T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000);

function payment(over: Partial<PaymentState> = {}): PaymentState {
  return {
    status: 'preauth',
    fraud_status: 'unknown',
    total: usd('100.00'),
    captured: usd('0'),
    refunded: usd('0'),
    reserved: usd('0'),
    pendingRefunds: 0,
    lastRefundStartedAt: null,
    operation: null,
    errorFrom: null,
    authorizedAt: daysAgo(1),
    authorizationTtlDays: 7,
    offline: false,
    approvalThreshold: usd('1000.00'),
    now: NOW,
    ...over,
  };
}

const ok = (t: ReturnType<typeof transition>): Accepted => {
  if (!t.ok) throw new Error(`refused: ${t.code} ${t.message}`);
  return t;
};
const refusal = (t: ReturnType<typeof transition>) => (t.ok ? 'ok' : t.code);

/**
 * product.md's staff events table, written out independently of the machine: from which (status, fraud
 * status) each event is allowed on an idle payment. Every other pair is refused.
 */
const ALLOWED: Record<StaffEventType, (s: PaymentStatus, f: FraudStatus) => boolean> = {
  capture: (s, f) => s === 'preauth' && f !== 'review' && f !== 'reject',
  void: (s) => s === 'preauth' || s === 'waiting' || s === 'input',
  refund: (s) => s === 'confirmed',
  invalidate: (s) => s === 'waiting' || s === 'input',
  fraud_accept: (s, f) => f === 'review' && s !== 'error',
  fraud_reject: (s, f) => f === 'review' && s !== 'error',
  mark_failed: (s) => s === 'error',
  open_fraud_review: (s, f) =>
    (f === 'unknown' || f === 'accept') && ['waiting', 'input', 'preauth', 'confirmed'].includes(s),
};

describe('every (status, fraud status, staff event) on an idle payment', () => {
  for (const status of PAYMENT_STATUSES) {
    for (const fraud of FRAUD_STATUSES) {
      for (const event of Object.keys(ALLOWED) as StaffEventType[]) {
        const expected = ALLOWED[event](status, fraud);
        it(`${event} from ${status}/${fraud} is ${expected ? 'allowed' : 'refused'}`, () => {
          const state = payment({
            status,
            fraud_status: fraud,
            captured: status === 'confirmed' ? usd('100.00') : usd('0'),
          });
          const result = transition(state, { type: event } as PaymentEvent);
          expect(result.ok).toBe(expected);
          if (!result.ok) expect(result.message).not.toBe('');
          expect(availableActions(state).includes(event)).toBe(expected);
        });
      }
    }
  }
});

describe('staff events: results', () => {
  it('capture claims the operation and asks for one gateway call; the status waits for the answer', () => {
    const t = ok(transition(payment(), { type: 'capture', amount: usd('60.00') }));
    expect(t.change.status).toBeUndefined();
    expect(t.change.operation).toMatchObject({ kind: 'capture', from: 'preauth', startedAt: NOW });
    expect(t.effect).toEqual({ kind: 'call', operation: 'capture', amount: usd('60.00') });
  });

  it('capture defaults to the total and keeps 0 < amount ≤ total', () => {
    expect(ok(transition(payment(), { type: 'capture' })).effect).toMatchObject({ amount: usd('100.00') });
    expect(refusal(transition(payment(), { type: 'capture', amount: usd('100.01') }))).toBe('AmountExceeded');
    expect(refusal(transition(payment(), { type: 'capture', amount: usd('0') }))).toBe('InvalidArgument');
  });

  it('capture is refused once the authorization is older than its TTL (default 7 days); void stays allowed', () => {
    const old = payment({ authorizedAt: daysAgo(12) });
    expect(refusal(transition(old, { type: 'capture' }))).toBe('AuthorizationExpired');
    expect(transition(old, { type: 'void' }).ok).toBe(true);
    expect(availableActions(old)).not.toContain('capture');
    expect(transition(payment({ authorizedAt: daysAgo(80), authorizationTtlDays: null }), { type: 'capture' }).ok).toBe(
      true,
    );
    expect(transition(payment({ authorizedAt: daysAgo(8), authorizationTtlDays: 30 }), { type: 'capture' }).ok).toBe(
      true,
    );
  });

  it('offline methods settle at once', () => {
    const t = ok(transition(payment({ offline: true }), { type: 'capture' }));
    expect(t.change).toMatchObject({ status: 'confirmed', captured: usd('100.00') });
    expect(t.effect).toBeNull();
    expect(t.notify).toBe(true);
  });

  it('void of waiting/input makes no call; of preauth it calls the gateway', () => {
    expect(ok(transition(payment({ status: 'waiting' }), { type: 'void' })).change.status).toBe('void');
    expect(ok(transition(payment(), { type: 'void' })).effect).toEqual({
      kind: 'call',
      operation: 'void',
      amount: null,
    });
  });

  it('refund: the remainder net of what pending refunds and approvals reserve', () => {
    const state = payment({
      status: 'confirmed',
      captured: usd('100.00'),
      refunded: usd('20.00'),
      reserved: usd('50.00'),
    });
    expect(refundableAmount(state)).toEqual(usd('30.00'));
    expect(ok(transition(state, { type: 'refund' })).effect).toEqual({ kind: 'refund', amount: usd('30.00') });
    const over = transition(state, { type: 'refund', amount: usd('30.01') });
    expect(refusal(over)).toBe('AmountExceeded');
    expect(over.ok ? '' : over.message).toContain('50.00 is held');
  });

  it('two-person approval fails closed: without a threshold every refund waits', () => {
    const state = payment({ status: 'confirmed', captured: usd('100.00'), approvalThreshold: null });
    expect(ok(transition(state, { type: 'refund', amount: usd('0.01') })).effect).toEqual({
      kind: 'await_approval',
      amount: usd('0.01'),
    });
    expect(ok(transition(state, { type: 'refund', approved: true })).effect?.kind).toBe('refund');
    const under = payment({ status: 'confirmed', captured: usd('100.00'), approvalThreshold: usd('100.00') });
    expect(ok(transition(under, { type: 'refund' })).effect?.kind).toBe('refund');
    expect(ok(transition({ ...under, approvalThreshold: usd('99.99') }, { type: 'refund' })).effect?.kind).toBe(
      'await_approval',
    );
  });

  it('the threshold applies to a payment’s refunds together: splitting a large refund still waits', () => {
    const state = payment({ status: 'confirmed', total: usd('2500.00'), captured: usd('2500.00') });
    expect(ok(transition(state, { type: 'refund', amount: usd('1000.00') })).effect?.kind).toBe('refund');
    const second = { ...state, refunded: usd('1000.00') };
    expect(ok(transition(second, { type: 'refund', amount: usd('1000.00') })).effect?.kind).toBe('await_approval');
    const held = { ...state, reserved: usd('900.00') };
    expect(ok(transition(held, { type: 'refund', amount: usd('100.01') })).effect?.kind).toBe('await_approval');
    expect(ok(transition(held, { type: 'refund', amount: usd('100.00') })).effect?.kind).toBe('refund');
  });

  it('fraud reject: voids a preauth, refunds a confirmed one without approval, leaves a waiting one', () => {
    const review = { fraud_status: 'review' as const };
    const pre = ok(transition(payment(review), { type: 'fraud_reject' }));
    expect(pre.change.fraud_status).toBe('reject');
    expect(pre.effect).toMatchObject({ kind: 'call', operation: 'void' });
    const conf = ok(
      transition(payment({ ...review, status: 'confirmed', captured: usd('100.00'), approvalThreshold: null }), {
        type: 'fraud_reject',
      }),
    );
    expect(conf.effect).toEqual({ kind: 'refund', amount: usd('100.00') });
    const waiting = ok(transition(payment({ ...review, status: 'waiting' }), { type: 'fraud_reject' }));
    expect(waiting.change).toEqual({ fraud_status: 'reject' });
    expect(waiting.effect).toBeNull();
    for (const t of [pre, conf, waiting]) expect(t.closeReview).toBe('rejected');
  });

  it('fraud accept changes only the fraud status and closes the review', () => {
    const t = ok(transition(payment({ fraud_status: 'review' }), { type: 'fraud_accept' }));
    expect(t.change).toEqual({ fraud_status: 'accept' });
    expect(t.closeReview).toBe('accepted');
    expect(t.notify).toBe(true);
  });

  it('open fraud review by hand', () => {
    const t = ok(transition(payment({ fraud_status: 'accept' }), { type: 'open_fraud_review' }));
    expect(t.change).toEqual({ fraud_status: 'review' });
    expect(t.openReview).toBe('manual');
  });

  it('no staff event starts while a gateway call is in flight or its outcome is unknown', () => {
    const flying = payment({
      operation: { kind: 'capture', from: 'preauth', amount: usd('10.00'), startedAt: secondsAgo(3) },
    });
    expect(callInFlight(flying)).toBe(true);
    expect(availableActions(flying)).toEqual([]);
    const unknown = payment({
      status: 'error',
      operation: { kind: 'capture', from: 'preauth', amount: null, startedAt: null },
    });
    expect(availableActions(unknown)).toEqual(['mark_failed']);
  });

  it('mark-failed is refused while a gateway call is in flight', () => {
    const flying = payment({
      status: 'error',
      operation: { kind: 'capture', from: 'preauth', amount: usd('10.00'), startedAt: secondsAgo(30) },
    });
    expect(refusal(transition(flying, { type: 'mark_failed' }))).toBe('InvalidState');
    const refundFlying = payment({
      status: 'confirmed',
      captured: usd('100.00'),
      pendingRefunds: 1,
      lastRefundStartedAt: secondsAgo(5),
    });
    expect(refusal(transition(refundFlying, { type: 'mark_failed' }))).toBe('InvalidState');
  });

  it('mark-failed: an unknown capture becomes rejected; unknown refunds fail and the captured money stays', () => {
    const capture = payment({
      status: 'error',
      operation: { kind: 'capture', from: 'preauth', amount: null, startedAt: null },
    });
    expect(ok(transition(capture, { type: 'mark_failed' })).change).toMatchObject({
      status: 'rejected',
      operation: null,
    });
    const stuck = payment({
      operation: { kind: 'capture', from: 'preauth', amount: null, startedAt: secondsAgo(600) },
    });
    expect(ok(transition(stuck, { type: 'mark_failed' })).change.status).toBe('rejected');
    const refund = payment({
      status: 'error',
      captured: usd('100.00'),
      refunded: usd('10.00'),
      pendingRefunds: 1,
      lastRefundStartedAt: secondsAgo(900),
    });
    const t = ok(transition(refund, { type: 'mark_failed' }));
    expect(t.change.status).toBe('confirmed');
    expect(t.refund).toBe('failed');
  });
});

describe('gateway answers, for every operation and outcome', () => {
  const ops = ['authorize', 'purchase', 'capture', 'void'] as const;
  const from = { authorize: 'waiting', purchase: 'waiting', capture: 'preauth', void: 'preauth' } as const;
  const expected: Record<(typeof ops)[number], Record<Outcome, PaymentStatus>> = {
    authorize: { success: 'preauth', decline: 'rejected', error: 'error', pending: 'input' },
    purchase: { success: 'confirmed', decline: 'rejected', error: 'error', pending: 'input' },
    capture: { success: 'confirmed', decline: 'rejected', error: 'error', pending: 'input' },
    void: { success: 'void', decline: 'preauth', error: 'error', pending: 'input' },
  };
  for (const kind of ops) {
    for (const outcome of ['success', 'decline', 'error', 'pending'] as Outcome[]) {
      it(`${kind} answered ${outcome} → ${expected[kind][outcome]}`, () => {
        const state = payment({
          status: from[kind],
          operation: { kind, from: from[kind], amount: usd('40.00'), startedAt: secondsAgo(1) },
        });
        const t = ok(transition(state, { type: 'operation_answered', outcome }));
        expect(t.change.status).toBe(expected[kind][outcome]);
        if (outcome === 'success' || outcome === 'decline') expect(t.change.operation).toBeNull();
        else expect(t.change.operation).toMatchObject({ kind, startedAt: null });
      });
    }
  }

  it('a partial capture counts what was captured; a purchase the total', () => {
    const cap = payment({ operation: { kind: 'capture', from: 'preauth', amount: usd('40.00'), startedAt: NOW } });
    expect(ok(transition(cap, { type: 'operation_answered', outcome: 'success' })).change.captured).toEqual(
      usd('40.00'),
    );
    const buy = payment({
      status: 'waiting',
      operation: { kind: 'purchase', from: 'waiting', amount: null, startedAt: NOW },
    });
    expect(ok(transition(buy, { type: 'operation_answered', outcome: 'success' })).change.captured).toEqual(
      usd('100.00'),
    );
  });

  it("the gateway's fraud screen opens a review", () => {
    const auth = payment({
      status: 'waiting',
      operation: { kind: 'authorize', from: 'waiting', amount: null, startedAt: NOW },
    });
    const t = ok(transition(auth, { type: 'operation_answered', outcome: 'success', fraudReview: true }));
    expect(t.change.fraud_status).toBe('review');
    expect(t.openReview).toBe('rule');
  });

  it('an answer with no operation waiting for it is refused', () => {
    expect(refusal(transition(payment(), { type: 'operation_answered', outcome: 'success' }))).toBe('InvalidState');
  });

  it('refund answers: success counts the money, decline fails the refund, unknown makes the payment error', () => {
    const state = payment({
      status: 'confirmed',
      captured: usd('100.00'),
      pendingRefunds: 1,
      lastRefundStartedAt: NOW,
    });
    const full = ok(transition(state, { type: 'refund_answered', amount: usd('100.00'), outcome: 'success' }));
    expect(full.change).toMatchObject({ refunded: usd('100.00'), status: 'refunded' });
    expect(full.refund).toBe('succeeded');
    const part = ok(transition(state, { type: 'refund_answered', amount: usd('30.00'), outcome: 'success' }));
    expect(part.change.status).toBe('confirmed');
    expect(part.notify).toBe(true);
    const no = ok(transition(state, { type: 'refund_answered', amount: usd('30.00'), outcome: 'decline' }));
    expect(no.refund).toBe('failed');
    expect(no.change.status).toBeUndefined();
    const unknown = ok(transition(state, { type: 'refund_answered', amount: usd('30.00'), outcome: 'error' }));
    expect(unknown.change).toMatchObject({ status: 'error', errorFrom: 'confirmed' });
    expect(unknown.refund).toBeNull();
  });
});

describe('reconciliation', () => {
  const cases: [Reconciled, PaymentStatus | undefined][] = [
    ['success', 'confirmed'],
    ['decline', 'rejected'],
    ['not_found', 'preauth'],
    ['unknown', undefined],
  ];
  for (const [outcome, status] of cases) {
    it(`an unknown capture past its deadline reconciled ${outcome} → ${status ?? 'unchanged'}`, () => {
      const state = payment({
        status: 'error',
        operation: { kind: 'capture', from: 'preauth', amount: usd('70.00'), startedAt: null, deadline: secondsAgo(1) },
      });
      expect(ok(transition(state, { type: 'operation_reconciled', outcome, askedAt: NOW })).change.status).toBe(status);
    });
  }

  it('the last unknown refund settled returns the payment from error', () => {
    const state = payment({ status: 'error', captured: usd('100.00'), pendingRefunds: 1, errorFrom: 'confirmed' });
    expect(
      ok(transition(state, { type: 'refund_reconciled', amount: usd('100.00'), outcome: 'success', askedAt: NOW }))
        .change.status,
    ).toBe('refunded');
    expect(
      ok(
        transition(state, {
          type: 'refund_reconciled',
          amount: usd('1.00'),
          outcome: 'not_found',
          askedAt: NOW,
          deadline: secondsAgo(1),
        }),
      ).change.status,
    ).toBe('confirmed');
    const two = { ...state, pendingRefunds: 2 };
    expect(
      ok(transition(two, { type: 'refund_reconciled', amount: usd('1.00'), outcome: 'success', askedAt: NOW })).change
        .status,
    ).toBe('error');
  });

  describe('"never received" before the first call can no longer land', () => {
    const unknown = (kind: 'capture' | 'void' | 'authorize' | 'purchase', deadline: Date | null | undefined) =>
      payment({
        status: 'error',
        callDeadlineMs: 3_000,
        operation: {
          kind,
          from: kind === 'capture' || kind === 'void' ? 'preauth' : 'waiting',
          amount: usd('70.00'),
          startedAt: null,
          deadline,
        },
      });

    for (const deadline of [new Date(NOW.getTime() + 1000), null, undefined]) {
      it(`sends a capture or void again under its key (deadline ${deadline === undefined ? 'absent' : String(deadline?.toISOString() ?? null)})`, () => {
        for (const kind of ['capture', 'void'] as const) {
          const t = ok(
            transition(unknown(kind, deadline), { type: 'operation_reconciled', outcome: 'not_found', askedAt: NOW }),
          );
          expect(t.effect).toEqual({ kind: 'resend', operation: kind, amount: usd('70.00') });
          expect(t.change.status).toBeUndefined();
          expect(t.change.operation).toMatchObject({
            kind,
            from: 'preauth',
            startedAt: NOW,
            deadline: new Date(NOW.getTime() + 3_000),
          });
          expect(t.notify).toBe(false);
        }
      });

      it(`leaves an authorization or purchase unknown (deadline ${deadline === undefined ? 'absent' : String(deadline?.toISOString() ?? null)})`, () => {
        for (const kind of ['authorize', 'purchase'] as const) {
          const t = ok(
            transition(unknown(kind, deadline), { type: 'operation_reconciled', outcome: 'not_found', askedAt: NOW }),
          );
          expect(t.change).toEqual({});
          expect(t.effect).toBeNull();
        }
      });

      it(`sends a refund again under its key (deadline ${deadline === undefined ? 'absent' : String(deadline?.toISOString() ?? null)})`, () => {
        const state = payment({ status: 'error', captured: usd('100.00'), pendingRefunds: 1, errorFrom: 'confirmed' });
        const t = ok(
          transition(state, {
            type: 'refund_reconciled',
            amount: usd('40.00'),
            outcome: 'not_found',
            askedAt: NOW,
            deadline,
          }),
        );
        expect(t.effect).toEqual({ kind: 'resend', operation: 'refund', amount: usd('40.00') });
        expect(t.refund).toBeNull();
        expect(t.change).toEqual({});
      });
    }

    it('judges "never received" by when the gateway was asked, not by when the answer is applied', () => {
      // Asked a second before the deadline, applied after it (a slow answer, a wait for the row lock): the first
      // call could still have landed after the gateway answered.
      const deadline = secondsAgo(1);
      const askedAt = secondsAgo(2);
      const capture = ok(
        transition(unknown('capture', deadline), { type: 'operation_reconciled', outcome: 'not_found', askedAt }),
      );
      expect(capture.effect).toEqual({ kind: 'resend', operation: 'capture', amount: usd('70.00') });
      expect(capture.change.status).toBeUndefined();
      const purchase = ok(
        transition(unknown('purchase', deadline), { type: 'operation_reconciled', outcome: 'not_found', askedAt }),
      );
      expect(purchase.change).toEqual({});
      const state = payment({ status: 'error', captured: usd('100.00'), pendingRefunds: 1, errorFrom: 'confirmed' });
      const refund = ok(
        transition(state, { type: 'refund_reconciled', amount: usd('40.00'), outcome: 'not_found', askedAt, deadline }),
      );
      expect(refund.effect).toEqual({ kind: 'resend', operation: 'refund', amount: usd('40.00') });
      expect(refund.refund).toBeNull();
      // Asked at the deadline or after it: settled.
      const late = ok(
        transition(unknown('capture', deadline), { type: 'operation_reconciled', outcome: 'not_found', askedAt: NOW }),
      );
      expect(late.change).toMatchObject({ status: 'preauth', operation: null });
    });

    it('settles once the deadline has passed: the authorization stands, the purchase failed', () => {
      const capture = ok(
        transition(unknown('capture', NOW), { type: 'operation_reconciled', outcome: 'not_found', askedAt: NOW }),
      );
      expect(capture.change).toMatchObject({ status: 'preauth', operation: null });
      expect(capture.effect).toBeNull();
      const purchase = ok(
        transition(unknown('purchase', NOW), { type: 'operation_reconciled', outcome: 'not_found', askedAt: NOW }),
      );
      expect(purchase.change).toMatchObject({ status: 'rejected', operation: null });
    });

    it('refuses to mark a payment failed while its lost call could still land', () => {
      const soon = unknown('capture', new Date(NOW.getTime() + 1000));
      expect(transition(soon, { type: 'mark_failed' })).toMatchObject({ ok: false, code: 'InvalidState' });
      expect(ok(transition(unknown('capture', NOW), { type: 'mark_failed' })).change.status).toBe('rejected');
      expect(ok(transition(unknown('capture', null), { type: 'mark_failed' })).change.status).toBe('rejected');
    });

    it('asks nothing while a call is in flight', () => {
      const state = payment({
        status: 'error',
        operation: { kind: 'capture', from: 'preauth', amount: usd('70.00'), startedAt: secondsAgo(2), deadline: null },
      });
      for (const outcome of ['success', 'decline', 'not_found'] as const) {
        expect(ok(transition(state, { type: 'operation_reconciled', outcome, askedAt: NOW })).change).toEqual({});
      }
    });

    it('gives every operation it starts a deadline from the method', () => {
      const withDeadline = { callDeadlineMs: 2_500 };
      const capture = ok(transition(payment(withDeadline), { type: 'capture' }));
      expect(capture.change.operation?.deadline).toEqual(new Date(NOW.getTime() + 2_500));
      const purchase = ok(
        transition(payment({ ...withDeadline, status: 'waiting' }), { type: 'process', action: 'purchase' }),
      );
      expect(purchase.change.operation?.deadline).toEqual(new Date(NOW.getTime() + 2_500));
      expect(ok(transition(payment(), { type: 'void' })).change.operation?.deadline).toBeNull();
    });
  });

  it('an authorization the gateway released becomes void', () => {
    expect(ok(transition(payment(), { type: 'authorization_expired' })).change.status).toBe('void');
    expect(transition(payment({ status: 'confirmed' }), { type: 'authorization_expired' }).ok).toBe(false);
  });
});

describe('reviews close when the money is gone', () => {
  it('a full refund of a payment under review closes it as refunded and takes it out of the queue', () => {
    const state = payment({ fraud_status: 'review', status: 'confirmed', captured: usd('100.00'), pendingRefunds: 1 });
    const t = ok(transition(state, { type: 'refund_answered', amount: usd('100.00'), outcome: 'success' }));
    expect(t.closeReview).toBe('refunded');
    expect(t.change.fraud_status).toBe('unknown');
  });

  it('a void closes it as voided; a partial refund does not close it', () => {
    const voiding = payment({ fraud_status: 'review', status: 'waiting' });
    expect(ok(transition(voiding, { type: 'void' })).closeReview).toBe('voided');
    const state = payment({ fraud_status: 'review', status: 'confirmed', captured: usd('100.00'), pendingRefunds: 1 });
    expect(
      ok(transition(state, { type: 'refund_answered', amount: usd('1.00'), outcome: 'success' })).closeReview,
    ).toBeNull();
  });
});

describe('notify: every change a storefront cares about', () => {
  it('is set for status, fraud status and amounts, and not for a claim', () => {
    expect(ok(transition(payment(), { type: 'capture' })).notify).toBe(false);
    expect(ok(transition(payment({ fraud_status: 'review' }), { type: 'fraud_accept' })).notify).toBe(true);
    const cap = payment({ operation: { kind: 'capture', from: 'preauth', amount: usd('1.00'), startedAt: NOW } });
    expect(ok(transition(cap, { type: 'operation_answered', outcome: 'success' })).notify).toBe(true);
    expect(
      ok(
        transition(payment({ status: 'error', operation: cap.operation }), {
          type: 'operation_reconciled',
          outcome: 'unknown',
          askedAt: NOW,
        }),
      ).notify,
    ).toBe(false);
  });
});

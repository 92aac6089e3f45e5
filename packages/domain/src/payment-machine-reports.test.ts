import { describe, expect, it } from 'vitest';
import { Money } from './money.ts';
import {
  availableActions,
  disputeIsOpen,
  transition,
  type GatewayReport,
  type PaymentDispute,
  type PaymentState,
} from './payment-machine.ts';

/** What the gateway reports of a charge outside Paydesk's calls (a webhook, the charge retrieved for the truth). */

const usd = (v: string) => Money.of(v, 'USD');
const NOW = new Date('2026-06-10T12:00:00Z');

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
    authorizedAt: NOW,
    authorizationTtlDays: 7,
    offline: false,
    approvalThreshold: usd('1000.00'),
    now: NOW,
    ...over,
  };
}
const confirmed = (over: Partial<PaymentState> = {}) =>
  payment({ status: 'confirmed', captured: usd('100.00'), ...over });

function report(
  over: { captured?: string; refunded?: string; released?: boolean; failed?: boolean } = {},
): GatewayReport {
  return {
    released: over.released ?? false,
    failed: over.failed ?? false,
    captured: usd(over.captured ?? '0'),
    refunded: usd(over.refunded ?? '0'),
  };
}
const reported = (state: PaymentState, r: GatewayReport) => transition(state, { type: 'gateway_reported', report: r });

describe('gateway_reported', () => {
  it('a capture made in the dashboard confirms the authorization for what was captured', () => {
    const t = reported(payment(), report({ captured: '80.00' }));
    expect(t).toMatchObject({ ok: true, change: { status: 'confirmed' }, effect: null, notify: true });
    if (t.ok) expect(t.change.captured?.toString()).toBe('80.00');
  });

  it('a refund made in the dashboard: refunded, with a settled refund of the difference for the BFF to record', () => {
    const t = reported(confirmed({ refunded: usd('10.00') }), report({ captured: '100.00', refunded: '40.00' }));
    expect(t).toMatchObject({ ok: true, change: { status: 'confirmed' }, refund: 'succeeded', notify: true });
    if (!t.ok || t.effect?.kind !== 'refund_settled') throw new Error('expected a settled refund');
    expect(t.effect.amount.toString()).toBe('30.00');
    expect(t.change.refunded?.toString()).toBe('40.00');
  });

  it('everything refunded in the dashboard makes the payment refunded; a refund beyond the capture counts as the capture', () => {
    const t = reported(confirmed(), report({ captured: '100.00', refunded: '250.00' }));
    expect(t).toMatchObject({ ok: true, change: { status: 'refunded' } });
    if (t.ok && t.effect?.kind === 'refund_settled') expect(t.effect.amount.toString()).toBe('100.00');
  });

  it('captured and refunded at once, seen from the authorization', () => {
    const t = reported(payment(), report({ captured: '100.00', refunded: '100.00' }));
    expect(t).toMatchObject({ ok: true, change: { status: 'refunded' }, refund: 'succeeded' });
  });

  it('a released (voided or lapsed) authorization is void', () => {
    expect(reported(payment(), report({ released: true }))).toMatchObject({ ok: true, change: { status: 'void' } });
  });

  it('a failed charge rejects a payment not yet holding money, and changes nothing once it does', () => {
    expect(reported(payment({ status: 'waiting' }), report({ failed: true }))).toMatchObject({
      ok: true,
      change: { status: 'rejected' },
    });
    expect(reported(confirmed(), report({ failed: true }))).toMatchObject({ ok: true, change: {}, notify: false });
  });

  it('the same report again, or an older one (out of order), changes nothing', () => {
    const after = confirmed({ refunded: usd('40.00') });
    for (const r of [
      report({ captured: '100.00', refunded: '40.00' }),
      report({ captured: '100.00', refunded: '10.00' }),
    ]) {
      const t = reported(after, r);
      expect(t).toMatchObject({ ok: true, change: {}, effect: null, notify: false });
    }
    expect(reported(payment({ status: 'void' }), report({ captured: '100.00' }))).toMatchObject({
      ok: true,
      change: {},
    });
  });

  it('waits for Paydesk’s own call, its unknown outcome, a pending refund; an offline payment has no gateway', () => {
    const op = { kind: 'capture' as const, from: 'preauth' as const, amount: usd('100.00') };
    expect(reported(payment({ operation: { ...op, startedAt: NOW } }), report({ captured: '100.00' }))).toMatchObject({
      ok: false,
      message: 'A capture of this payment is in progress; its answer comes first.',
    });
    expect(
      reported(payment({ status: 'error', operation: { ...op, startedAt: null } }), report({ captured: '100.00' })),
    ).toMatchObject({ ok: false, message: "This payment's last capture has an unknown outcome; reconcile it first." });
    expect(reported(confirmed({ pendingRefunds: 1 }), report({ captured: '100.00', refunded: '50.00' }))).toMatchObject(
      { ok: false },
    );
    expect(reported(payment({ offline: true }), report({ captured: '100.00' })).ok).toBe(false);
  });
});

describe('dispute_reported, and refunds while a dispute is open', () => {
  const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
  const dispute = (status: string, seconds = 0): PaymentDispute => ({
    id: 'dp_1',
    status,
    amount: usd('100.00'),
    reason: 'fraudulent',
    at: at(seconds),
  });
  const disputed = (status: string, seconds = 0) => confirmed({ dispute: dispute(status, seconds) });

  it('records the dispute, without telling the storefront (its money has not moved in Paydesk)', () => {
    const t = transition(confirmed(), { type: 'dispute_reported', dispute: dispute('needs_response') });
    expect(t).toMatchObject({
      ok: true,
      change: { dispute: { id: 'dp_1', status: 'needs_response' } },
      notify: false,
      message: 'Disputed by the cardholder (fraudulent): 100.00 USD, needs response',
    });
  });

  it('refuses a refund while the dispute is open, with a sentence, and offers none', () => {
    for (const status of ['needs_response', 'under_review', 'warning_needs_response', 'warning_under_review']) {
      expect(disputeIsOpen({ status })).toBe(true);
      const t = transition(disputed(status), { type: 'refund' });
      expect(t).toMatchObject({ ok: false, code: 'InvalidState' });
      if (!t.ok)
        expect(t.message).toMatch(
          /^This payment is disputed \(.+\): it cannot be refunded while the dispute is open\.$/,
        );
      expect(availableActions(disputed(status))).not.toContain('refund');
    }
  });

  it('allows a refund again once the dispute is closed', () => {
    for (const status of ['won', 'lost', 'warning_closed']) {
      expect(transition(disputed(status), { type: 'refund' }).ok).toBe(true);
      expect(availableActions(disputed(status))).toContain('refund');
    }
    expect(
      transition(disputed('needs_response'), { type: 'dispute_reported', dispute: dispute('won', 60) }),
    ).toMatchObject({ ok: true, change: { dispute: { status: 'won' } }, message: 'The dispute was closed: won' });
  });

  it('an older report of the dispute (out of order) or the same one again changes nothing; at one moment, closed wins', () => {
    const closed = disputed('won', 60);
    expect(transition(closed, { type: 'dispute_reported', dispute: dispute('needs_response', 0) })).toMatchObject({
      ok: true,
      change: {},
    });
    expect(transition(closed, { type: 'dispute_reported', dispute: dispute('won', 60) })).toMatchObject({
      ok: true,
      change: {},
    });
    expect(
      transition(disputed('won', 5), { type: 'dispute_reported', dispute: dispute('needs_response', 5) }),
    ).toMatchObject({ ok: true, change: {} });
    expect(
      transition(disputed('needs_response', 5), { type: 'dispute_reported', dispute: dispute('lost', 5) }),
    ).toMatchObject({ ok: true, change: { dispute: { status: 'lost' } } });
  });
});

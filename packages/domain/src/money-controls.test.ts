import { describe, expect, it } from 'vitest';
import { isMoneyControl, weakensMoneyControl } from './money-controls.ts';

describe('money controls', () => {
  const before = { USD: '1000.00', JPY: '150000' };
  const weakens = (after: Record<string, string>) => weakensMoneyControl('refund_approval_thresholds', before, after);

  it('a threshold raised, or a currency added, weakens two-person approval', () => {
    expect(weakens({ USD: '1000.01', JPY: '150000' })).toBe(true);
    expect(weakens({ ...before, EUR: '1.00' })).toBe(true);
  });

  it('a threshold lowered or kept, or a currency removed (every refund then waits), does not', () => {
    expect(weakens({ USD: '999.99', JPY: '150000' })).toBe(false);
    expect(weakens({ USD: '1000', JPY: '150000.0' })).toBe(false);
    expect(weakens({ USD: '1000.00' })).toBe(false);
    expect(weakens({})).toBe(false);
  });

  it('compares amounts as decimals, not as text', () => {
    expect(weakensMoneyControl('refund_approval_thresholds', { USD: '900.00' }, { USD: '1000.00' })).toBe(true);
    expect(weakensMoneyControl('refund_approval_thresholds', { USD: '1000.00' }, { USD: '900.00' })).toBe(false);
  });

  it('other settings are not money controls', () => {
    expect(isMoneyControl('refund_approval_thresholds')).toBe(true);
    expect(isMoneyControl('fraud_review_sla_hours')).toBe(false);
    expect(weakensMoneyControl('fraud_review_sla_hours', 4, 100)).toBe(false);
  });
});

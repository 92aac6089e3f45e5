import Decimal from 'decimal.js';

/**
 * Settings that guard money. Weakening one — letting more money out with fewer eyes on it — takes a second
 * admin; making one stricter applies at once.
 */
export const MONEY_CONTROL_SETTINGS = ['refund_approval_thresholds'] as const;
export type MoneyControlSetting = (typeof MONEY_CONTROL_SETTINGS)[number];

export function isMoneyControl(key: string): key is MoneyControlSetting {
  return (MONEY_CONTROL_SETTINGS as readonly string[]).includes(key);
}

type Thresholds = Record<string, string>;

/**
 * Whether `after` lets more money out without a second person than `before` does. Approval thresholds fail
 * closed (in a currency not listed every refund waits), so a currency added or a threshold raised weakens
 * the control; a currency removed or a threshold lowered strengthens it.
 */
export function weakensMoneyControl(key: string, before: unknown, after: unknown): boolean {
  if (key !== 'refund_approval_thresholds') return false;
  const was = before as Thresholds;
  return Object.entries(after as Thresholds).some(
    ([currency, amount]) => !Object.hasOwn(was, currency) || new Decimal(amount).gt(new Decimal(was[currency]!)),
  );
}

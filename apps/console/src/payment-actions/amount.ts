import { AMOUNT_PATTERN } from '@paydesk/contract/rules';
import { minorUnits, Money, MoneyError } from '@paydesk/domain';

/** A translatable message: an i18n key and its arguments. */
export interface Message {
  key: string;
  args?: Record<string, unknown>;
}

export type AmountCheck = { ok: true; amount: Money } | { ok: false; error: Message };

/** The BFF's amount rule (at most 16 digits and 4 decimals; the currency's own decimals are checked after). */
const DECIMAL = AMOUNT_PATTERN;

/**
 * An amount typed by a staff member, checked as the server will check it (it checks again): a decimal in
 * the currency's minor unit (Money.of), greater than 0, at most `max`. `tooHigh` is the message key used
 * above `max` ("more than the total", "more than what is left to refund").
 */
export function checkAmount(
  text: string,
  currency: string,
  max: string,
  tooHigh: string,
  formatMax: (value: string) => string,
): AmountCheck {
  const value = text.trim();
  if (value === '') return { ok: false, error: { key: 'paydesk.payment_actions.errors.amount_required' } };
  if (!DECIMAL.test(value)) return { ok: false, error: { key: 'paydesk.payment_actions.errors.amount_format' } };
  let amount: Money;
  try {
    amount = Money.of(value, currency);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const units = minorUnits(currency);
    return {
      ok: false,
      error: {
        key:
          units === 0
            ? 'paydesk.payment_actions.errors.amount_no_decimals'
            : 'paydesk.payment_actions.errors.amount_decimals',
        args: { currency, units },
      },
    };
  }
  if (!amount.isPositive()) return { ok: false, error: { key: 'paydesk.payment_actions.errors.amount_positive' } };
  if (amount.gt(Money.of(max, currency))) return { ok: false, error: { key: tooHigh, args: { max: formatMax(max) } } };
  return { ok: true, amount };
}

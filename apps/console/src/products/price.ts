import { AMOUNT_PATTERN } from '@paydesk/contract/rules';
import { isCurrencyCode, minorUnits, Money, MoneyError } from '@paydesk/domain';
import type { Message } from '../payment-actions/amount.ts';

/** More whole digits than the amount rule's 16 (the database's numeric(20, 4)): too large, not misspelt. */
const TOO_MANY_WHOLE_DIGITS = /^\d{17,}(\.\d*)?$/;

/**
 * A product's price as an admin types it, checked as the server checks it (it checks again): a decimal
 * string in the currency's minor unit (Money.of: at most two decimals for USD, none for JPY), above 0.
 * Undefined when it is fine; without a currency yet, only the form of the number is checked.
 */
export function priceProblem(text: unknown, currency: unknown): Message | undefined {
  const value = typeof text === 'string' ? text.trim() : '';
  if (value === '') return { key: 'paydesk.products.price_required' };
  if (!AMOUNT_PATTERN.test(value))
    return {
      key: TOO_MANY_WHOLE_DIGITS.test(value) ? 'paydesk.products.price_too_large' : 'paydesk.products.price_format',
    };
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) return undefined;
  let price: Money;
  try {
    price = Money.of(value, currency);
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const units = minorUnits(currency);
    return units === 0
      ? { key: 'paydesk.payment_actions.errors.amount_no_decimals', args: { currency } }
      : { key: 'paydesk.payment_actions.errors.amount_decimals', args: { currency, units } };
  }
  if (!price.isPositive()) return { key: 'paydesk.payment_actions.errors.amount_positive' };
  return undefined;
}

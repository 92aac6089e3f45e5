import { isCurrencyCode, minorUnits, Money, MoneyError } from '@paydesk/domain';
import type { Message } from '../payment-actions/amount.ts';

const DECIMAL = /^\d+(\.\d+)?$/;
/** The database keeps prices as numeric(20, 4): at most 16 digits before the point. */
const MAX_WHOLE_DIGITS = 16;

/**
 * A product's price as an admin types it, checked as the server checks it (it checks again): a decimal
 * string in the currency's minor unit (Money.of: at most two decimals for USD, none for JPY), above 0.
 * Undefined when it is fine; without a currency yet, only the form of the number is checked.
 */
export function priceProblem(text: unknown, currency: unknown): Message | undefined {
  const value = typeof text === 'string' ? text.trim() : '';
  if (value === '') return { key: 'paydesk.products.price_required' };
  if (!DECIMAL.test(value)) return { key: 'paydesk.products.price_format' };
  if (value.split('.')[0]!.replace(/^0+(?=\d)/, '').length > MAX_WHOLE_DIGITS)
    return { key: 'paydesk.products.price_too_large' };
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

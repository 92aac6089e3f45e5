import { minorUnits } from '@paydesk/domain';
import { useEffect } from 'react';
import { useListContext, useTranslate, type TextInputProps } from 'react-admin';
import { DECIMAL_PATTERN, MoneyInput, validateDecimal } from './MoneyInput.tsx';

/** The list's one chosen currency, if exactly one is chosen. */
function chosenCurrency(filterValues: Record<string, unknown>): string | null {
  const value = filterValues.currency;
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return null;
}

/**
 * An amount filter ("Total from"), compared in the currency chosen beside it: amounts in different currencies do
 * not compare, so without one currency it is off (and a value left from before is dropped), and it takes no more
 * decimals than that currency has. The API refuses the same (api.md).
 */
export const AmountFilterInput = (props: TextInputProps) => {
  const translate = useTranslate();
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const currency = chosenCurrency(filterValues);
  const value = filterValues[props.source];
  useEffect(() => {
    if (currency === null && value !== undefined && value !== '') {
      const { [props.source]: _dropped, ...rest } = filterValues;
      setFilters(rest, displayedFilters);
    }
  }, [currency, value, filterValues, setFilters, displayedFilters, props.source]);
  const validateUnits = (amount: unknown) => {
    if (currency === null || typeof amount !== 'string' || !DECIMAL_PATTERN.test(amount)) return undefined;
    const units = minorUnits(currency);
    const decimals = amount.split('.')[1]?.length ?? 0;
    if (decimals <= units) return undefined;
    return units === 0
      ? translate('paydesk.validation.amount_no_decimals', { currency })
      : translate('paydesk.validation.amount_decimals', { currency, units });
  };
  return (
    <MoneyInput
      {...props}
      disabled={currency === null}
      helperText={currency === null ? 'paydesk.filters.amount_needs_currency' : false}
      validate={[validateDecimal, validateUnits]}
    />
  );
};

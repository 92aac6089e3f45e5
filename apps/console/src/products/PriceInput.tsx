import { minorUnits } from '@paydesk/domain';
import { useEffect, useRef } from 'react';
import { FieldTitle, InputHelperText, ResettableTextField, useInput, useTranslate, type Validator } from 'react-admin';
import type { Product } from '../types.ts';
import { priceProblem } from './price.ts';

/** The price, checked with Money.of for the currency chosen in the same form. */
export const validatePrice: Validator = (value, allValues) => {
  const problem = priceProblem(value, (allValues as Partial<Product> | undefined)?.currency);
  return problem ? { message: problem.key, args: problem.args ?? {} } : undefined;
};

function hintFor(currency: string | undefined): { key: string; args?: Record<string, unknown> } {
  if (!currency) return { key: 'paydesk.products.price_help' };
  try {
    return minorUnits(currency) === 0
      ? { key: 'paydesk.products.price_help_whole', args: { currency } }
      : { key: 'paydesk.products.price_help_decimals', args: { currency, units: minorUnits(currency) } };
  } catch {
    return { key: 'paydesk.products.price_help' };
  }
}

/**
 * The price as a decimal string (never a float), validated for the currency chosen beside it: "0.99" is a
 * USD price, not a JPY one. When the currency changes after a failed save, the price is checked again, so
 * the message under it is never about the previous currency.
 */
export const PriceInput = ({ currency }: { currency: string | undefined }) => {
  const translate = useTranslate();
  const { id, field, fieldState, formState } = useInput({
    source: 'price',
    resource: 'products',
    validate: validatePrice,
    parse: (value: string) => value,
  });
  const { onChange, value } = field;
  const previous = useRef(currency);
  useEffect(() => {
    if (previous.current === currency) return;
    previous.current = currency;
    // The same value again: react-hook-form validates it anew once the form was submitted.
    onChange(value);
  }, [currency, onChange, value]);

  const hint = hintFor(currency);
  return (
    <ResettableTextField
      id={id}
      {...field}
      className="ra-input ra-input-price"
      label={<FieldTitle source="price" resource="products" isRequired />}
      error={fieldState.invalid}
      helperText={<InputHelperText error={fieldState.error?.message} helperText={translate(hint.key, hint.args)} />}
      slotProps={{ htmlInput: { inputMode: 'decimal', autoComplete: 'off' } }}
      disabled={formState.isSubmitting}
    />
  );
};

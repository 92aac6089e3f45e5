import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import { MoneyField } from './MoneyField.tsx';

function showAmount(record: Record<string, unknown>, props: Partial<Parameters<typeof MoneyField>[0]> = {}) {
  const { container } = renderInAdmin(<MoneyField source="total" {...props} />, { record: { id: 1, ...record } });
  return container.textContent;
}

describe('MoneyField', () => {
  it('keeps the minor unit: "91.00" USD shows as $91.00, never $91', () => {
    expect(showAmount({ total: '91.00', currency: 'USD' })).toBe('$91.00');
  });

  it('shows JPY without decimals: "500" is ¥500', () => {
    expect(showAmount({ total: '500', currency: 'JPY' })).toBe('¥500');
  });

  it('shows EUR with its symbol, grouping and two decimals', () => {
    expect(showAmount({ total: '1234.5', currency: 'EUR' })).toBe('€1,234.50');
  });

  it('is exact beyond what a JS number can hold', () => {
    // As a float this would print 90071992547409.94.
    expect(showAmount({ total: '90071992547409.93', currency: 'USD' })).toBe('$90,071,992,547,409.93');
  });

  it('reads the currency from currencySource', () => {
    expect(showAmount({ total: '12.30', order_currency: 'GBP' }, { currencySource: 'order_currency' })).toBe('£12.30');
  });

  it('shows nothing, or the empty text, when there is no amount', () => {
    expect(showAmount({ total: null, currency: 'USD' })).toBe('');
    expect(showAmount({ total: null, currency: 'USD' }, { emptyText: '—' })).toBe('—');
  });

  it('never hides an amount in an unknown currency', () => {
    expect(showAmount({ total: '5.000', currency: 'XXX1' })).toBe('5.000 XXX1');
  });

  it('is right-aligned in a Datagrid', () => {
    expect(MoneyField.textAlign).toBe('right');
    renderInAdmin(<MoneyField source="total" />, { record: { id: 1, total: '-3.10', currency: 'USD' } });
    expect(screen.getByText('-$3.10')).toBeTruthy();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Create, ResourceContextProvider, testDataProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import type { Product } from '../types.ts';
import { pickProductInput } from './editable.ts';
import { priceProblem } from './price.ts';
import { ProductForm } from './ProductForm.tsx';

describe('priceProblem', () => {
  it.each([
    ['0.99', 'USD'],
    ['12', 'USD'],
    ['500', 'JPY'],
    ['1.005', 'KWD'],
  ])('accepts %s %s', (price, currency) => {
    expect(priceProblem(price, currency)).toBeUndefined();
  });

  it.each([
    ['', 'USD', 'paydesk.products.price_required'],
    ['abc', 'USD', 'paydesk.products.price_format'],
    ['1,50', 'EUR', 'paydesk.products.price_format'],
    ['-1', 'USD', 'paydesk.products.price_format'],
    ['4.999', 'USD', 'paydesk.payment_actions.errors.amount_decimals'],
    ['4.5', 'JPY', 'paydesk.payment_actions.errors.amount_no_decimals'],
    ['0', 'USD', 'paydesk.payment_actions.errors.amount_positive'],
    ['0.00', 'GBP', 'paydesk.payment_actions.errors.amount_positive'],
    ['12345678901234567', 'USD', 'paydesk.products.price_too_large'],
  ])('refuses "%s" %s', (price, currency, key) => {
    expect(priceProblem(price, currency)?.key).toBe(key);
  });
});

function renderCreate() {
  const create = vi.fn(async (_resource: string, params: { data: Partial<Product> }) => ({
    data: { id: 9, created_at: '', updated_at: '', ...params.data } as Product,
  }));
  renderInAdmin(
    <ResourceContextProvider value="products">
      <Create transform={pickProductInput} redirect={false} record={{ active: true, currency: 'USD', price: '' }}>
        <ProductForm mode="create" />
      </Create>
    </ResourceContextProvider>,
    { dataProvider: testDataProvider({ create } as never) },
  );
  return create;
}

async function chooseCurrency(code: string) {
  await userEvent.click(screen.getByRole('combobox', { name: /Currency/ }));
  await userEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: code }));
}

const save = () => userEvent.click(screen.getByRole('button', { name: 'Save' }));

describe('the product form', () => {
  it('checks the price for the chosen currency, again when the currency changes, and sends it as a string', async () => {
    const create = renderCreate();
    await userEvent.type(await screen.findByRole('textbox', { name: /Name/ }), 'Ringtone');
    await chooseCurrency('JPY');
    const price = screen.getByRole('textbox', { name: /Price/ });
    await userEvent.type(price, '4.99');
    expect(screen.getByText('In JPY, a whole number, such as 500.')).toBeTruthy();

    await save();
    expect(await screen.findByText('JPY amounts have no decimal places.')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();

    // 4.99 is a fine USD price: the message about JPY goes as soon as the currency changes.
    await chooseCurrency('USD');
    await waitFor(() => expect(screen.queryByText('JPY amounts have no decimal places.')).toBeNull());

    await userEvent.clear(price);
    await userEvent.type(price, '4.999');
    await save();
    expect(await screen.findByText('USD amounts have at most 2 decimal places.')).toBeTruthy();

    await userEvent.clear(price);
    await userEvent.type(price, '0');
    expect(await screen.findByText('Must be greater than 0.')).toBeTruthy();

    await userEvent.clear(price);
    await userEvent.type(price, ' 4.99 ');
    await save();
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    const [resource, params] = create.mock.calls[0]!;
    expect(resource).toBe('products');
    expect(params.data).toEqual({ name: 'Ringtone', price: '4.99', currency: 'USD', active: true });
  });

  it('requires a price', async () => {
    const create = renderCreate();
    await userEvent.type(await screen.findByRole('textbox', { name: /Name/ }), 'Ringtone');
    await save();
    expect(await screen.findByText('Enter a price.')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();
  });
});

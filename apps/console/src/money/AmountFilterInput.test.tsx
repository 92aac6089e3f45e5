import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Form, ListContextProvider, type ListControllerResult } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import { renderInAdmin } from '../test/render.tsx';
import { AmountFilterInput } from './AmountFilterInput.tsx';

function renderFilter(filterValues: Record<string, unknown>) {
  const setFilters = vi.fn();
  const context = { filterValues, setFilters, displayedFilters: {} } as unknown as ListControllerResult;
  renderInAdmin(
    <ListContextProvider value={context}>
      <Form defaultValues={filterValues} mode="onChange">
        <AmountFilterInput source="total_gte" label="Total from" />
      </Form>
    </ListContextProvider>,
  );
  return { setFilters, input: screen.getByLabelText('Total from') as HTMLInputElement };
}

describe('AmountFilterInput', () => {
  it('is off until one currency is chosen, and drops an amount left without one', async () => {
    const { input, setFilters } = renderFilter({ status: ['preauth'], total_gte: '800' });
    expect(input.disabled).toBe(true);
    expect(screen.getByText('Choose a currency first')).toBeTruthy();
    await waitFor(() => expect(setFilters).toHaveBeenCalledWith({ status: ['preauth'] }, {}));
  });

  it('takes an amount in the chosen currency', () => {
    const { input, setFilters } = renderFilter({ currency: 'USD', total_gte: '800.50' });
    expect(input.disabled).toBe(false);
    expect(screen.queryByText('Choose a currency first')).toBeNull();
    expect(setFilters).not.toHaveBeenCalled();
  });

  it('refuses more decimals than the currency has', async () => {
    const { input } = renderFilter({ currency: ['JPY'] });
    fireEvent.change(input, { target: { value: '800.5' } });
    fireEvent.blur(input);
    await screen.findByText('JPY amounts have no decimal places.');
  });
});

import { ORDER_STATES, PAYMENT_STATES } from '@paydesk/domain';
import { DateInput, SelectArrayInput, SelectInput } from 'react-admin';
import { choicesOf, currencyChoices } from '../common/choices.ts';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { AmountFilterInput } from '../money/AmountFilterInput.tsx';

export const orderStateChoices = choicesOf(ORDER_STATES, 'paydesk.order_state');
export const paymentStateChoices = choicesOf(PAYMENT_STATES, 'paydesk.payment_state');

/** The orders list's filters, as the API accepts them. */
export const orderFilters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.orders" />,
  <SelectArrayInput
    key="payment_state"
    source="payment_state"
    choices={paymentStateChoices}
    alwaysOn
    sx={{ minWidth: 180 }}
  />,
  <SelectArrayInput key="state" source="state" choices={orderStateChoices} sx={{ minWidth: 160 }} />,
  <SelectInput key="currency" source="currency" choices={currencyChoices} />,
  <DateInput key="created_at_gte" source="created_at_gte" />,
  <DateInput key="created_at_lte" source="created_at_lte" />,
  <AmountFilterInput key="total_gte" source="total_gte" />,
  <AmountFilterInput key="total_lte" source="total_lte" />,
];

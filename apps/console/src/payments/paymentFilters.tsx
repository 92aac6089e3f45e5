import { FRAUD_STATUSES, PAYMENT_STATUSES } from '@paydesk/domain';
import { DateInput, ReferenceInput, SelectArrayInput, SelectInput } from 'react-admin';
import { choicesOf, currencyChoices } from '../common/choices.ts';
import { QuickSearchInput } from '../common/QuickSearchInput.tsx';
import { AmountFilterInput } from '../money/AmountFilterInput.tsx';
import { attentionFilterChoices } from '../needs-attention/index.ts';

export const paymentStatusChoices = choicesOf(PAYMENT_STATUSES, 'paydesk.payment_status');
export const fraudStatusChoices = choicesOf(FRAUD_STATUSES, 'paydesk.fraud_status');

/**
 * The payments list's filters: exactly the keys the API accepts (api.md; anything else is a 400).
 * Statuses are arrays ("any of"), dates are ISO dates, totals are decimal strings.
 */
export const paymentFilters = [
  <QuickSearchInput key="q" source="q" alwaysOn placeholder="paydesk.search.payments" />,
  <SelectArrayInput key="status" source="status" choices={paymentStatusChoices} alwaysOn sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="fraud_status" source="fraud_status" choices={fraudStatusChoices} sx={{ minWidth: 160 }} />,
  <ReferenceInput
    key="payment_method_id"
    source="payment_method_id"
    reference="payment-methods"
    sort={{ field: 'name', order: 'ASC' }}
  >
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <SelectInput key="currency" source="currency" choices={currencyChoices} />,
  <DateInput key="created_at_gte" source="created_at_gte" />,
  <DateInput key="created_at_lte" source="created_at_lte" />,
  <AmountFilterInput key="total_gte" source="total_gte" />,
  <AmountFilterInput key="total_lte" source="total_lte" />,
  <SelectInput key="attention" source="attention" choices={attentionFilterChoices} />,
];

import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import {
  AutocompleteInput,
  Datagrid,
  DateInput,
  ReferenceInput,
  SelectInput,
  TextField,
  useInput,
  useTranslate,
  type Identifier,
  type RaRecord,
} from 'react-admin';
import { choicesOf } from '../common/choices.ts';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Empty } from '../common/Empty.tsx';
import { ExportableList } from '../common/ExportCsvButton.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { TruncatedTextField } from '../common/TruncatedTextField.tsx';
import { useAnalyst } from '../fraud-reviews/review.ts';
import type { FraudDecision } from '../types.ts';
import {
  DecisionAmountField,
  DecisionChip,
  FRAUD_DECISIONS,
  MONEY_OUTCOMES,
  MoneyReturnField,
  PaymentLinkField,
} from './fields.tsx';

const decisionChoices = choicesOf(FRAUD_DECISIONS, 'paydesk.fraud_decision.decision');
const outcomeChoices = choicesOf(MONEY_OUTCOMES, 'paydesk.fraud_decision.money_outcome');

/** Who may pick a decision's analyst: those who decide (admins decide too). */
const DECIDERS = { role: ['fraud_analyst', 'admin'], active: true };

/** "My decisions": the analyst filter for staff who may not list staff members (only admins may). */
const MyDecisionsInput = ({ source, me }: { source: string; me: Identifier; alwaysOn?: boolean }) => {
  const { field } = useInput({ source });
  const translate = useTranslate();
  const checked = field.value != null && field.value !== '' && String(field.value) === String(me);
  return (
    <FormControlLabel
      sx={{ mb: 1, ml: 0 }}
      control={<Switch checked={checked} onChange={(event) => field.onChange(event.target.checked ? me : '')} />}
      label={translate('paydesk.fraud_decision.mine')}
    />
  );
};

function useFilters() {
  const { id, role } = useAnalyst();
  const analyst =
    role === 'admin' ? (
      <ReferenceInput
        key="staff_user_id"
        source="staff_user_id"
        reference="staff-users"
        filter={DECIDERS}
        sort={{ field: 'full_name', order: 'ASC' }}
        alwaysOn
      >
        <AutocompleteInput
          optionText="full_name"
          label="resources.fraud-decisions.fields.staff_user_id"
          sx={{ minWidth: 240 }}
        />
      </ReferenceInput>
    ) : id != null ? (
      <MyDecisionsInput key="staff_user_id" source="staff_user_id" me={id} alwaysOn />
    ) : null;
  return [
    analyst,
    <SelectInput key="decision" source="decision" choices={decisionChoices} alwaysOn />,
    <SelectInput key="money_outcome" source="money_outcome" choices={outcomeChoices} />,
    <DateInput key="created_at_gte" source="created_at_gte" />,
    <DateInput key="created_at_lte" source="created_at_lte" />,
  ].filter((input) => input !== null);
}

const paymentPath = (_id: Identifier, _resource: string, record: RaRecord) =>
  `/payments/${(record as FraudDecision).payment_id}/show`;

/**
 * The history of decided reviews, newest first: who decided what, when, why, and what happened to the
 * money. A row opens the payment.
 */
export const FraudDecisionList = () => {
  const filters = useFilters();
  return (
    <ExportableList
      resource="fraud-decisions"
      filters={filters}
      empty={<Empty message="paydesk.fraud_decision.empty" />}
    >
      <Datagrid
        rowClick={paymentPath}
        bulkActionButtons={false}
        size="small"
        sx={compactDatagridSx}
        empty={<Empty message="paydesk.fraud_decision.empty_filtered" />}
      >
        <DateTimeField source="created_at" />
        <TextField source="staff_name" sortBy="staff_user_id" />
        <PaymentLinkField label="resources.fraud-decisions.fields.payment_id" sortable={false} />
        <DecisionChip source="decision" />
        <TruncatedTextField source="note" sortable={false} maxWidth={360} />
        <MoneyReturnField label="resources.fraud-decisions.fields.money_outcome" sortable={false} />
        <DecisionAmountField label="resources.fraud-decisions.fields.amount" sortable={false} />
      </Datagrid>
    </ExportableList>
  );
};

export default FraudDecisionList;

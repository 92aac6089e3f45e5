import type { SxProps, Theme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { Datagrid, ReferenceManyField, TextField, useFieldValue, useRecordContext } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField.tsx';
import { Section } from '../common/Details.tsx';
import { Empty } from '../common/Empty.tsx';
import { compactDatagridSx } from '../common/listStyles.ts';
import { DecisionAmountField, DecisionChip, MoneyReturnField } from '../fraud-decisions/fields.tsx';
import type { Payment } from '../types.ts';

const panelSx: SxProps<Theme> = {
  ...(compactDatagridSx as object),
  '& .RaDatagrid-rowCell.column-note': { whiteSpace: 'pre-wrap', minWidth: 240, overflowWrap: 'anywhere' },
};

/** A decision's note in full: on the payment it is the why, not a column to skim. */
const NoteField = ({ source }: { source: string; label?: string; sortable?: boolean }) => {
  const value: unknown = useFieldValue({ source });
  return (
    <Typography component="span" variant="body2">
      {typeof value === 'string' ? value : ''}
    </Typography>
  );
};

/**
 * The fraud decisions on the payment in context (`fraud-decisions?filter={"payment_id":id}`): who decided,
 * when, accept or reject, the note, and what happened to the money. Renders nothing for a payment no fraud
 * service looked at (fraud status `unknown`).
 */
export const FraudDecisionsPanel = () => {
  const record = useRecordContext<Payment>();
  if (!record || record.fraud_status === 'unknown') return null;
  return (
    <Section title="paydesk.fraud_decision.panel_title">
      <ReferenceManyField
        reference="fraud-decisions"
        target="payment_id"
        sort={{ field: 'created_at', order: 'DESC' }}
        perPage={25}
      >
        <Datagrid
          bulkActionButtons={false}
          rowClick={false}
          size="small"
          sx={panelSx}
          empty={
            <Empty
              message={
                record.fraud_status === 'review'
                  ? 'paydesk.fraud_decision.panel_waiting'
                  : 'paydesk.fraud_decision.panel_empty'
              }
            />
          }
        >
          <DateTimeField source="created_at" precise />
          <TextField source="staff_name" sortable={false} />
          <DecisionChip source="decision" sortable={false} />
          <NoteField source="note" sortable={false} />
          <MoneyReturnField label="resources.fraud-decisions.fields.money_outcome" />
          <DecisionAmountField label="resources.fraud-decisions.fields.amount" />
        </Datagrid>
      </ReferenceManyField>
    </Section>
  );
};

export default FraudDecisionsPanel;

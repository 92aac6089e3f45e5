import Stack from '@mui/material/Stack';
import type { MouseEvent } from 'react';
import Typography from '@mui/material/Typography';
import { Link, ReferenceField, useRecordContext, useTranslate } from 'react-admin';
import { makeChoiceChip, type ChipStyle } from '../common/ValueChip.tsx';
import { MoneyField } from '../money/MoneyField.tsx';
import type { FraudDecision, FraudDecisionKind, FraudMoneyOutcome } from '../types.ts';

export const FRAUD_DECISIONS = ['accept', 'reject'] as const satisfies readonly FraudDecisionKind[];
export const MONEY_OUTCOMES = [
  'succeeded',
  'declined',
  'unknown',
  'pending',
] as const satisfies readonly FraudMoneyOutcome[];

/** Accept green, reject red: the same colours as the payment's fraud status. */
const DECISION_STYLES: Record<FraudDecisionKind, ChipStyle> = {
  accept: { color: 'success', variant: 'outlined' },
  reject: { color: 'error' },
};

/** Money back: green; declined: red; unknown (timeout, waiting to be reconciled): orange; pending: blue. */
const OUTCOME_STYLES: Record<FraudMoneyOutcome, ChipStyle> = {
  succeeded: { color: 'success', variant: 'outlined' },
  declined: { color: 'error' },
  unknown: { color: 'warning' },
  pending: { color: 'info', variant: 'outlined' },
};

export const DecisionChip = makeChoiceChip('decision', 'paydesk.fraud_decision.decision', DECISION_STYLES);
export const MoneyOutcomeChip = makeChoiceChip('money_outcome', 'paydesk.fraud_decision.money_outcome', OUTCOME_STYLES);

interface ColumnProps {
  label?: string;
  sortable?: boolean;
  sortBy?: string;
}

/** What happened to the money: "Void" or "Refund" with its outcome, or "No money moved". */
export const MoneyReturnField = (_props: ColumnProps) => {
  const record = useRecordContext<FraudDecision>();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.money_action) {
    return (
      <Typography component="span" variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {translate('paydesk.fraud_decision.no_money_action')}
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={1} component="span" sx={{ alignItems: 'center', whiteSpace: 'nowrap' }}>
      <Typography component="span" variant="body2">
        {translate(`paydesk.fraud_decision.money_action.${record.money_action}`)}
      </Typography>
      <MoneyOutcomeChip />
    </Stack>
  );
};

/**
 * The money returned: the refund's amount, or for a void the authorization released (its payment's total,
 * since the decision does not record it).
 */
export const DecisionAmountField = (_props: ColumnProps) => {
  const record = useRecordContext<FraudDecision>();
  if (!record) return null;
  if (record.amount !== null) return <MoneyField source="amount" />;
  if (record.money_action !== 'void') return null;
  return (
    <ReferenceField source="payment_id" reference="payments" link={false}>
      <MoneyField source="total" />
    </ReferenceField>
  );
};

/** The payment's identifier, linking to it. */
export const PaymentLinkField = (_props: ColumnProps) => {
  const record = useRecordContext<FraudDecision>();
  if (!record) return null;
  return (
    <Link
      to={`/payments/${record.payment_id}/show`}
      onClick={(event: MouseEvent) => event.stopPropagation()}
      sx={{ fontFamily: 'monospace' }}
    >
      {record.payment_identifier}
    </Link>
  );
};

DecisionAmountField.textAlign = 'right' as const;

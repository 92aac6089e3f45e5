import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useNow } from '../capture-queue/duration.ts';
import type { BulkFraudDecisionResult, FraudDecisionParams } from '../dataProvider.ts';
import { BulkFailuresTable } from '../payment-actions/BulkFailuresTable.tsx';
import { CommandDialog } from '../payment-actions/CommandDialog.tsx';
import { RequiredNoteField } from '../payment-actions/RequiredNoteField.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { FraudDecisionKind, FraudReview } from '../types.ts';
import type { BulkDecisionRequest } from './bulkDecision.ts';
import { claimStateOf, moneyOnReject, useAnalyst } from './review.ts';

/** The server's limit for one bulk decision (api.md). */
export const BULK_DECISION_MAX = 100;

/** Decided although returning the money failed (a decline or a timeout): the decision stands. */
const MONEY_FAILURES = new Set(['GatewayDeclined', 'GatewayUnavailable']);

interface BulkFraudDecisionDialogProps extends Omit<BulkDecisionRequest, 'unselect'> {
  /** `done`: decisions ran (or may have), so the queue should be refreshed and the selection cleared. */
  onClose: (done: boolean) => void;
}

/**
 * One note for every selected review, one request with one Idempotency-Key, then a line per payment that
 * did not go as asked: refused (not decided), or decided but its money not returned.
 */
export const BulkFraudDecisionDialog = ({ decision, ids, records, onClose }: BulkFraudDecisionDialogProps) => {
  const translate = useTranslate();
  const analyst = useAnalyst();
  const now = useNow();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const command = useCommand(
    (dataProvider, body: FraudDecisionParams, key) => dataProvider.bulkDecideFraud(ids, body, key),
    { refresh: false },
  );
  const known = useMemo(() => new Map(records.map((record) => [String(record.id), record])), [records]);

  if (command.data)
    return (
      <BulkDecisionSummary decision={decision} results={command.data} known={known} onClose={() => onClose(true)} />
    );

  const selected = ids
    .map((id) => known.get(String(id)))
    .filter((record): record is FraudReview => record !== undefined);
  const heldByOthers = selected.filter((record) => claimStateOf(record, analyst.id, now).kind === 'other').length;
  const money = selected.map((record) => moneyOnReject(record).action);
  const voids = money.filter((action) => action === 'void').length;
  const refunds = money.filter((action) => action === 'refund').length;
  const tooMany = ids.length > BULK_DECISION_MAX;
  const noteMissing = note.trim() === '';
  const error = command.error ? describeCommandError(command.error, ['note']) : null;
  const noteError = touched && noteMissing ? translate('paydesk.fraud_review.note_required') : error?.fields.note;

  const confirm = () => {
    setTouched(true);
    if (noteMissing || tooMany) return;
    command.submit({ decision, note: note.trim() });
  };

  return (
    <CommandDialog
      title={translate(`paydesk.fraud_bulk.${decision}.title`, { smart_count: ids.length })}
      confirmLabel={translate(`paydesk.fraud_bulk.${decision}.confirm`, { smart_count: ids.length })}
      confirmColor={decision === 'accept' ? 'success' : 'error'}
      pending={command.isPending}
      confirmDisabled={tooMany}
      error={error}
      onConfirm={confirm}
      // A request that got no answer may have decided some: refresh whatever happened.
      onClose={() => onClose(Boolean(command.error))}
    >
      <Typography variant="body2">{translate(`paydesk.fraud_bulk.${decision}.content`)}</Typography>
      {decision === 'reject' && voids + refunds > 0 ? (
        <Typography variant="body2" data-testid="bulk-money">
          {translate('paydesk.fraud_bulk.reject.money', { voids, refunds })}
        </Typography>
      ) : null}
      {heldByOthers > 0 ? (
        <Typography variant="body2" color="warning.main">
          {translate('paydesk.fraud_bulk.held_by_others', { smart_count: heldByOthers })}
        </Typography>
      ) : null}
      {tooMany ? (
        <Typography variant="body2" color="error">
          {translate('paydesk.fraud_bulk.too_many', { max: BULK_DECISION_MAX })}
        </Typography>
      ) : null}
      <RequiredNoteField
        label="paydesk.fraud_bulk.note"
        help="paydesk.fraud_review.note_help"
        value={note}
        onChange={(value) => {
          setNote(value);
          if (command.error) command.reset();
        }}
        error={noteError}
        disabled={command.isPending}
      />
    </CommandDialog>
  );
};

interface SummaryProps {
  decision: FraudDecisionKind;
  results: BulkFraudDecisionResult[];
  known: Map<string, FraudReview>;
  onClose: () => void;
}

const BulkDecisionSummary = ({ decision, results, known, onClose }: SummaryProps) => {
  const translate = useTranslate();
  const failures = results.filter((result) => !result.ok);
  const moneyFailed = failures.filter((result) => MONEY_FAILURES.has(result.error?.code ?? '')).length;
  const decided = results.length - failures.length + moneyFailed;

  return (
    <CommandDialog
      title={translate(`paydesk.fraud_bulk.${decision}.summary_title`)}
      confirmLabel=""
      hideConfirm
      closeLabel="paydesk.payment_actions.close"
      pending={false}
      onConfirm={onClose}
      onClose={onClose}
    >
      <Typography variant="body1" data-testid="bulk-decision-count">
        {translate(`paydesk.fraud_bulk.${decision}.decided`, { smart_count: decided, total: results.length })}
      </Typography>
      {moneyFailed > 0 ? (
        <Typography variant="body2" color="warning.main">
          {translate('paydesk.fraud_bulk.money_failed', { smart_count: moneyFailed })}
        </Typography>
      ) : null}
      {failures.length > 0 ? (
        <BulkFailuresTable
          label="paydesk.fraud_bulk.failures"
          failures={failures}
          known={known}
          outcome={{
            label: 'paydesk.fraud_bulk.outcome',
            of: (failure) =>
              translate(
                MONEY_FAILURES.has(failure.error?.code ?? '')
                  ? 'paydesk.fraud_bulk.money_not_returned'
                  : 'paydesk.fraud_bulk.not_decided',
              ),
          }}
          onNavigate={onClose}
        />
      ) : null}
    </CommandDialog>
  );
};

export default BulkFraudDecisionDialog;

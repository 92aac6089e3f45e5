import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { HttpError, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { FraudDecisionParams } from '../dataProvider.ts';
import { formatMoney } from '../money/MoneyField.tsx';
import { CommandDialog } from '../payment-actions/CommandDialog.tsx';
import { RequiredNoteField } from '../payment-actions/RequiredNoteField.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { FraudDecisionKind, FraudReview } from '../types.ts';
import { type DecisionOutcome, moneyOnReject, type MoneyOnReject } from './review.ts';

/** The server's limit for a decision's note (api.md). */

/** A decline or a timeout while returning the money: the decision itself stands (api.md). */
export function decisionRecordedDespite(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  const code = (error.body as { code?: string } | undefined)?.code;
  return code === 'GatewayDeclined' || code === 'GatewayUnavailable';
}

export interface FraudDecisionDialogProps {
  decision: FraudDecisionKind;
  onClose: () => void;
  /**
   * The decision is recorded (the review has left the queue): `decided`, or `money_failed` when returning the
   * money failed at the gateway (the payment's page says what happened).
   */
  onDecided: (outcome: DecisionOutcome) => void;
}

/** "Reject and void $80.00", "Reject and refund $75.00": the confirm button says what happens to the money. */
export function confirmLabelKey(decision: FraudDecisionKind, money: MoneyOnReject): string {
  if (decision === 'accept') return 'paydesk.fraud_review.accept.confirm';
  return `paydesk.fraud_review.reject.confirm_${money.action}`;
}

/**
 * Accept or reject a payment under review, with a note (required: whoever reads the payment later needs
 * the why). A reject returns the money, and the dialog says how much and how before anything is sent. The
 * Idempotency-Key is made when the dialog opens and reused if the same decision is retried.
 */
export const FraudDecisionDialog = ({ decision, onClose, onDecided }: FraudDecisionDialogProps) => {
  const record = useRecordContext<FraudReview>();
  const translate = useTranslate();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const command = useCommand(
    (dataProvider, body: FraudDecisionParams, key) => dataProvider.decideFraud(record!.id, body, key),
    {
      // The review leaves the queue once decided: the caller moves to the payment, then refreshes.
      refresh: false,
    },
  );
  if (!record) return null;

  const money = moneyOnReject(record);
  const amount = money.action === 'none' ? '' : formatMoney(money.amount, record.currency);
  const recorded = decisionRecordedDespite(command.error);
  const error = command.error ? describeCommandError(command.error, ['note']) : null;
  const noteMissing = note.trim() === '';
  const noteError = touched && noteMissing ? translate('paydesk.fraud_review.note_required') : error?.fields.note;

  const confirm = () => {
    setTouched(true);
    if (noteMissing) return;
    command.submit(
      { decision, note: note.trim() },
      {
        onSuccess: () => {
          notify(
            decision === 'accept'
              ? 'paydesk.fraud_review.accept.done'
              : `paydesk.fraud_review.reject.done_${money.action}`,
            {
              type: 'success',
              messageArgs: { identifier: record.identifier, amount },
            },
          );
          onDecided('decided');
        },
      },
    );
  };

  const content =
    decision === 'accept'
      ? translate(
          record.status === 'preauth'
            ? 'paydesk.fraud_review.accept.content_preauth'
            : 'paydesk.fraud_review.accept.content',
        )
      : translate(
          money.action === 'void' && !money.gateway
            ? 'paydesk.fraud_review.reject.content_void_offline'
            : `paydesk.fraud_review.reject.content_${money.action}`,
          { amount },
        );

  return (
    <CommandDialog
      title={translate(`paydesk.fraud_review.${decision}.title`, { identifier: record.identifier })}
      confirmLabel={translate(confirmLabelKey(decision, money), { amount })}
      confirmColor={decision === 'accept' ? 'success' : 'error'}
      pending={command.isPending}
      // Recorded despite the gateway: deciding again would be refused; the payment page shows what happened.
      confirmDisabled={recorded}
      error={error}
      onConfirm={confirm}
      onClose={recorded ? () => onDecided('money_failed') : onClose}
      closeLabel={recorded ? 'paydesk.fraud_review.open_payment' : undefined}
    >
      <Typography variant="body2">{content}</Typography>
      <RequiredNoteField
        label="paydesk.fraud_review.note"
        help="paydesk.fraud_review.note_help"
        value={note}
        onChange={(value) => {
          setNote(value);
          if (command.error && !recorded) command.reset();
        }}
        error={noteError}
        disabled={command.isPending || recorded}
      />
      {recorded ? (
        <Alert severity="warning" role="status" data-testid="decision-recorded">
          {translate('paydesk.fraud_review.reject.recorded_money_failed')}
        </Alert>
      ) : null}
    </CommandDialog>
  );
};

export default FraudDecisionDialog;

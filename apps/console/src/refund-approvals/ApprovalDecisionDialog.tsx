import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { RefundApprovalDecisionRequest } from '@paydesk/contract';
import { NOTE_MAX } from '@paydesk/contract/rules';
import { displayAmount } from '@paydesk/domain';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { CommandDialog } from '../payment-actions/CommandDialog.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { RefundApproval } from '../types.ts';

export type ApprovalDecision = 'approve' | 'reject';

const MESSAGES = {
  approve: {
    title: 'paydesk.refund_approvals.approve.title',
    content: 'paydesk.refund_approvals.approve.content',
    confirm: 'paydesk.refund_approvals.approve.confirm',
    done: 'paydesk.refund_approvals.approve.done',
  },
  reject: {
    title: 'paydesk.refund_approvals.reject.title',
    content: 'paydesk.refund_approvals.reject.content',
    confirm: 'paydesk.refund_approvals.reject.confirm',
    done: 'paydesk.refund_approvals.reject.done',
  },
} as const;

/**
 * The second person's decision on a refund waiting for approval, with an optional note: approving sends the
 * refund to the gateway. Asked before it happens; the Idempotency-Key is made when the dialog opens.
 */
export const ApprovalDecisionDialog = ({
  approval,
  decision,
  onClose,
}: {
  approval: RefundApproval;
  decision: ApprovalDecision;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const messages = MESSAGES[decision];
  const command = useCommand((dataProvider, body: RefundApprovalDecisionRequest, key) =>
    dataProvider.decideRefundApproval(approval.id, decision, body, key),
  );
  const amount = displayAmount(approval.amount, approval.currency);
  const error = command.error ? describeCommandError(command.error, ['note']) : null;
  const confirm = () =>
    command.submit(note.trim() === '' ? {} : { note: note.trim() }, {
      onSuccess: () => {
        notify(messages.done, { type: 'success', messageArgs: { amount } });
        onClose();
      },
    });

  return (
    <CommandDialog
      title={translate(messages.title, { amount, payment: approval.payment_identifier })}
      confirmLabel={translate(messages.confirm, { amount })}
      confirmColor={decision === 'approve' ? 'warning' : 'error'}
      pending={command.isPending}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      <Typography variant="body2">
        {translate(messages.content, { requester: approval.requested_by_name, reason: approval.reason_name })}
      </Typography>
      {approval.note ? (
        <Typography variant="body2" sx={{ fontStyle: 'italic' }}>
          “{approval.note}”
        </Typography>
      ) : null}
      <TextField
        label={translate('paydesk.refund_approvals.decision_note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        multiline
        minRows={2}
        fullWidth
        slotProps={{ htmlInput: { maxLength: NOTE_MAX } }}
        error={Boolean(error?.fields.note)}
        helperText={error?.fields.note}
      />
    </CommandDialog>
  );
};

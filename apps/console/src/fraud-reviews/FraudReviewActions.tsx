import BlockIcon from '@mui/icons-material/Block';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import PanToolIcon from '@mui/icons-material/PanToolOutlined';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SxProps, Theme } from '@mui/material/styles';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState } from 'react';
import { Button, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useFormatDuration } from '../capture-queue/duration.ts';
import { useMessage } from '../payment-actions/CommandDialog.tsx';
import { describeCommandError, refreshPaymentData, useCommand } from '../payment-actions/useCommand.ts';
import type { FraudDecisionKind, FraudReview } from '../types.ts';
import { claimStateOf, type DecisionOutcome, useAnalyst } from './review.ts';

// Loaded when first opened: most looks at a review end in a claim first.
const FraudDecisionDialog = lazy(() => import('./FraudDecisionDialog.tsx'));

export interface FraudReviewActionsProps {
  /** Now, in ms since the epoch (claims lapse). */
  now: number;
  /** A decision is recorded: the review has left the queue. */
  onDecided: (outcome: DecisionOutcome) => void;
  /** A dialog opens or closes (the page pauses its polling meanwhile). */
  onDialogChange?: (open: boolean) => void;
  sx?: SxProps<Theme>;
}

/**
 * Claim, Release, Accept and Reject, for the roles that may (the domain's permission matrix). A review
 * another analyst holds offers no decision: the server would refuse it (409), and two analysts must never
 * work one payment. Admins may release someone else's claim. While a gateway call for the payment is in
 * flight, no decision either (the server would refuse it too).
 */
export const FraudReviewActions = ({ now, onDecided, onDialogChange, sx }: FraudReviewActionsProps) => {
  const record = useRecordContext<FraudReview>();
  const analyst = useAnalyst();
  const notify = useNotify();
  const translate = useTranslate();
  const show = useMessage();
  const format = useFormatDuration();
  const queryClient = useQueryClient();
  const [open, setOpenState] = useState<FraudDecisionKind | null>(null);
  // Each click is a new action with its own Idempotency-Key (a release replayed from an earlier click would
  // release nothing): the click's number is part of the request the key is made for.
  const clicks = useRef(0);
  const claim = useCommand((dataProvider, _click: number, key) => dataProvider.claimReview(record!.id, key));
  const release = useCommand((dataProvider, _click: number, key) => dataProvider.releaseReview(record!.id, key));
  if (!record || (!analyst.mayClaim && !analyst.mayDecide)) return null;

  const setOpen = (decision: FraudDecisionKind | null) => {
    setOpenState(decision);
    onDialogChange?.(decision !== null);
  };
  const state = claimStateOf(record, analyst.id, now);
  const heldByOther = state.kind === 'other';
  const pending = claim.isPending || release.isPending;
  const failure = claim.error ?? release.error;
  const failureView = failure ? describeCommandError(failure) : null;

  const doClaim = () => {
    release.reset();
    claim.submit(++clicks.current, {
      onSuccess: (review) => {
        const until = review?.claim_expires_at ? Date.parse(review.claim_expires_at) : NaN;
        notify('paydesk.fraud_review.claim.done', {
          type: 'info',
          messageArgs: {
            identifier: record.identifier,
            duration: Number.isNaN(until) ? '' : format(until - Date.now()),
          },
        });
      },
    });
  };
  const doRelease = () => {
    claim.reset();
    release.submit(++clicks.current, {
      onSuccess: () =>
        notify('paydesk.fraud_review.release.done', { type: 'info', messageArgs: { identifier: record.identifier } }),
    });
  };
  const closeDialog = () => {
    setOpen(null);
    // The analyst may have been refused because someone claimed or decided it meanwhile: show how it stands.
    void refreshPaymentData(queryClient);
  };

  return (
    <Stack spacing={1} sx={sx} data-testid="fraud-review-actions">
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        {analyst.mayClaim && state.kind === 'none' ? (
          <Button label="paydesk.fraud_review.claim.button" variant="contained" onClick={doClaim} disabled={pending}>
            <PanToolIcon />
          </Button>
        ) : null}
        {analyst.mayClaim && (state.kind === 'mine' || (heldByOther && analyst.mayReleaseOthers)) ? (
          <Button label="paydesk.fraud_review.release.button" variant="outlined" onClick={doRelease} disabled={pending}>
            <LockOpenIcon />
          </Button>
        ) : null}
        {record.operation ? (
          <Chip
            size="small"
            color="info"
            variant="outlined"
            label={translate('paydesk.payment_actions.in_flight', {
              operation: translate(`paydesk.gateway_action.${record.operation}`, { _: record.operation }),
            })}
          />
        ) : null}
        {analyst.mayDecide && !heldByOther && !record.operation ? (
          <>
            <Button
              label="paydesk.fraud_review.accept.button"
              color="success"
              variant="outlined"
              onClick={() => setOpen('accept')}
              disabled={pending}
            >
              <CheckCircleOutlineIcon />
            </Button>
            <Button
              label="paydesk.fraud_review.reject.button"
              color="error"
              variant="outlined"
              onClick={() => setOpen('reject')}
              disabled={pending}
            >
              <BlockIcon />
            </Button>
          </>
        ) : null}
      </Stack>
      {state.kind === 'other' && !analyst.mayReleaseOthers ? (
        <Typography variant="body2" color="text.secondary" data-testid="held-by-other">
          {translate('paydesk.fraud_review.claim.held_by_other', {
            name: state.name,
            time: new Date(state.expiresAt).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }),
          })}
        </Typography>
      ) : null}
      {failureView ? (
        <Alert severity="error" role="alert">
          {show(failureView.message)}
        </Alert>
      ) : null}
      {open ? (
        <Suspense fallback={null}>
          <FraudDecisionDialog
            decision={open}
            onClose={closeDialog}
            onDecided={(outcome) => {
              setOpen(null);
              onDecided(outcome);
            }}
          />
        </Suspense>
      ) : null}
    </Stack>
  );
};

import BlockIcon from '@mui/icons-material/Block';
import DoneIcon from '@mui/icons-material/Done';
import GppMaybeIcon from '@mui/icons-material/GppMaybe';
import HighlightOffIcon from '@mui/icons-material/HighlightOff';
import SyncIcon from '@mui/icons-material/Sync';
import UndoIcon from '@mui/icons-material/Undo';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import type { SxProps, Theme } from '@mui/material/styles';
import { lazy, Suspense, useState, type ReactElement } from 'react';
import { Button, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import type { Payment } from '../types.ts';
import { availableActions, type PaymentAction } from './events.ts';

// The dialogs load when first opened: most visits to a payment only read it.
const CaptureDialog = lazy(() => import('./CaptureDialog.tsx'));
const RefundDialog = lazy(() => import('./RefundDialog.tsx'));
const ConfirmCommandDialog = lazy(() => import('./ConfirmCommandDialog.tsx'));
const OpenFraudReviewDialog = lazy(() => import('./OpenFraudReviewDialog.tsx'));

interface ActionSpec {
  icon: ReactElement;
  color: 'primary' | 'warning' | 'error';
  variant: 'contained' | 'outlined';
  dialog: (onClose: () => void) => ReactElement;
}

const ACTIONS: Record<PaymentAction, ActionSpec> = {
  capture: {
    icon: <DoneIcon />,
    color: 'primary',
    variant: 'contained',
    dialog: (onClose) => <CaptureDialog onClose={onClose} />,
  },
  refund: {
    icon: <UndoIcon />,
    color: 'warning',
    variant: 'outlined',
    dialog: (onClose) => <RefundDialog onClose={onClose} />,
  },
  void: {
    icon: <BlockIcon />,
    color: 'error',
    variant: 'outlined',
    dialog: (onClose) => <ConfirmCommandDialog action="void" onClose={onClose} />,
  },
  invalidate: {
    icon: <HighlightOffIcon />,
    color: 'error',
    variant: 'outlined',
    dialog: (onClose) => <ConfirmCommandDialog action="invalidate" onClose={onClose} />,
  },
  open_fraud_review: {
    icon: <GppMaybeIcon />,
    color: 'warning',
    variant: 'outlined',
    dialog: (onClose) => <OpenFraudReviewDialog onClose={onClose} />,
  },
};

const ORDER: PaymentAction[] = ['capture', 'refund', 'void', 'invalidate', 'open_fraud_review'];

/**
 * The commands the staff member's role allows (the shared permission matrix, through the authProvider's
 * canAccess); none until that is known.
 */
function usePermittedActions(): Set<PaymentAction> {
  const capture = useCanAccess({ resource: 'payments', action: 'capture' });
  const refund = useCanAccess({ resource: 'payments', action: 'refund' });
  const voidPayment = useCanAccess({ resource: 'payments', action: 'void' });
  const invalidate = useCanAccess({ resource: 'payments', action: 'invalidate' });
  const review = useCanAccess({ resource: 'payments', action: 'fraud-review' });
  const permitted = new Set<PaymentAction>();
  if (capture.canAccess) permitted.add('capture');
  if (refund.canAccess) permitted.add('refund');
  if (voidPayment.canAccess) permitted.add('void');
  if (invalidate.canAccess) permitted.add('invalidate');
  if (review.canAccess) permitted.add('open_fraud_review');
  return permitted;
}

/**
 * The commands this payment allows now (capture, refund, void, invalidate, send to fraud review) and the staff member's role
 * permits, each behind a dialog. While a gateway call is in flight for it, none: a chip says what is running.
 */
export const PaymentActions = ({ sx }: { sx?: SxProps<Theme> }) => {
  const record = useRecordContext<Payment>();
  const translate = useTranslate();
  const [open, setOpen] = useState<PaymentAction | null>(null);
  const permitted = usePermittedActions();
  if (!record) return null;
  const available = availableActions(record).filter((action) => permitted.has(action));
  // An open dialog stays open when the payment changes underneath (e.g. a declined capture): it shows why.
  const shown = ORDER.filter((action) => available.includes(action) || action === open);
  if (shown.length === 0 && !record.operation) return null;

  return (
    <Stack
      direction="row"
      spacing={1}
      sx={[{ flexWrap: 'wrap', alignItems: 'center' }, ...(Array.isArray(sx) ? sx : [sx])]}
      data-testid="payment-actions"
    >
      {record.operation ? (
        <Chip
          size="small"
          color="info"
          variant="outlined"
          icon={<SyncIcon />}
          label={translate('paydesk.payment_actions.in_flight', {
            operation: translate(`paydesk.gateway_action.${record.operation}`, { _: record.operation }),
          })}
        />
      ) : null}
      {shown.map((action) => (
        <Button
          key={action}
          label={`paydesk.payment_actions.${action}.button`}
          color={ACTIONS[action].color}
          variant={ACTIONS[action].variant}
          onClick={() => setOpen(action)}
        >
          {ACTIONS[action].icon}
        </Button>
      ))}
      {open ? <Suspense fallback={null}>{ACTIONS[open].dialog(() => setOpen(null))}</Suspense> : null}
    </Stack>
  );
};

import AddCardIcon from '@mui/icons-material/AddCard';
import { lazy, Suspense, useState, type MouseEvent } from 'react';
import { Button, useCanAccess, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import type { Order, Payment } from '../types.ts';
import { REPLACEABLE_STATUSES } from './addPayment.ts';

// Loaded when first opened: most visits to an order only read it.
const AddPaymentDialog = lazy(() => import('./AddPaymentDialog.tsx'));

function useMayAddPayment(order: Order | undefined): boolean {
  const { canAccess } = useCanAccess({ resource: 'orders', action: 'add-payment' });
  return Boolean(canAccess) && order?.state === 'complete';
}

/** "Add payment" on a complete order, for the roles that may (operators and admins). */
export const AddPaymentButton = () => {
  const order = useRecordContext<Order>();
  const [open, setOpen] = useState(false);
  if (!useMayAddPayment(order) || !order) return null;
  return (
    <>
      <Button label="paydesk.add_payment.button" onClick={() => setOpen(true)} variant="contained">
        <AddCardIcon />
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <AddPaymentDialog orderId={order.id} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
};

/** "Replace" beside a payment of the order that took no money (invalidated, declined, voided). */
export const ReplacePaymentButton = () => {
  const payment = useRecordContext<Payment>();
  const { record: order } = useShowContext<Order>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const may = useMayAddPayment(order);
  if (!may || !payment || !REPLACEABLE_STATUSES.includes(payment.status)) return null;
  // The row opens the payment when clicked: the button and its dialog keep their clicks.
  const keep = (event: MouseEvent) => event.stopPropagation();
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops clicks from reaching the row; the button inside is the control
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <span onClick={keep}>
      <Button
        label="paydesk.add_payment.replace_button"
        aria-label={translate('paydesk.add_payment.replace_label', { identifier: payment.identifier })}
        onClick={() => setOpen(true)}
        size="small"
      />
      {open ? (
        <Suspense fallback={null}>
          <AddPaymentDialog orderId={payment.order_id} replaces={payment} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </span>
  );
};

import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Money } from '@paydesk/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useTranslate, type Identifier } from 'react-admin';
import type { AddPaymentParams, PaydeskDataProvider, PaymentOptions } from '../dataProvider.ts';
import { formatMoney } from '../money/MoneyField.tsx';
import { AmountField } from '../payment-actions/AmountField.tsx';
import { CommandDialog, useMessage } from '../payment-actions/CommandDialog.tsx';
import { describeCommandError, useCommand } from '../payment-actions/useCommand.ts';
import type { Payment } from '../types.ts';
import {
  ADD_PAYMENT_FIELDS,
  checkForm,
  emptyForm,
  NOTE_MAX,
  type AddPaymentField,
  type AddPaymentForm,
  type PaymentMethodOption,
} from './addPayment.ts';

interface AddPaymentDialogProps {
  orderId: Identifier;
  /** The invalidated, declined or voided payment this one replaces ("Replace"): its method is offered first. */
  replaces?: Payment;
  onClose: () => void;
}

/**
 * What a confirmed payment does, by the method: charge (purchase) or authorize only; an offline method (a check)
 * records it as received, or as waiting to be captured when the money arrives.
 */
function actionOf(method: PaymentMethodOption): 'charge' | 'authorize' | 'record' | 'record_pending' {
  if (method.input === 'none') return method.auto_capture ? 'record' : 'record_pending';
  return method.auto_capture ? 'charge' : 'authorize';
}

/**
 * "Add payment" on an order (and "Replace" beside a payment that took no money): the methods staff may use,
 * the amount (what is left to pay, prefilled), a card for test-card methods or a Stripe.js token for Stripe,
 * nothing for a check — then a confirmation that says what will happen before any money moves.
 */
export const AddPaymentDialog = ({ orderId, replaces, onClose }: AddPaymentDialogProps) => {
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  // Under "orders": refetched with everything else a payment command changes.
  const options = useQuery({
    queryKey: ['orders', 'payment-options', String(orderId)],
    queryFn: () => dataProvider.getPaymentOptions(orderId),
  });
  return <AddPaymentSteps options={options.data} loadFailed={options.isError} replaces={replaces} onClose={onClose} />;
};

/**
 * The dialog's steps. One dialog from loading to the answer (the same element all along: it keeps its focus and
 * does not open twice); the form starts once the options are known.
 */
const AddPaymentSteps = ({
  options,
  loadFailed,
  replaces,
  onClose,
}: {
  options: PaymentOptions | undefined;
  loadFailed: boolean;
  replaces?: Payment;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const show = useMessage();
  const notify = useNotify();
  const [started, setStarted] = useState<AddPaymentForm | null>(null);
  const [touched, setTouched] = useState(false);
  const [step, setStep] = useState<'form' | 'review'>('form');
  const command = useCommand((dp, body: AddPaymentParams, key) => dp.addPayment(options!.order_id, body, key));
  if (options && !started) setStarted(emptyForm(options, replaces?.payment_method_id));
  const title = replaces
    ? translate('paydesk.add_payment.replace_title', { identifier: replaces.identifier })
    : translate('paydesk.add_payment.title');

  if (!options || !started) {
    return (
      <CommandDialog
        title={title}
        confirmLabel={translate('paydesk.add_payment.review')}
        pending={false}
        confirmDisabled
        error={loadFailed ? { message: { key: 'paydesk.add_payment.errors.options' }, fields: {} } : null}
        onConfirm={() => undefined}
        onClose={onClose}
      >
        {loadFailed ? null : <CircularProgress size={24} aria-label={translate('paydesk.add_payment.loading')} />}
      </CommandDialog>
    );
  }
  const form = started;
  const money = (value: string) => formatMoney(value, options.currency);
  const check = checkForm(form, options, money);
  const error = command.error ? describeCommandError(command.error, ADD_PAYMENT_FIELDS) : null;
  const serverFieldErrors = Object.keys(error?.fields ?? {}).length > 0;
  const showForm = step === 'form' || serverFieldErrors;
  const fieldError = (field: AddPaymentField): string | undefined => {
    const local = touched && !check.ok ? check.errors[field] : undefined;
    return local ? show(local) : error?.fields[field];
  };
  const update = (change: Partial<AddPaymentForm>) => {
    setStarted((current) => current && { ...current, ...change });
    if (command.error) command.reset();
  };
  const method = options.methods.find((m) => String(m.id) === form.methodId);
  const positive = (value: string) => Money.of(value, options.currency).isPositive();
  const nothingToPay = !positive(options.payable) || options.state !== 'complete';
  const noMethods = options.methods.length === 0;

  const review = () => {
    setTouched(true);
    if (command.error) command.reset();
    if (check.ok) setStep('review');
  };
  const submit = () => {
    if (!check.ok) return;
    const { body, method: chosen } = check;
    command.submit(body, {
      onSuccess: (payment) => {
        notify(`paydesk.add_payment.done.${actionOf(chosen)}`, {
          type: 'success',
          messageArgs: { amount: money(body.amount), identifier: payment.identifier },
        });
        onClose();
      },
    });
  };

  if (!showForm && check.ok) {
    const action = actionOf(check.method);
    const amount = money(check.body.amount);
    const last4 = check.body.card?.number.slice(-4);
    return (
      <CommandDialog
        title={title}
        confirmLabel={translate(`paydesk.add_payment.confirm.${action}`, { amount })}
        pending={command.isPending}
        error={error}
        onConfirm={submit}
        onBack={() => setStep('form')}
        onClose={onClose}
      >
        <Typography variant="body2">
          {translate(`paydesk.add_payment.summary.${action}`, { amount, method: check.method.name })}
        </Typography>
        {last4 ? (
          <Typography variant="body2">{translate('paydesk.add_payment.summary.card', { last4 })}</Typography>
        ) : null}
        {check.method.input === 'token' ? (
          <Typography variant="body2">{translate('paydesk.add_payment.summary.token')}</Typography>
        ) : null}
      </CommandDialog>
    );
  }

  return (
    <CommandDialog
      title={title}
      confirmLabel={translate('paydesk.add_payment.review')}
      pending={command.isPending}
      confirmDisabled={nothingToPay || noMethods}
      error={error}
      onConfirm={review}
      onClose={onClose}
    >
      <Typography variant="body2">
        {translate('paydesk.add_payment.balance', {
          balance: money(options.balance_due),
          payable: money(options.payable),
        })}
      </Typography>
      {positive(options.held) ? (
        <Alert severity="info">{translate('paydesk.add_payment.held', { held: money(options.held) })}</Alert>
      ) : null}
      {options.state !== 'complete' ? (
        <Alert severity="warning">{translate('paydesk.add_payment.not_complete')}</Alert>
      ) : null}
      {noMethods ? <Alert severity="warning">{translate('paydesk.add_payment.no_methods')}</Alert> : null}
      <TextField
        select
        label={translate('paydesk.add_payment.method')}
        value={form.methodId}
        onChange={(event) => update({ methodId: event.target.value })}
        error={Boolean(fieldError('payment_method_id'))}
        helperText={
          fieldError('payment_method_id') ??
          (method
            ? translate(`paydesk.add_payment.method_help.${actionOf(method)}`)
            : translate('paydesk.add_payment.method_help.choose'))
        }
        required
        fullWidth
        disabled={command.isPending || noMethods}
        slotProps={{ select: { native: true } }}
      >
        <option value="" disabled>
          {translate('paydesk.add_payment.method_placeholder')}
        </option>
        {options.methods.map((m) => (
          <option key={m.id} value={String(m.id)}>
            {m.name}
          </option>
        ))}
      </TextField>
      <AmountField
        label={translate('paydesk.add_payment.amount')}
        help={translate('paydesk.add_payment.amount_help', { max: money(options.payable) })}
        value={form.amount}
        currency={options.currency}
        onChange={(amount) => update({ amount })}
        error={fieldError('amount')}
        disabled={command.isPending}
      />
      {method?.input === 'card' ? (
        <CardFields form={form} update={update} fieldError={fieldError} disabled={command.isPending} />
      ) : null}
      {method?.input === 'token' ? (
        <TextField
          label={translate('paydesk.add_payment.token')}
          value={form.token}
          onChange={(event) => update({ token: event.target.value })}
          error={Boolean(fieldError('payment_token'))}
          helperText={fieldError('payment_token') ?? translate('paydesk.add_payment.token_help')}
          required
          fullWidth
          disabled={command.isPending}
          slotProps={{ htmlInput: { autoComplete: 'off', spellCheck: false } }}
        />
      ) : null}
      <TextField
        label={translate('paydesk.add_payment.note')}
        value={form.note}
        onChange={(event) => update({ note: event.target.value })}
        error={Boolean(fieldError('note'))}
        helperText={fieldError('note') ?? translate('paydesk.add_payment.note_help')}
        multiline
        minRows={2}
        fullWidth
        disabled={command.isPending}
        slotProps={{ htmlInput: { maxLength: NOTE_MAX } }}
      />
    </CommandDialog>
  );
};

/** A simulator's test card: used for the one gateway call; only brand, last four and expiry are kept. */
const CardFields = ({
  form,
  update,
  fieldError,
  disabled,
}: {
  form: AddPaymentForm;
  update: (change: Partial<AddPaymentForm>) => void;
  fieldError: (field: AddPaymentField) => string | undefined;
  disabled: boolean;
}) => {
  const translate = useTranslate();
  const field = (
    name: 'cardNumber' | 'expMonth' | 'expYear' | 'cvv' | 'cardName',
    server: AddPaymentField,
    label: string,
    options: { help?: string; required?: boolean; inputMode?: 'numeric'; width?: number } = {},
  ) => (
    <TextField
      label={translate(label)}
      value={form[name]}
      onChange={(event) => update({ [name]: event.target.value })}
      error={Boolean(fieldError(server) ?? (server === 'card.number' ? fieldError('card') : undefined))}
      helperText={fieldError(server) ?? (server === 'card.number' ? fieldError('card') : undefined) ?? options.help}
      required={options.required ?? true}
      fullWidth={!options.width}
      sx={options.width ? { width: options.width } : undefined}
      disabled={disabled}
      slotProps={{ htmlInput: { inputMode: options.inputMode, autoComplete: 'off', spellCheck: false } }}
    />
  );
  return (
    <>
      {field('cardNumber', 'card.number', 'paydesk.add_payment.card.number', {
        help: translate('paydesk.add_payment.card.number_help'),
        inputMode: 'numeric',
      })}
      <Stack direction="row" spacing={2}>
        {field('expMonth', 'card.exp_month', 'paydesk.add_payment.card.exp_month', {
          inputMode: 'numeric',
          width: 130,
        })}
        {field('expYear', 'card.exp_year', 'paydesk.add_payment.card.exp_year', { inputMode: 'numeric', width: 130 })}
        {field('cvv', 'card.cvv', 'paydesk.add_payment.card.cvv', { inputMode: 'numeric', width: 110 })}
      </Stack>
      {field('cardName', 'card.name', 'paydesk.add_payment.card.name', { required: false })}
    </>
  );
};

export default AddPaymentDialog;

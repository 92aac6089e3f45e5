import { CARD_NUMBER_PATTERN, CVV_PATTERN, NOTE_MAX, PAYMENT_TOKEN_PATTERN } from '@paydesk/contract/rules';
import type { AddPaymentParams, PaymentOptions } from '../dataProvider.ts';
import { checkAmount, type Message } from '../payment-actions/amount.ts';
import type { Payment } from '../types.ts';

/** What the staff member typed into the "Add payment" dialog. */
export interface AddPaymentForm {
  methodId: string;
  amount: string;
  cardNumber: string;
  expMonth: string;
  expYear: string;
  cvv: string;
  cardName: string;
  token: string;
  note: string;
}

export type PaymentMethodOption = PaymentOptions['methods'][number];

/** The server's field names, as the dialog's inputs show their errors. */
export const ADD_PAYMENT_FIELDS = [
  'payment_method_id',
  'amount',
  'card',
  'card.number',
  'card.exp_month',
  'card.exp_year',
  'card.cvv',
  'card.name',
  'payment_token',
  'note',
] as const;

export type AddPaymentField = (typeof ADD_PAYMENT_FIELDS)[number];

/** Payments a new one may replace: invalidated, declined or voided — they took no money. */
export const REPLACEABLE_STATUSES: readonly Payment['status'][] = ['invalid', 'rejected', 'void'];

export { NOTE_MAX } from '@paydesk/contract/rules';

export function emptyForm(options: PaymentOptions | undefined, preferredMethodId?: number): AddPaymentForm {
  const preferred = options?.methods.find((m) => m.id === preferredMethodId);
  const method = preferred ?? (options?.methods.length === 1 ? options.methods[0] : undefined);
  return {
    methodId: method ? String(method.id) : '',
    amount: options?.payable ?? '',
    cardNumber: '',
    expMonth: '',
    expYear: '',
    cvv: '',
    cardName: '',
    token: '',
    note: '',
  };
}

export type FormCheck =
  | { ok: true; body: AddPaymentParams; method: PaymentMethodOption }
  | { ok: false; errors: Partial<Record<AddPaymentField, Message>> };

const message = (key: string, args?: Record<string, unknown>): Message => ({
  key: `paydesk.add_payment.errors.${key}`,
  args,
});

/**
 * The form checked as the server checks it (it checks again, with the card's Luhn digit and expiry): a method
 * from the list, an amount at most what is left to pay, a card only for card methods, a token only for Stripe.
 */
export function checkForm(
  form: AddPaymentForm,
  options: PaymentOptions,
  formatMoney: (value: string) => string,
): FormCheck {
  const errors: Partial<Record<AddPaymentField, Message>> = {};
  const method = options.methods.find((m) => String(m.id) === form.methodId);
  if (!method) errors.payment_method_id = message('method_required');
  const amount = checkAmount(
    form.amount,
    options.currency,
    options.payable,
    'paydesk.add_payment.errors.amount_above_payable',
    formatMoney,
  );
  if (!amount.ok) errors.amount = amount.error;
  let card: AddPaymentParams['card'];
  if (method?.input === 'card') {
    const number = form.cardNumber.replace(/[\s-]/g, '');
    if (!CARD_NUMBER_PATTERN.test(number)) errors['card.number'] = message('card_number');
    const month = Number(form.expMonth);
    if (!/^\d{1,2}$/.test(form.expMonth.trim()) || month < 1 || month > 12)
      errors['card.exp_month'] = message('exp_month');
    const year = Number(form.expYear);
    if (!/^\d{4}$/.test(form.expYear.trim())) errors['card.exp_year'] = message('exp_year');
    if (!CVV_PATTERN.test(form.cvv.trim())) errors['card.cvv'] = message('cvv');
    const name = form.cardName.trim();
    card = { number, exp_month: month, exp_year: year, cvv: form.cvv.trim(), ...(name ? { name } : {}) };
  }
  const token = form.token.trim();
  if (method?.input === 'token' && !PAYMENT_TOKEN_PATTERN.test(token)) errors.payment_token = message('token');
  if (form.note.length > NOTE_MAX) errors.note = message('note_too_long', { max: NOTE_MAX });
  if (!method || !amount.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const note = form.note.trim();
  return {
    ok: true,
    method,
    body: {
      payment_method_id: method.id,
      amount: amount.amount.toString(),
      ...(card ? { card } : {}),
      ...(method.input === 'token' ? { payment_token: token } : {}),
      ...(note ? { note } : {}),
    },
  };
}

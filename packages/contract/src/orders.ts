import { ORDER_STATES, PAYMENT_STATES } from '@paydesk/domain';
import { z } from 'zod';
import { AMOUNT_PATTERN, amount, ID_MAX, nullableTimestamp, optionalNote, recordId, timestamp } from './common.ts';
import { cardInput } from './transactions.ts';
import { PAYMENT_TOKEN_PATTERN } from './rules.ts';

/** The staff API's orders (`/api/orders`) and the payments staff add to them. */

export const order = z
  .object({
    id: recordId,
    number: z.string(),
    email: z.string(),
    currency: z.string().length(3),
    item_total: amount,
    shipment_total: amount,
    tax_total: amount,
    total: amount,
    state: z.enum(ORDER_STATES),
    payment_total: amount,
    payment_state: z.enum(PAYMENT_STATES).nullable(),
    completed_at: nullableTimestamp,
    created_at: timestamp,
    updated_at: timestamp,
  })
  .strict()
  .meta({ id: 'Order' });

export type Order = z.infer<typeof order>;

export const orderList = z.array(order);

/** `GET /api/orders/<id>/payment-options`: what is left to pay, and the methods staff may take it with. */
export const paymentOptions = z
  .object({
    order_id: recordId,
    state: z.enum(ORDER_STATES),
    currency: z.string().length(3),
    total: amount,
    balance_due: amount,
    held: amount,
    payable: amount,
    methods: z.array(
      z
        .object({
          id: recordId,
          name: z.string(),
          type: z.string(),
          input: z.enum(['card', 'token', 'none']).nullable(),
          auto_capture: z.boolean(),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'PaymentOptions' });

export type PaymentOptions = z.infer<typeof paymentOptions>;

/** `POST /api/orders/<id>/payments`: a payment staff take (a replacement card, a check, a phone payment). */
export const staffPaymentBody = z
  .object({
    payment_method_id: z
      .number({ error: 'Choose a payment method.' })
      .int('Choose a payment method.')
      .positive('Choose a payment method.')
      .max(ID_MAX, 'Choose a payment method.'),
    amount: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'This field is required.'
            : 'Send the amount as a decimal string, such as "80.00".',
      })
      .trim()
      .regex(AMOUNT_PATTERN, 'Must be a decimal amount, such as "80.00".'),
    card: cardInput.optional(),
    payment_token: z
      .string({ error: 'Must be a string: the token Stripe.js made.' })
      .trim()
      .regex(PAYMENT_TOKEN_PATTERN, 'Must be the token Stripe.js made, such as "tok_visa".')
      .optional(),
    note: optionalNote,
  })
  .strict()
  .meta({ id: 'StaffPaymentRequest' });

/** What a client sends; the BFF reads the parsed body (`z.output`). */
export type StaffPaymentRequest = z.input<typeof staffPaymentBody>;

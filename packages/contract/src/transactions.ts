import {
  containsCardNumber,
  FRAUD_STATUSES,
  isLuhnValid,
  PAYMENT_STATUSES,
  TRANSACTION_STATUSES,
} from '@paydesk/domain';
import { z } from 'zod';
import { amount, currencyCode, required, timestamp } from './common.ts';
import { CARD_NUMBER_PATTERN, CVV_PATTERN, EMAIL_MAX, PAYMENT_TOKEN_PATTERN } from './rules.ts';

/** The intake API for storefronts (`/api/v1`): what a storefront sends and what it is answered. */

/** A card as a storefront or a staff member sends it (test cards for the simulators): used for one call, never kept. */
export const cardInput = z
  .object(
    {
      number: z
        .string(required)
        .regex(CARD_NUMBER_PATTERN, 'Must be 12 to 19 digits.')
        .refine(isLuhnValid, 'Is not a valid card number.'),
      exp_month: z.number(required).int().min(1, 'Must be 1 to 12.').max(12, 'Must be 1 to 12.'),
      exp_year: z.number(required).int().min(2000).max(2100),
      cvv: z.string(required).regex(CVV_PATTERN, 'Must be 3 or 4 digits.'),
      name: z.string().trim().max(200).optional(),
    },
    required,
  )
  .meta({ id: 'CardInput', description: 'Used for one gateway call and never stored, logged or echoed.' });

export type CardInputBody = z.infer<typeof cardInput>;

/** `POST /api/v1/transactions`. */
export const transactionInput = z
  .object({
    price: z
      .string({
        error: (issue) =>
          issue.input === undefined ? 'This field is required.' : 'Send the price as a decimal string, such as "0.99".',
      })
      .trim()
      .meta({ description: 'A decimal string, such as "0.99"; no more decimals than the currency has.' }),
    currency: currencyCode,
    pay_method: z.enum(['CARD', 'OPERATOR'], {
      error: (issue) => (issue.input === undefined ? 'This field is required.' : 'Must be CARD or OPERATOR.'),
    }),
    product_id: z.number(required).int().positive(),
    carrier: z.string(required).trim().min(1, 'This field is required.').max(50),
    region: z
      .number(required)
      .int()
      .min(200, 'Must be a mobile country code (200–799).')
      .max(799, 'Must be a mobile country code (200–799).'),
    callback_url: z
      .string(required)
      .trim()
      .max(2000)
      .meta({ description: 'https:// (http:// only to localhost in development); never a private address.' }),
    email: z.string().trim().email('Must be an email address.').max(EMAIL_MAX).optional(),
    external_id: z
      .string({ error: 'Must be a string: your own reference for this transaction.' })
      .trim()
      .min(1, 'Must be 1 to 255 characters.')
      .max(255, 'Must be 1 to 255 characters.')
      // Kept and looked up as sent: a card number in it would be masked on the way into the database.
      .refine((id) => !containsCardNumber(id), 'Must not hold a card number.')
      .optional(),
    card: cardInput.optional(),
    /** A token a real gateway made in the buyer's browser (Stripe.js: `tok_…`), for methods that take no card number. */
    payment_token: z
      .string({ error: 'Must be a string: the token your payment form (Stripe.js) made.' })
      .trim()
      .regex(PAYMENT_TOKEN_PATTERN, 'Must be the token your payment form made, such as "tok_visa".')
      .optional(),
    payment_method_id: z
      .number({ error: 'Must be the id of a payment method.' })
      .int('Must be the id of a payment method.')
      .positive('Must be the id of a payment method.')
      .optional(),
  })
  .meta({ id: 'TransactionInput' });

export type TransactionInput = z.infer<typeof transactionInput>;

/** A transaction as the API answers it (and as its callbacks carry it). */
export const transaction = z
  .object({
    status: z.enum(TRANSACTION_STATUSES),
    token: z.string().regex(/^[0-9a-f]{64}$/),
    price: amount,
    currency: z.string().length(3),
    pay_method: z.enum(['CARD', 'OPERATOR']),
    carrier: z.string(),
    region: z.number().int(),
    product_id: z.number().int(),
    resource_pk: z.string().regex(/^\d+$/),
    resource_uri: z.string().regex(/^\/api\/v1\/transactions\/\d+$/),
    external_id: z.string().nullable(),
    payment_url: z
      .string()
      .optional()
      .meta({ description: 'Where the buyer confirms a carrier charge; only while it waits for them.' }),
    payment_status: z.enum(PAYMENT_STATUSES),
    fraud_status: z.enum(FRAUD_STATUSES),
    captured_amount: amount,
    refunded_amount: amount,
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'Transaction' });

export type TransactionWire = z.infer<typeof transaction>;

/** What a storefront's callback_url receives at every change: the transaction as GET answers it, and when. */
export const transactionCallback = transaction
  .extend({ changed_at: timestamp })
  .strict()
  .meta({ id: 'TransactionCallback' });

/** `GET /api/v1/transactions`: a page, Tastypie's way. */
export const transactionList = z
  .object({
    meta: z
      .object({
        limit: z.number().int(),
        offset: z.number().int(),
        total_count: z.number().int(),
        next: z.string().nullable(),
        previous: z.string().nullable(),
      })
      .strict(),
    objects: z.array(transaction),
  })
  .strict()
  .meta({ id: 'TransactionList' });

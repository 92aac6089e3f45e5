import { z } from 'zod';
import { amount, jsonObject, timestamp } from './common.ts';

/** One currency's money at a glance: decimal strings in the currency's minor unit. */
export const currencyMoney = z
  .object({
    currency: z.string().length(3),
    captured: amount,
    captured_count: z.number().int(),
    refunded: amount,
    refunded_count: z.number().int(),
    expiring: amount.meta({ description: 'What the authorizations lapsing within `expiring_hours` hold.' }),
    expiring_count: z.number().int(),
  })
  .strict();

export type CurrencyMoney = z.infer<typeof currencyMoney>;

/** `GET /api/dashboard/money`: the shop's day (in its `shop_time_zone`) and the authorizations about to lapse. */
export const moneyAtAGlance = z
  .object({
    time_zone: z.string(),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    from: timestamp,
    to: timestamp,
    expiring_hours: z.number().int(),
    expiring_count: z.number().int(),
    expiring_filter: jsonObject.meta({
      description: 'The payments-list filter that names the expiring authorizations (the capture queue takes it).',
    }),
    currencies: z.array(currencyMoney),
  })
  .strict()
  .meta({ id: 'MoneyAtAGlance' });

export type MoneyAtAGlance = z.infer<typeof moneyAtAGlance>;

/** `GET /api/needs-attention`: what waits for staff, counted. */
export const needsAttentionCounts = z
  .object({
    payments_in_error: z.number().int(),
    stuck_in_flight: z.number().int(),
    pending_refunds: z.number().int(),
    pending_approvals: z.number().int().meta({ description: "Refunds waiting for a second person's approval." }),
    failing_callbacks: z.number().int(),
    unapplied_answers: z.number().int().meta({
      description: "Gateway answers for an operation no longer the payment's: kept, not applied (last 30 days).",
    }),
    open_disputes: z
      .number()
      .int()
      .meta({ description: 'Payments whose dispute (chargeback) is open: refunds refused until it is decided.' }),
  })
  .strict()
  .meta({ id: 'NeedsAttentionCounts' });

export type NeedsAttentionCounts = z.infer<typeof needsAttentionCounts>;

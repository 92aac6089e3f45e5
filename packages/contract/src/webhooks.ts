import { z } from 'zod';

/**
 * What gateways and carrier operators send Paydesk server to server (`/api/webhooks/…`), and what Paydesk
 * answers them. Each body is signed over its raw bytes; it is read only once the signature holds.
 */

/**
 * A Stripe event (`POST /api/webhooks/stripe/<method id>`), as Stripe sends it: the fields Paydesk reads, the
 * rest of Stripe's kept as they come. `data.object` is the charge, refund or dispute the event is about.
 */
export const stripeEvent = z
  .looseObject({
    id: z.string().min(1),
    type: z.string().min(1),
    /** Unix seconds. */
    created: z.number().int(),
    data: z.looseObject({ object: z.looseObject({}) }),
  })
  .meta({ id: 'StripeEvent' });

/** How a gateway's event was taken: each event id is applied once per payment method. */
export const WEBHOOK_OUTCOMES = ['applied', 'no_change', 'no_payment', 'disagrees', 'duplicate', 'ignored'] as const;

/**
 * The answer to a gateway's webhook: received (so the gateway stops sending it), and what became of it —
 * applied, no_change (the payment already stood so), disagrees (the gateway holds less than Paydesk
 * recorded: for staff to look at), no_payment (a charge none of Paydesk's payments made), duplicate (an event
 * id seen before), ignored (an event type Paydesk does not follow).
 */
export const gatewayWebhookAnswer = z
  .object({
    received: z.literal(true),
    event_id: z.string(),
    type: z.string(),
    outcome: z.enum(WEBHOOK_OUTCOMES),
  })
  .strict()
  .meta({ id: 'GatewayWebhookAnswer' });

export const CARRIER_NOTIFICATION_TYPES = [
  'charge.confirmed',
  'charge.declined',
  'charge.lapsed',
  'charge.refunded',
] as const;

/**
 * A carrier operator's notification (`POST /api/webhooks/carrier/<method id>`): a charge confirmed, declined or
 * lapsed by the buyer, or refunded. The charge as the operator holds it; its `reference` is the operation's
 * key (`purchase-<payment id>` or `authorize-<payment id>`).
 */
export const carrierNotification = z
  .looseObject({
    id: z
      .string({ error: 'Must be the notification’s id.' })
      .min(1, 'Must be the notification’s id.')
      .max(255, 'Must be the notification’s id.'),
    type: z.enum(CARRIER_NOTIFICATION_TYPES, { error: `Must be one of ${CARRIER_NOTIFICATION_TYPES.join(', ')}.` }),
    charge: z.looseObject(
      {
        id: z.string().min(1),
        reference: z.string().optional(),
        status: z.string().optional(),
      },
      { error: 'Must be the charge.' },
    ),
    /** The operator's refund (charge.refunded): its id, amount in minor units and message. */
    refund: z
      .looseObject({
        refund_id: z.string().optional(),
        amount: z.number().optional(),
        message: z.string().optional(),
      })
      .nullable()
      .optional(),
  })
  .refine((body) => body.type !== 'charge.refunded' || body.refund, {
    message: 'Must be the refund.',
    path: ['refund'],
  })
  .meta({ id: 'CarrierNotification' });

/**
 * The answer to an operator's notification: received (so the operator stops sending it) and what became of
 * it — applied (the charge's outcome moved the payment), unapplied (kept as a log entry: the charge is no
 * longer the payment's operation), recorded (a refund, logged) or repeated (this notification id was seen).
 */
export const carrierNotificationAnswer = z
  .object({ received: z.literal(true), result: z.enum(['applied', 'unapplied', 'recorded', 'repeated']) })
  .strict()
  .meta({ id: 'CarrierNotificationAnswer' });

export type StripeEvent = z.infer<typeof stripeEvent>;
export type WebhookOutcome = z.infer<typeof gatewayWebhookAnswer>['outcome'];
export type GatewayWebhookAnswer = z.infer<typeof gatewayWebhookAnswer>;
export type CarrierNotification = z.infer<typeof carrierNotification>;
export type CarrierNotificationAnswer = z.infer<typeof carrierNotificationAnswer>;

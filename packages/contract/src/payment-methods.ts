import { PAYMENT_METHOD_TYPES } from '@paydesk/domain';
import { z } from 'zod';
import { jsonObject, recordId, timestamp } from './common.ts';
import { DESCRIPTION_MAX, NAME_MAX } from './rules.ts';

/** The staff API's payment methods (`/api/payment-methods`). */
export const paymentMethod = z
  .object({
    id: recordId,
    type: z.enum(PAYMENT_METHOD_TYPES),
    name: z.string(),
    description: z.string(),
    active: z.boolean(),
    available_to_users: z.boolean(),
    available_to_admin: z.boolean(),
    auto_capture: z
      .boolean()
      .nullable()
      .meta({ description: 'true: purchase; false: authorize only; null: the store default.' }),
    preferences: jsonObject.meta({
      description:
        'The gateway options; each secret (secret_key, webhook_secret, api_key, …) as {"configured": true, "hint": …}, never its value.',
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .strict()
  .meta({ id: 'PaymentMethod' });

export type PaymentMethod = z.infer<typeof paymentMethod>;

export const paymentMethodList = z.array(paymentMethod);

/** `POST /api/payment-methods`. */
/** The preferences adapters read are checked; other keys are kept as given. */
const preferences = z
  .object({
    authorization_ttl_days: z
      .number()
      .int()
      .min(1, 'Must be 1 to 30 days.')
      .max(30, 'Must be 1 to 30 days.')
      .optional(),
    latency_ms: z.number().int().min(0).max(60_000).optional(),
    max_concurrency: z.number().int().min(1, 'Must be 1 to 256.').max(256, 'Must be 1 to 256.').optional(),
    timeout_ms: z.number().int().min(100).max(120_000).optional(),
    base_url: z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL.' }).optional(),
  })
  .catchall(z.unknown());

export const paymentMethodBody = z
  .object({
    type: z.enum(PAYMENT_METHOD_TYPES),
    name: z.string().trim().min(1, 'This field is required.').max(NAME_MAX),
    description: z.string().trim().max(DESCRIPTION_MAX).default(''),
    active: z.boolean().default(true),
    available_to_users: z.boolean().default(true),
    available_to_admin: z.boolean().default(true),
    auto_capture: z.boolean().nullable().default(null),
    preferences: preferences.default({}),
  })
  .meta({ id: 'PaymentMethodRequest' });

/** `PUT /api/payment-methods/<id>`: preferences left out keep what is stored; a secret sent back as read keeps its value. */
export const paymentMethodUpdateBody = paymentMethodBody
  .extend({ preferences: preferences.optional() })
  .meta({ id: 'PaymentMethodUpdateRequest' });

export type PaymentMethodRequest = z.input<typeof paymentMethodBody>;
export type PaymentMethodUpdateRequest = z.infer<typeof paymentMethodUpdateBody>;

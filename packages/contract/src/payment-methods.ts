import { PAYMENT_METHOD_TYPES } from '@paydesk/domain';
import { z } from 'zod';
import { jsonObject, recordId, timestamp } from './common.ts';

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

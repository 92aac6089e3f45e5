import { z } from 'zod';
import { nullableTimestamp, recordId, timestamp } from './common.ts';
import { NAME_MAX } from './rules.ts';

/** The staff API's storefront keys (`/api/api-keys`) and the callbacks sent to storefronts. */

/** A storefront's API key: stored hashed; only its first characters are ever shown again. */
export const apiKey = z
  .object({
    id: recordId,
    name: z.string(),
    key_prefix: z.string().meta({ description: 'The key\'s first 12 characters, such as "pdk_a1B2c3D4".' }),
    created_by: recordId.nullable(),
    created_at: timestamp,
    revoked_at: nullableTimestamp,
    last_used_at: nullableTimestamp,
  })
  .strict()
  .meta({ id: 'ApiKey' });

export type ApiKey = z.infer<typeof apiKey>;

export const apiKeyList = z.array(apiKey);

/** `POST /api/api-keys`'s answer, the one time the key and the callback signing secret are sent. */
export const createdApiKey = apiKey
  .extend({
    key: z.string().meta({ description: 'Authorization: Bearer <key>; never shown again.' }),
    secret: z.string().meta({ description: 'Signs the callbacks of this key (Paydesk-Signature); never shown again.' }),
  })
  .strict()
  .meta({ id: 'CreatedApiKey' });

export type CreatedApiKey = z.infer<typeof createdApiKey>;

/** `POST /api/api-keys`. */
export const apiKeyBody = z
  .object({
    name: z.string({ error: 'This field is required.' }).trim().min(1, 'This field is required.').max(NAME_MAX),
  })
  .meta({ id: 'ApiKeyRequest' });

export const CALLBACK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** One signed callback to a storefront (`/api/callback-deliveries`), retried until a 2xx or for 24 hours. */
export const callbackDelivery = z
  .object({
    id: recordId,
    transaction_id: recordId,
    payment_id: recordId,
    token: z.string().meta({ description: "The intake transaction's token." }),
    payment_status: z.string(),
    currency: z.string().length(3),
    url: z.string(),
    status: z.enum(CALLBACK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    last_response_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: nullableTimestamp,
    delivered_at: nullableTimestamp,
    created_at: timestamp,
    body: z.string().meta({ description: 'The JSON body sent, as the text sent (it is what is signed).' }),
  })
  .strict()
  .meta({ id: 'CallbackDelivery' });

export type CallbackDelivery = z.infer<typeof callbackDelivery>;

export const callbackDeliveryList = z.array(callbackDelivery);

/** One POST of a callback delivery (`/api/callback-attempts`). */
export const callbackAttempt = z
  .object({
    id: recordId,
    delivery_id: recordId,
    response_code: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'CallbackAttempt' });

export type CallbackAttempt = z.infer<typeof callbackAttempt>;

export const callbackAttemptList = z.array(callbackAttempt);

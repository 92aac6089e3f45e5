import { z } from 'zod';
import { amount, currencyCode, recordId, required, timestamp } from './common.ts';
import { AMOUNT_PATTERN, PRODUCT_NAME_MAX } from './rules.ts';

/** The staff API's products (`/api/products`): what storefronts sell through the intake API. */
export const product = z
  .object({
    id: recordId,
    name: z.string(),
    price: amount,
    currency: z.string().length(3),
    active: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .strict()
  .meta({ id: 'Product' });

export type Product = z.infer<typeof product>;

export const productList = z.array(product);

/** `POST /api/products` and `PUT /api/products/<id>`; the BFF then checks the price against the currency. */
export const productBody = z
  .object({
    name: z.string(required).trim().min(1, 'This field is required.').max(PRODUCT_NAME_MAX),
    price: z
      .string({ error: 'Send the price as a decimal string, such as "0.99".' })
      .trim()
      .regex(AMOUNT_PATTERN, 'Must be a decimal amount below 10,000,000,000,000,000, such as "0.99".'),
    currency: currencyCode,
    active: z.boolean().default(true),
  })
  .meta({ id: 'ProductRequest' });

export type ProductRequest = z.input<typeof productBody>;

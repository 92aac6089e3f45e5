import type { Product } from '../types.ts';

export type ProductInput = Pick<Product, 'name' | 'price' | 'currency' | 'active'>;

/** The body of POST / PUT: the four fields an admin sets, never id or timestamps; the price trimmed. */
export function pickProductInput(data: Partial<Product>): Partial<ProductInput> {
  const out: Partial<ProductInput> = {};
  if (data.name !== undefined) out.name = data.name;
  if (data.price !== undefined) out.price = typeof data.price === 'string' ? data.price.trim() : data.price;
  if (data.currency !== undefined) out.currency = data.currency;
  if (data.active !== undefined) out.active = data.active;
  return out;
}

import { formatAmount, isCurrencyCode, Money, MoneyError } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { ProductRow } from '../db/schema.ts';
import { AppError, invalidArgument } from '../http/errors.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { parseInput } from '../http/validate.ts';
import {
  deleteProduct,
  findProduct,
  insertProduct,
  listProducts,
  productHasTransactions,
  productListSpec,
  updateProduct,
  type ProductInput,
} from './products.repository.ts';

export function productToWire(row: ProductRow) {
  return { ...row, price: formatAmount(row.price, row.currency) };
}

const productInput = z.object({
  name: z.string().trim().min(1, 'This field is required.').max(200),
  price: z
    .string({ error: 'Send the price as a decimal string, such as "0.99".' })
    .trim()
    .regex(/^\d{1,16}(\.\d+)?$/, 'Must be a decimal amount below 10,000,000,000,000,000, such as "0.99".'),
  currency: z.string().trim().toUpperCase().refine(isCurrencyCode, 'Must be an ISO 4217 currency code, such as "EUR".'),
  active: z.boolean().default(true),
});

/** Validates the price in the currency's minor unit, and > 0. */
function toProductInput(body: unknown): ProductInput {
  const input = parseInput(productInput, body);
  try {
    const price = Money.of(input.price, input.currency);
    if (!price.isPositive()) throw invalidArgument({ price: 'Must be greater than 0.' });
    return { ...input, price: price.toString() };
  } catch (error) {
    if (error instanceof MoneyError) throw invalidArgument({ price: error.message });
    throw error;
  }
}

/** What storefronts sell through the intake API. */
export function productsRouter(db: Db): Router {
  const router = Router();
  const resource = {
    spec: productListSpec,
    noun: 'product',
    list: listProducts,
    find: findProduct,
    toWire: productToWire,
  };
  addReadRoutes(router, db, resource);

  router.post('/', async (req, res) => {
    res.status(201).json(productToWire(await insertProduct(db, toProductInput(req.body))));
  });

  router.put('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    res.json(productToWire((await updateProduct(db, current.id, toProductInput(req.body))) ?? current));
  });

  router.delete('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    if (await productHasTransactions(db, current.id)) {
      throw new AppError(
        'InvalidState',
        'Transactions were made for this product, so it is kept. Make it inactive instead.',
      );
    }
    res.json(productToWire((await deleteProduct(db, current.id)) ?? current));
  });
  return router;
}

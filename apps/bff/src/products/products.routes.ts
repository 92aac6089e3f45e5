import { type Product, productBody } from '@paydesk/contract';
import { formatAmount, Money, MoneyError } from '@paydesk/domain';
import { Router } from 'express';
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

/** A product as the contract's Product has it: each field picked, the price in its currency's minor unit. */
export function productToWire(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    price: formatAmount(row.price, row.currency),
    currency: row.currency,
    active: row.active,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Validates the price in the currency's minor unit, and > 0. */
function toProductInput(body: unknown): ProductInput {
  const input = parseInput(productBody, body);
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

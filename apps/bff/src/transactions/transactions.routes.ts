import { Router, type RequestHandler } from 'express';
import type { ApiKeyRow } from '../db/schema.ts';
import { findLiveApiKey } from '../api-keys/api-keys.repository.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { createTransaction, transactionToWire } from './intake.ts';
import { findTransactionByToken } from './transactions.repository.ts';

declare global {
  namespace Express {
    interface Locals {
      apiKey?: ApiKeyRow;
    }
  }
}

/** Storefronts authenticate with `Authorization: Bearer <key>`. */
function requireApiKey(deps: CommandDeps): RequestHandler {
  return async (req, res, next) => {
    const key = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const apiKey = key && key.length < 200 ? await findLiveApiKey(deps.db, key) : undefined;
    if (!apiKey) throw new AppError('Unauthenticated', 'Send a valid API key: Authorization: Bearer <key>.');
    res.locals.apiKey = apiKey;
    next();
  };
}

/** The intake API for storefronts (not staff): `/api/v1/transactions`. */
export function transactionsRouter(deps: CommandDeps): Router {
  const router = Router();
  router.use(requireApiKey(deps));

  router.post('/transactions', async (req, res) => {
    const { transaction, replayed } = await createTransaction(
      deps,
      res.locals.apiKey!,
      req.body,
      req.get('idempotency-key'),
    );
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).location(`/api/v1/transactions/${transaction.token}`).json(transactionToWire(transaction));
  });

  router.get('/transactions/:token', async (req, res) => {
    const token = req.params.token;
    const transaction = /^[0-9a-f]{64}$/.test(token)
      ? await findTransactionByToken(deps.db, res.locals.apiKey!.id, token)
      : undefined;
    if (!transaction) throw notFound('transaction');
    res.json(transactionToWire(transaction));
  });
  return router;
}

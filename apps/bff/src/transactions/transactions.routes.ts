import { paymentStatusesFor, TRANSACTION_STATUSES, type PaymentStatus, type TransactionStatus } from '@paydesk/domain';
import { Router } from 'express';
import { z } from 'zod';
import { requireApiKey } from '../api-keys/api-key-auth.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { fieldErrors } from '../http/validate.ts';
import type { CommandDeps } from '../payments/payment-commands.ts';
import { createTransaction } from './intake.ts';
import { transactionToWire, transactionUri } from './transaction.wire.ts';
import {
  findTransactionById,
  findTransactionByToken,
  listTransactions,
  type TransactionListQuery,
} from './transactions.repository.ts';

export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

const isoTime = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value), {
    message: 'Must be an ISO 8601 date or time, such as 2026-12-01T00:00:00Z.',
  })
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'Must be an ISO 8601 date or time, such as 2026-12-01T00:00:00Z.');
const count = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `Must be a whole number from ${min} to ${max}.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Must be a whole number from ${min} to ${max}.`);

/** The list's parameters, Tastypie's way (the seed's API): limit, offset, status, created__gte, created__lte. */
const listParams = z
  .object({
    limit: count(1, MAX_LIST_LIMIT).optional(),
    offset: count(0, 100_000_000).optional(),
    status: z
      .string()
      .transform((value) => value.split(','))
      .refine((values) => values.every((v) => (TRANSACTION_STATUSES as readonly string[]).includes(v)), {
        message: `Must be one or more of ${TRANSACTION_STATUSES.join(', ')}, separated by commas.`,
      })
      .optional(),
    created__gte: isoTime.optional(),
    created__lte: isoTime.optional(),
  })
  .strict();

function parseListParams(query: unknown): TransactionListQuery & { statuses: string[] | null } {
  for (const value of Object.values(query as Record<string, unknown>)) {
    if (typeof value !== 'string') throw invalidArgument('Give each query parameter once.');
  }
  const parsed = listParams.safeParse(query);
  if (!parsed.success) throw invalidArgument(fieldErrors(parsed.error));
  const { limit = DEFAULT_LIST_LIMIT, offset = 0, status, created__gte, created__lte } = parsed.data;
  const paymentStatuses: PaymentStatus[] | null = status
    ? status.flatMap((s) => paymentStatusesFor(s as TransactionStatus))
    : null;
  return {
    limit,
    offset,
    statuses: status ?? null,
    paymentStatuses,
    createdGte: created__gte ?? null,
    createdLte: created__lte ?? null,
  };
}

function listUrl(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return `/api/v1/transactions?${search.toString()}`;
}

/** The intake API for storefronts (not staff): `/api/v1/transactions`. */
export function transactionsRouter(deps: CommandDeps): Router {
  const router = Router();
  router.use(requireApiKey(deps.db));

  router.post('/transactions', async (req, res) => {
    const { transaction, replayed } = await createTransaction(
      deps,
      res.locals.apiKey!,
      req.body,
      req.get('idempotency-key'),
    );
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res
      .status(201)
      .location(transactionUri(transaction.id))
      .json(transactionToWire(transaction, transaction, { started: true }));
  });

  // The key's own transactions, newest first, in pages: {meta: {limit, offset, total_count, next, previous}, objects}.
  router.get('/transactions', async (req, res) => {
    const query = parseListParams(req.query);
    const { rows, total } = await listTransactions(deps.db, res.locals.apiKey!.id, query);
    const filters = {
      status: query.statuses?.join(','),
      created__gte: query.createdGte?.toISOString(),
      created__lte: query.createdLte?.toISOString(),
    };
    const next = query.offset + query.limit < total ? query.offset + query.limit : null;
    const previous = query.offset > 0 ? Math.max(0, query.offset - query.limit) : null;
    res.json({
      meta: {
        limit: query.limit,
        offset: query.offset,
        total_count: total,
        next: next === null ? null : listUrl({ limit: query.limit, offset: next, ...filters }),
        previous: previous === null ? null : listUrl({ limit: query.limit, offset: previous, ...filters }),
      },
      objects: rows.map((row) => transactionToWire(row, row)),
    });
  });

  // By resource_pk (the resource_uri) or by token; another key's transaction is a 404.
  router.get('/transactions/:ref', async (req, res) => {
    const ref = req.params.ref;
    const apiKeyId = res.locals.apiKey!.id;
    const transaction =
      /^[1-9]\d{0,9}$/.test(ref) && Number(ref) <= 2_147_483_647
        ? await findTransactionById(deps.db, apiKeyId, Number(ref))
        : /^[0-9a-f]{64}$/.test(ref)
          ? await findTransactionByToken(deps.db, apiKeyId, ref)
          : undefined;
    if (!transaction) throw notFound('transaction');
    res.json(transactionToWire(transaction, transaction));
  });

  // Anything else under /api/v1 is the intake API's own 404 (never a staff-session answer).
  router.use((_req, _res, next) => next(new AppError('NotFound', 'No such endpoint of the transactions API.')));
  return router;
}

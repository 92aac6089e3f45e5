import { type RefundReason, refundReasonBody } from '@paydesk/contract';
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { RefundReasonRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { addReadRoutes, findOr404 } from '../http/read-routes.ts';
import { parseInput } from '../http/validate.ts';
import {
  deleteRefundReason,
  findRefundReason,
  insertRefundReason,
  listRefundReasons,
  refundReasonInUse,
  refundReasonListSpec,
  updateRefundReason,
} from './refund-reasons.repository.ts';

export function refundReasonToWire(row: RefundReasonRow): RefundReason {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    active: row.active,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const duplicateCode = () => new AppError('Conflict', { code: 'Another refund reason has this code.' });

async function uniqueCode<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode();
    throw error;
  }
}

export function refundReasonsRouter(db: Db): Router {
  const router = Router();
  const resource = {
    spec: refundReasonListSpec,
    noun: 'refund reason',
    list: listRefundReasons,
    find: findRefundReason,
    toWire: refundReasonToWire,
  };
  addReadRoutes(router, db, resource);

  router.post('/', async (req, res) => {
    const input = parseInput(refundReasonBody, req.body);
    res.status(201).json(refundReasonToWire(await uniqueCode(() => insertRefundReason(db, input))));
  });

  router.put('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    const input = parseInput(refundReasonBody, req.body);
    res.json(refundReasonToWire((await uniqueCode(() => updateRefundReason(db, current.id, input))) ?? current));
  });

  router.delete('/:id', async (req, res) => {
    const current = await findOr404(db, resource, req.params.id);
    if (await refundReasonInUse(db, current.id)) {
      throw new AppError('InvalidState', 'Refunds cite this reason, so it is kept. Make it inactive instead.');
    }
    res.json(refundReasonToWire((await deleteRefundReason(db, current.id)) ?? current));
  });
  return router;
}

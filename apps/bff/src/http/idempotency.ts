import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Db } from '../db/database.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
} from '../idempotency/idempotency.repository.ts';
import { staffOf } from '../auth/require-session.ts';
import { AppError, invalidArgument } from './errors.ts';

/** Objects with sorted keys, so that {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method, path, canonical(body ?? {})]))
    .digest('hex');
}

/**
 * api.md's Idempotency-Key: within 24 hours the same key from the same staff member for the same request
 * returns the first response (status and body) without running anything again; another request with the
 * key is a 409 IdempotencyKeyReused; the key while its first request runs is a 409 RequestInProgress.
 */
export function idempotent(db: Db): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined) return next();
    if (key.length < 1 || key.length > 255)
      throw invalidArgument({ 'Idempotency-Key': 'Must be 1 to 255 characters.' });
    const staffId = staffOf(req).user.id;
    const hash = requestHash(req.method, req.baseUrl + req.path, req.body);

    if (!(await claimIdempotencyKey(db, staffId, key, hash))) {
      const stored = await findIdempotencyKey(db, staffId, key);
      if (!stored || stored.request_hash !== hash) {
        throw new AppError('IdempotencyKeyReused', 'This Idempotency-Key was already used for a different request.');
      }
      if (stored.response_status === null) {
        throw new AppError('RequestInProgress', 'The first request with this Idempotency-Key is still running.');
      }
      res.set('Idempotent-Replayed', 'true');
      res.status(stored.response_status).json(stored.response_body);
      return;
    }

    // Keep the first response, whatever it is, before it is sent.
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      completeIdempotencyKey(db, staffId, key, res.statusCode, body).then(
        () => send(body),
        (error: unknown) => {
          req.log?.error({ err: error }, 'could not store an idempotent response');
          send(body);
        },
      );
      return res;
    };
    next();
  };
}

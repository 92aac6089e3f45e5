import { createHash } from 'node:crypto';
import { containsCardNumber } from '@paydesk/domain';
import type { RequestHandler } from 'express';
import { randomToken } from '../db/card-number-plugin.ts';
import type { Db } from '../db/database.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyKey,
  releaseIdempotencyKey,
  workStartedSince,
} from '../idempotency/idempotency.repository.ts';
import { staffOf } from '../auth/require-session.ts';
import { AppError, errorBody, invalidArgument, RETRY_AFTER_SECONDS, type ErrorCode } from './errors.ts';

/**
 * How long a request may hold its Idempotency-Key unanswered (config: PAYDESK_REQUEST_DEADLINE_SECONDS, put in
 * `app.locals.requestDeadlineMs`). Longer than any command takes: a gateway call's timeout is at most 120 s.
 */
export const DEFAULT_REQUEST_DEADLINE_MS = 300_000;

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
 * An Idempotency-Key is kept and looked up exactly as sent: 1 to 255 characters, and never one holding a card
 * number, which the card-number scrub would change on the way into the database (the stored key would then not
 * be the key a retry sends, and two keys could be stored alike).
 */
export function checkIdempotencyKey(key: string): void {
  if (key.length < 1 || key.length > 255) throw invalidArgument({ 'Idempotency-Key': 'Must be 1 to 255 characters.' });
  if (containsCardNumber(key))
    throw invalidArgument({ 'Idempotency-Key': 'Must not hold a card number: send a random key, such as a UUID.' });
}

export interface IdempotencyOptions {
  /** Refuse a request without the header (400): for commands that create money movements, not just move them. */
  required?: boolean;
  /** What of the body identifies the request (e.g. a card's last four instead of its number): what is hashed. */
  fingerprint?: (body: unknown) => unknown;
}

/**
 * api.md's Idempotency-Key: within 24 hours the same key from the same staff member for the same request
 * returns the first response (status and body) without running anything again; another request with the
 * key is a 409 IdempotencyKeyReused; the key while its first request runs is a 409 RequestInProgress.
 * A request that died unanswered (its process killed) holds its key until its deadline; then the same request
 * again takes the key over and runs — the command's own state checks (an operation in flight, what is left to
 * capture) keep money from moving twice — unless the dead request had started work no check would refuse a
 * second time (a partial refund, a refund waiting for approval, a command it finished): then the retry is
 * answered 409 Conflict, for staff to look at the payment, and that is the key's answer. An answer that says "try again" (Busy, Unavailable) is not
 * kept: the key is freed for the retry.
 */
export function idempotent(db: Db, options: IdempotencyOptions = {}): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined && options.required) {
      throw invalidArgument({
        'Idempotency-Key':
          'This header is required: send one key per staff action, so that a repeat makes no second payment.',
      });
    }
    if (key === undefined) return next();
    checkIdempotencyKey(key);
    const staffId = staffOf(req).user.id;
    const body = options.fingerprint ? options.fingerprint(req.body) : req.body;
    const hash = requestHash(req.method, req.baseUrl + req.path, body);

    // Stored by the claim's raw SQL, matched by the completion's UPDATE: a token the card-number scrub keeps.
    const token = randomToken();
    const deadlineMs = Number(req.app.locals.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS);
    const claim = await claimIdempotencyKey(db, staffId, key, hash, token, deadlineMs);
    if (!claim.claimed) {
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

    const died = claim.diedRequest;
    if (died && (await workStartedSince(db, staffId, key, died.claimedAt))) {
      const body = errorBody(
        new AppError(
          'Conflict',
          'The first request with this Idempotency-Key stopped before it answered, after it had started its work. Look at the payment (an unknown outcome is reconciled) before sending it again under a new key.',
        ),
      );
      await completeIdempotencyKey(db, staffId, key, token, 409, body);
      res.status(409).json(body);
      return;
    }

    // Keep the first response, whatever it is, before it is sent.
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const code = (body as { code?: ErrorCode } | null)?.code;
      const retry = res.statusCode >= 400 && code !== undefined && RETRY_AFTER_SECONDS[code] !== undefined;
      (retry
        ? releaseIdempotencyKey(db, staffId, key, token)
        : completeIdempotencyKey(db, staffId, key, token, res.statusCode, body)
      ).then(
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

import express, { type RequestHandler } from 'express';
import { AppError, invalidArgument } from './errors.ts';

/** Deeper JSON than any request of the API needs; deeper nesting is refused before anything walks it. */
export const MAX_JSON_DEPTH = 32;
const BODY_LIMIT = '100kb';
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length'] ?? 0);
  return Number.isNaN(length) || length > 0;
}

/**
 * Why a parsed JSON value may not be used, or null: nested deeper than MAX_JSON_DEPTH, or a string (value or
 * key) holding a NUL character, which PostgreSQL's text cannot keep. Walks without recursion.
 */
export function unsafeJsonProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'Must not contain a NUL character.';
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `Must not be nested more than ${MAX_JSON_DEPTH} levels deep.`;
    for (const [key, child] of Object.entries(item)) {
      if (key.includes('\u0000')) return 'Must not contain a NUL character.';
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** Counts JSON nesting in the raw text (outside strings), so a 30,000-deep body is refused unparsed. */
function rawDepthExceeds(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

class TooDeep extends Error {
  readonly type = 'entity.too.deep';
}

/**
 * The API's request bodies, one policy for every command and write (staff API and intake API alike):
 * - a POST, PUT or PATCH with a body must say `Content-Type: application/json` (415 UnsupportedMediaType
 *   otherwise), so a body is never silently left unparsed and its command run with defaults;
 * - a write without a body (no Content-Length, or 0) is `{}`: bodiless commands such as logout keep working;
 * - JSON nested deeper than MAX_JSON_DEPTH, or holding a NUL character in any string, in the body or the
 *   query, is a 400 InvalidArgument.
 */
export function jsonBody(): RequestHandler[] {
  const parse = express.json({
    limit: BODY_LIMIT,
    verify: (_req, _res, raw) => {
      if (rawDepthExceeds(raw, MAX_JSON_DEPTH)) throw new TooDeep('too deep');
    },
  });
  return [
    (req, _res, next) => {
      if (!WRITES.has(req.method) || !hasBody(req.headers)) return next();
      if (req.is('application/json')) return next();
      next(new AppError('UnsupportedMediaType', 'Send the request body as JSON, with Content-Type: application/json.'));
    },
    parse,
    (req, _res, next) => {
      if (req.body === undefined && WRITES.has(req.method)) req.body = {};
      const bodyProblem = req.body === undefined ? null : unsafeJsonProblem(req.body);
      if (bodyProblem) return next(invalidArgument({ body: bodyProblem }));
      const queryProblem = unsafeJsonProblem(req.query);
      if (queryProblem) return next(invalidArgument({ query: queryProblem }));
      next();
    },
  ];
}

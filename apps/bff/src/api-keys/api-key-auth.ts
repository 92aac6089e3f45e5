import type { Request, RequestHandler, Response } from 'express';
import type { Db } from '../db/database.ts';
import type { ApiKeyRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { findLiveApiKey } from './api-keys.repository.ts';

declare global {
  namespace Express {
    interface Locals {
      /** The intake API's caller: its live key, or null when the request has none (looked up once). */
      apiKey?: ApiKeyRow | null;
    }
  }
}

/** The live API key of `Authorization: Bearer <key>`, or null; looked up once per request. */
export async function identifyApiKey(db: Db, req: Request, res: Response): Promise<ApiKeyRow | null> {
  if (res.locals.apiKey !== undefined) return res.locals.apiKey;
  const key = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  res.locals.apiKey = (key && key.length < 200 ? await findLiveApiKey(db, key) : undefined) ?? null;
  return res.locals.apiKey;
}

/** Finds the request's API key, if any, for what follows (the rate limit counts per key). */
export function loadApiKey(db: Db): RequestHandler {
  return async (req, res, next) => {
    await identifyApiKey(db, req, res);
    next();
  };
}

/** Storefronts authenticate with `Authorization: Bearer <key>`. */
export function requireApiKey(db: Db): RequestHandler {
  return async (req, res, next) => {
    if (!(await identifyApiKey(db, req, res))) {
      throw new AppError('Unauthenticated', 'Send a valid API key: Authorization: Bearer <key>.');
    }
    next();
  };
}

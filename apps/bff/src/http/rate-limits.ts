import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, RequestHandler, Response } from 'express';
import {
  type ClientRateLimitInfo,
  type IncrementResponse,
  ipKeyGenerator,
  type Options,
  rateLimit,
  type Store,
} from 'express-rate-limit';
import type { Db } from '../db/database.ts';
import { AppError } from './errors.ts';
import { countHit, deleteHitCount, findHitCount, type HitCount, uncountHit } from './rate-limits.repository.ts';

/** Requests per minute (README, "Configuration"). */
export interface RateLimits {
  /** Password checks per IP address: sign-ins and the current password of a password change. */
  loginPerMinute: number;
  /** Staff API requests per staff member (all their sessions together). */
  apiPerMinute: number;
  /** Intake API (`/api/v1`) requests per API key. */
  intakePerMinute: number;
  /** Requests with no live session or API key, per IP address (every /api route but health). */
  publicPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  loginPerMinute: 20,
  apiPerMinute: 3000,
  intakePerMinute: 1200,
  publicPerMinute: 300,
};

const WINDOW_MS = 60_000;
/** The per-caller limiter's name: its rows' keys start with it. */
const PER_CALLER = 'requests';

/**
 * The per-caller limit's hit of a staff member's request, counted in the statement that finds the request's
 * session (one round trip for both): where it is kept, and its window.
 */
export const staffRequestHit = { keyPrefix: `${PER_CALLER}:staff:`, windowMs: WINDOW_MS };

/** A hit already counted for the request being handled: the store's next increment of its key is it. */
const counted = new AsyncLocalStorage<{ key: string; hit?: HitCount }>();

/** Runs `next` (the rest of the request) knowing that `key`'s hit for this request is already counted. */
export function withCountedHit(key: string, hit: HitCount, next: () => void): void {
  counted.run({ key, hit }, next);
}

/**
 * express-rate-limit's counts, kept in PostgreSQL (or PGlite): every instance of the app counts in the same
 * rows, so a limit holds however many instances share the database, and survives a restart.
 */
export class DatabaseStore implements Store {
  readonly localKeys = false;
  private windowMs = WINDOW_MS;

  constructor(
    private readonly db: Db,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await findHitCount(this.db, this.prefix + key);
    return row && { totalHits: row.hits, resetTime: row.reset_at };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const already = counted.getStore();
    if (already?.hit && already.key === this.prefix + key) {
      const { hits, reset_at } = already.hit;
      already.hit = undefined;
      return { totalHits: hits, resetTime: reset_at };
    }
    const { hits, reset_at } = await countHit(this.db, this.prefix + key, this.windowMs);
    return { totalHits: hits, resetTime: reset_at };
  }

  async decrement(key: string): Promise<void> {
    await uncountHit(this.db, this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await deleteHitCount(this.db, this.prefix + key);
  }
}

/** An address's key: IPv6 addresses count by their /56 network, as express-rate-limit advises. */
const addressKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? '')}`;

/** Who is calling, for the per-caller limit: a staff member, an API key, or (neither) an address. */
function caller(req: Request, res: Response): { key: string; kind: 'staff' | 'intake' | 'public' } {
  if (req.staff) return { key: `staff:${req.staff.user.id}`, kind: 'staff' };
  if (res.locals.apiKey) return { key: `key:${res.locals.apiKey.id}`, kind: 'intake' };
  return { key: addressKey(req), kind: 'public' };
}

function limiter(db: Db, name: string, what: string, options: Pick<Options, 'limit' | 'keyGenerator'>): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    store: new DatabaseStore(db, `${name}:`),
    // express-rate-limit sets Retry-After (the seconds left in the window); the answer is api.md's error.
    handler: (_req, _res, next) =>
      next(new AppError('TooManyRequests', `Too many ${what}. Wait a minute and try again.`)),
    ...options,
  });
}

export interface RateLimiters {
  /** Every request but health's, after its session or API key is known: per staff member, per key or per address. */
  perCaller: RequestHandler;
  /** Password checks (sign-in, password change) per address. */
  passwordChecks: RequestHandler;
}

export function rateLimiters(db: Db, limits: RateLimits): RateLimiters {
  const limitOf = { staff: limits.apiPerMinute, intake: limits.intakePerMinute, public: limits.publicPerMinute };
  return {
    perCaller: limiter(db, PER_CALLER, 'requests', {
      limit: (req, res) => limitOf[caller(req, res).kind],
      keyGenerator: (req, res) => caller(req, res).key,
    }),
    passwordChecks: limiter(db, 'password-checks', 'sign-in attempts', {
      limit: limits.loginPerMinute,
      keyGenerator: (req) => addressKey(req),
    }),
  };
}

import type { ErrorRequestHandler, RequestHandler } from 'express';
import { maskCardNumbersDeep } from '@paydesk/domain';
import type { Logger } from 'pino';
import { sqlState } from '../db/errors.ts';

/** api.md's error codes and their HTTP statuses: the one mapping from an error to a response. */
export const ERROR_STATUS = {
  InvalidArgument: 400,
  Unauthenticated: 401,
  GatewayDeclined: 402,
  Forbidden: 403,
  NotFound: 404,
  InvalidState: 409,
  AuthorizationExpired: 409,
  RequestInProgress: 409,
  IdempotencyKeyReused: 409,
  Conflict: 409,
  Busy: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  AmountExceeded: 422,
  TooManyRequests: 429,
  Internal: 500,
  GatewayUnavailable: 502,
  Unavailable: 503,
} as const;

/** Seconds a client should wait before trying a Busy or Unavailable request again (the Retry-After header). */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = { Busy: 1, Unavailable: 2 };

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorMessage = string | Record<string, string>;

/** An error meant for the client: its code and message are safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: ErrorMessage,
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const invalidArgument = (fields: Record<string, string> | string) => new AppError('InvalidArgument', fields);
export const notFound = (what = 'record') => new AppError('NotFound', `No such ${what}.`);

/** An error as api.md sends it; a card number echoed from the request (a path, a sort field) is masked. */
export function errorBody(error: AppError): { code: ErrorCode; message: ErrorMessage } {
  return { code: error.code, message: maskCardNumbersDeep(error.detail) as ErrorMessage };
}

/** Turns a body-parser failure (malformed JSON, too large) into an AppError. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return invalidArgument('The request body is not valid JSON.');
  if (type === 'entity.too.large') return new AppError('PayloadTooLarge', 'The request body is too large.');
  if (type === 'entity.too.deep') return invalidArgument({ body: 'Is nested too deeply.' });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return invalidArgument('The request body encoding is not supported.');
  }
  return undefined;
}

/**
 * PostgreSQL's data exceptions (class 22: a number out of its column's range, a date it cannot represent, a
 * NUL in text) are input that the checks before the query missed: a 400, never a 500 (the statement
 * failed, so it changed nothing).
 */
function fromDataException(error: unknown): AppError | undefined {
  const state = sqlState(error);
  if (state?.startsWith('22')) return invalidArgument('A value in the request is out of range or malformed.');
  return undefined;
}

/** SQLSTATEs of a server that went away or refused: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg throws when a connection dies, cannot be made, or cannot be had from the pool in time. */
const CONNECTION_FAILURE =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed)|ECONNREFUSED|ECONNRESET|EPIPE/;

/**
 * Turns a database failure that is nobody's fault and worth retrying into an AppError: a row lock not had
 * within the lock timeout (another command holds the record) is Busy; a statement past its timeout, a
 * connection cut, refused or not had from the pool in time is Unavailable. Nothing was committed by the
 * failing statement's transaction in either case.
 */
export function fromDatabase(error: unknown): AppError | undefined {
  const state = sqlState(error);
  if (state === '55P03') {
    return new AppError('Busy', 'Another action on this record is in progress. Try again in a moment.');
  }
  const message = error instanceof Error ? error.message : '';
  if (
    state === '57014' ||
    (state !== undefined && (UNAVAILABLE_STATES.has(state) || state.startsWith('08'))) ||
    CONNECTION_FAILURE.test(message) ||
    (state !== undefined && /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(state))
  ) {
    return new AppError('Unavailable', 'The database is not answering right now. Try again in a moment.');
  }
  return undefined;
}

/** The one error middleware: api.md's `{code, message}`; internals are logged, never sent. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError =
      error instanceof AppError ? error : (fromBodyParser(error) ?? fromDataException(error) ?? fromDatabase(error));
    if (appError) {
      const retryAfter = RETRY_AFTER_SECONDS[appError.code];
      if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
      if (!(error instanceof AppError) && sqlState(error)) (req.log ?? logger).warn({ err: error }, 'database error');
      else if (appError.code === 'Unavailable' && !(error instanceof AppError)) {
        (req.log ?? logger).warn({ err: error }, 'database unavailable');
      }
      res.status(appError.status).json(errorBody(appError));
      return;
    }
    (req.log ?? logger).error({ err: error }, 'unhandled error');
    res.status(500).json({ code: 'Internal', message: 'Something went wrong on our side. It has been logged.' });
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('NotFound', 'No such endpoint.'));
};

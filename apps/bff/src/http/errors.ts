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
  RequestInProgress: 409,
  IdempotencyKeyReused: 409,
  Conflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  AmountExceeded: 422,
  TooManyRequests: 429,
  Internal: 500,
  GatewayUnavailable: 502,
} as const;

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

/** The one error middleware: api.md's `{code, message}`; internals are logged, never sent. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = error instanceof AppError ? error : (fromBodyParser(error) ?? fromDataException(error));
    if (appError) {
      if (!(error instanceof AppError) && sqlState(error)) (req.log ?? logger).warn({ err: error }, 'data exception');
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

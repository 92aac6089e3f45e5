import { HttpError } from 'react-admin';

/**
 * api.md's error body: `{"code": "...", "message": "sentence" | {field: "sentence"}}`.
 * react-admin shows `HttpError.message` in notifications, and sets form field errors from `body.errors`.
 */
export interface ApiErrorBody {
  code: string;
  message: string | Record<string, string>;
}

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && (typeof message === 'string' || (typeof message === 'object' && message !== null));
}

/** "amount: Must be greater than 0. note: Too long." — for places that cannot show errors per field. */
export function joinFieldErrors(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([field, sentence]) => `${field}: ${sentence}`)
    .join(' ');
}

/**
 * Turns a failed response into the HttpError react-admin understands: the sentence as message; a field map
 * both joined into the message and kept as `body.errors` (react-admin forms show those under each input).
 */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof HttpError) || !isApiErrorBody(error.body)) return error;
  const body = error.body;
  if (typeof body.message === 'string') {
    return new HttpError(body.message, error.status, body);
  }
  const fields = Object.fromEntries(
    Object.entries(body.message).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  return new HttpError(joinFieldErrors(fields), error.status, { ...body, errors: fields });
}

/** What a failed write says about one field (the API's sentence for it), or else its message. */
export function fieldErrorText(error: unknown, field: string): string | undefined {
  if (!error) return undefined;
  const fields =
    error instanceof HttpError ? (error.body as { errors?: Record<string, string> } | null)?.errors : undefined;
  return fields?.[field] ?? (error instanceof Error ? error.message : undefined);
}

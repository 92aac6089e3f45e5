import { isCurrencyCode } from '@paydesk/domain';
import { z } from 'zod';
import { AMOUNT_PATTERN, NOTE_MAX, SIGNED_AMOUNT_PATTERN } from './rules.ts';

/** The message for a field that was not sent, and zod's own for any other problem. */
export const required = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'This field is required.' : undefined),
};

/** An amount on the wire: a decimal string in the currency's minor unit ("120.00", "500" for JPY), never a number. */
export const amount = z
  .string()
  .regex(SIGNED_AMOUNT_PATTERN)
  .meta({ description: 'A decimal string in the minor unit of its currency, such as "120.00" or "500" (JPY).' });

export const currencyCode = z
  .string(required)
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'Must be an ISO 4217 currency code, such as "EUR".')
  .meta({ description: 'An ISO 4217 currency code, such as "EUR".' });

/** A moment on the wire: ISO 8601 in UTC. */
export const timestamp = z.iso.datetime().meta({ description: 'ISO 8601, UTC.' });

/**
 * Every error, everywhere: a code (api.md's table) and a sentence, or for invalid fields an object of field →
 * sentence.
 */
export const errorBody = z
  .object({
    code: z.string().meta({ description: 'InvalidArgument, NotFound, InvalidState, Conflict, …' }),
    message: z.union([z.string(), z.record(z.string(), z.string())]),
  })
  .meta({ id: 'Error' });

export { AMOUNT_PATTERN, NOTE_MAX, SIGNED_AMOUNT_PATTERN } from './rules.ts';

/** The largest id a record may have (PostgreSQL's integer). */
export const ID_MAX = 2_147_483_647;

/** An amount in a command's body: a decimal string, such as "80.00". */
export const amountInput = z
  .string({ error: 'Send the amount as a decimal string, such as "80.00".' })
  .trim()
  .regex(AMOUNT_PATTERN, 'Must be a decimal amount, such as "80.00".');

/** An optional note on a command. */
export const optionalNote = z.string().trim().max(NOTE_MAX, 'Must be at most 2,000 characters.').optional();

/** A record's id. */
export const recordId = z.number().int().positive();

/** A moment that may not have happened yet (or never will). */
export const nullableTimestamp = timestamp.nullable();

/** A JSON object with fields of its own (a gateway's parameters, a method's preferences). */
export const jsonObject = z.record(z.string(), z.unknown());

import { isCurrencyCode } from '@paydesk/domain';
import { z } from 'zod';

/** The message for a field that was not sent, and zod's own for any other problem. */
export const required = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'This field is required.' : undefined),
};

/** An amount on the wire: a decimal string in the currency's minor unit ("120.00", "500" for JPY), never a number. */
export const amount = z
  .string()
  .regex(/^-?\d{1,16}(\.\d{1,4})?$/)
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

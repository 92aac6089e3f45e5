import { z } from 'zod';
import { invalidArgument } from './errors.ts';

/** Parses input with a zod schema; failures become 400 InvalidArgument with one sentence per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidArgument(fieldErrors(result.error));
}

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : 'body';
    fields[key] ??= sentence(issue);
  }
  return fields;
}

function sentence(issue: z.core.$ZodIssue): string {
  // zod's own sentence for a missing field ends "received undefined"; schemas' own sentences are kept.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'This field is required.';
  if (issue.code === 'unrecognized_keys')
    return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  const message = issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A positive integer id from a path parameter; anything else is a 404 (no such record). */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);

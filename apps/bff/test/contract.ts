import { OPERATIONS } from '@paydesk/contract';
import { expect } from 'vitest';

/** The contract's operation for a request: its method and the path template its URL fills in. */
function operationFor(method: string, url: string) {
  const path = new URL(url, 'http://paydesk').pathname;
  // A literal segment wins over a parameter: `/api/payments/export.csv` before `/api/payments/{id}`.
  const params = (op: (typeof OPERATIONS)[number]) => op.path.split('{').length;
  return OPERATIONS.filter(
    (op) => op.method === method.toLowerCase() && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  ).sort((a, b) => params(a) - params(b))[0];
}

/**
 * A real answer of the API checked against the contract (packages/contract, what /api/openapi.json publishes):
 * its status is one the operation documents, and its body has that status's shape.
 */
export function expectMatchesContract(method: string, url: string, status: number, body: unknown): void {
  const op = operationFor(method, url);
  expect(op, `${method} ${url} is in the contract`).toBeDefined();
  const response = op!.responses[status];
  expect(response, `${method} ${url} documents ${status}`).toBeDefined();
  if (!response!.schema) return;
  const parsed = response!.schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, `${method} ${url} ${status} matches the contract`).toEqual([]);
}

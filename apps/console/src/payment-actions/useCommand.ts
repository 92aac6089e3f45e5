import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { HttpError, useDataProvider } from 'react-admin';
import type { BulkCaptureResult, PaydeskDataProvider } from '../dataProvider.ts';
import { useIdempotencyKey } from './idempotency.ts';
import type { Message } from './amount.ts';

/** Everything a payment command can change: the payment, its log entries, refunds (and approvals), audit events, its order. */
const AFFECTED_RESOURCES = new Set([
  'payments',
  'fraud-reviews',
  'log-entries',
  'refunds',
  'refund-approvals',
  'orders',
  'audit-events',
]);

/** Refetches what a command may have changed (react-admin's query keys start with the resource name). */
export function refreshPaymentData(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => AFFECTED_RESOURCES.has(String(query.queryKey[0])) });
}

export interface CommandOptions {
  /**
   * Refetch the affected data once the server has answered (default), whatever the answer: a declined
   * capture leaves the payment rejected, a timeout leaves it in error. `false` leaves it to the caller.
   */
  refresh?: boolean;
}

/**
 * One staff command through the dataProvider, with TanStack Query's useMutation: never optimistic — nothing
 * changes on screen until the server has answered. Every attempt carries the action's Idempotency-Key (the
 * same one for a retry of the same request), and a second submit while one is in flight is ignored.
 */
export function useCommand<TBody, TResult>(
  send: (dataProvider: PaydeskDataProvider, body: TBody, idempotencyKey: string) => Promise<TResult>,
  { refresh = true }: CommandOptions = {},
) {
  const dataProvider = useDataProvider<PaydeskDataProvider>();
  const queryClient = useQueryClient();
  const keyFor = useIdempotencyKey();
  const inFlight = useRef(false);
  const onSuccess = useRef<((result: TResult) => void) | undefined>(undefined);
  const mutation = useMutation<TResult, unknown, { body: TBody; key: string }>({
    mutationFn: async ({ body, key }) => {
      const result = await send(dataProvider, body, key);
      // useDataProvider answers `{data: {}}` instead of failing when a 401 signed the staff member out.
      if (isSignedOutAnswer(result)) throw new SignedOutError();
      return result;
    },
    // The caller hears of success once the page shows the payment as it now stands. Called here, not through
    // mutate's own callbacks, which TanStack Query drops when the refetch unmounts the component that asked
    // (an approved refund leaves the inbox, and its row with it).
    onSettled: async (result, error) => {
      if (refresh) await refreshPaymentData(queryClient);
      inFlight.current = false;
      if (error === null) onSuccess.current?.(result as TResult);
    },
  });
  const { mutate } = mutation;

  const submit = useCallback(
    (body: TBody, callbacks: { onSuccess?: (result: TResult) => void } = {}) => {
      if (inFlight.current) return;
      inFlight.current = true;
      onSuccess.current = callbacks.onSuccess;
      mutate({ body, key: keyFor(body) });
    },
    [mutate, keyFor],
  );

  return { submit, isPending: mutation.isPending, error: mutation.error, reset: mutation.reset, data: mutation.data };
}

/** The session ended (401): react-admin signs the staff member out; the server ran nothing. */
export class SignedOutError extends Error {
  constructor() {
    super('Signed out');
    this.name = 'SignedOutError';
  }
}

/** react-admin's stand-in answer after a sign-out: `{data: {}}` or `{data: []}`, never a payment. */
function isSignedOutAnswer(result: unknown): boolean {
  return (
    typeof result === 'object' && result !== null && !Array.isArray(result) && 'data' in result && !('id' in result)
  );
}

/** What the dialog shows for a failed command: an optional title, the sentence, and errors per field. */
export interface CommandErrorView {
  title?: Message;
  /** The API's sentence (shown as it is), or an i18n message. */
  message: string | Message | null;
  fields: Record<string, string>;
}

/**
 * api.md's errors as the dialog shows them: a decline (402) with the gateway's own message, a timeout (502)
 * with the server's sentence, field errors under the fields the dialog has (the others in the sentence), and
 * no answer at all as "the outcome is not known: try again" (the retry reuses the key).
 */
export function describeCommandError(error: unknown, fieldsShown: readonly string[] = []): CommandErrorView {
  if (error instanceof SignedOutError) {
    return { message: { key: 'paydesk.payment_actions.errors.signed_out' }, fields: {} };
  }
  if (!(error instanceof HttpError)) {
    // fetch itself failed: no answer, so no idea whether the command ran.
    return { message: { key: 'paydesk.payment_actions.errors.network' }, fields: {} };
  }
  const body = (error.body ?? {}) as { code?: string; errors?: Record<string, string> };
  const title =
    body.code === 'GatewayDeclined'
      ? { key: 'paydesk.payment_actions.errors.declined' }
      : body.code === 'GatewayUnavailable'
        ? { key: 'paydesk.payment_actions.errors.unavailable' }
        : undefined;
  if (body.errors && typeof body.errors === 'object') {
    const fields: Record<string, string> = {};
    const rest: string[] = [];
    for (const [field, sentence] of Object.entries(body.errors)) {
      if (fieldsShown.includes(field)) fields[field] = sentence;
      else rest.push(`${field}: ${sentence}`);
    }
    return { title, message: rest.length ? rest.join(' ') : null, fields };
  }
  return { title, message: error.message || { key: 'paydesk.payment_actions.errors.unknown' }, fields: {} };
}

/** Why one payment of a bulk command was not done: the API's sentence, its field messages, or its code. */
export function bulkFailureMessage(result: BulkCaptureResult): string {
  const message = result.error?.message;
  if (typeof message === 'string') return message;
  if (message && typeof message === 'object') return Object.values(message).join(' ');
  return result.error?.code ?? '';
}

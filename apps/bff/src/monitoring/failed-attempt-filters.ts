import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { invalidArgument } from '../http/errors.ts';
import type { FilterSpec } from '../http/list-query.ts';

/**
 * The payments list's drill-down from monitoring: payments with a failed authorize or purchase attempt
 * (a log entry with success = false) in [failed_attempt_from, failed_attempt_to), optionally with a
 * gateway message and error code. Each key is an EXISTS on the payment's log entries
 * (log_entries_failed_attempts_idx, log_entries_payment_id_idx).
 *
 * failed_operation* keys do the same for capture, void and refund calls (a payment may make several of
 * those, so together they may describe different calls of one payment).
 *
 * Each key is its own EXISTS, so together they describe one attempt because a payment makes one
 * authorize or purchase call: trying again makes a new payment (as Solidus does, and as the demo data's
 * two-payment orders show). The counts of GET /api/monitoring/alerts (`failed_payments`) are what these
 * filters list.
 */

type AnyEb = ExpressionBuilder<any, any>;

const FAILED_ATTEMPT = sql<SqlBool>`failed_attempt.action IN ('authorize', 'purchase') AND NOT failed_attempt.success`;
const FAILED_OPERATION = sql<SqlBool>`failed_attempt.action IN ('capture', 'void', 'refund') AND NOT failed_attempt.success`;

function failedAttemptWhere(constraint: (eb: AnyEb) => Expression<SqlBool>, failed = FAILED_ATTEMPT) {
  return (eb: AnyEb): Expression<SqlBool> =>
    eb.exists(
      eb
        .selectFrom('log_entries as failed_attempt')
        .select(sql.lit(1).as('one'))
        .whereRef('failed_attempt.payment_id', '=', 'payments.id')
        .where(failed)
        .where(constraint),
    );
}

function at(key: string, op: '>=' | '<', failed = FAILED_ATTEMPT): FilterSpec {
  return {
    type: 'search',
    condition: (value) => {
      const time = new Date(value);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time.getTime())) {
        throw invalidArgument({ [`filter.${key}`]: 'Must be an ISO 8601 time, such as "2026-11-20T14:05:00.000Z".' });
      }
      return failedAttemptWhere((eb) => eb('failed_attempt.created_at', op, time), failed);
    },
  };
}

function equals(column: 'message' | 'error_code'): FilterSpec {
  return {
    type: 'search',
    condition: (value) => failedAttemptWhere((eb) => eb(`failed_attempt.${column}`, '=', value)),
  };
}

/** Filter keys for `paymentFilters` (payments.repository.ts). */
export const failedAttemptFilters = {
  /** A failed attempt at or after this time. */
  failed_attempt_from: at('failed_attempt_from', '>='),
  /** A failed attempt before this time. */
  failed_attempt_to: at('failed_attempt_to', '<'),
  /** A failed attempt with this gateway message. */
  failed_attempt_message: equals('message'),
  /** A failed attempt with this error code. */
  failed_attempt_error_code: equals('error_code'),
  /** A failed attempt of this kind (monitoring_failure_kind of its error code): decline, technical or fraud. */
  failed_attempt_kind: {
    type: 'choice',
    values: ['decline', 'technical', 'fraud'],
    condition: (value) =>
      failedAttemptWhere(() => sql<SqlBool>`monitoring_failure_kind(failed_attempt.error_code) = ${value}`),
  },
  /** A failed money operation of this action: capture, void or refund. */
  failed_operation: {
    type: 'choice',
    values: ['capture', 'void', 'refund'],
    condition: (value) => failedAttemptWhere((eb) => eb('failed_attempt.action', '=', value), FAILED_OPERATION),
  },
  /** A failed money operation at or after this time. */
  failed_operation_from: at('failed_operation_from', '>=', FAILED_OPERATION),
  /** A failed money operation before this time. */
  failed_operation_to: at('failed_operation_to', '<', FAILED_OPERATION),
} satisfies Record<string, FilterSpec>;

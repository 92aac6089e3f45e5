import { formatAmount } from '@paydesk/domain';
import type { CaptureRunRow } from '../db/schema.ts';
import type { CsvColumns } from '../http/csv-export.ts';
import type { CaptureRunItemWithPayment, RunCounts } from './capture-runs.repository.ts';

const amounts = (byCurrency: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(byCurrency)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => [currency, formatAmount(amount, currency)]),
  );

/** A run as the API sends it: a finished run's counts are kept on it, a running one's counted from its items. */
export function captureRunToWire(run: CaptureRunRow, counts: RunCounts | undefined) {
  const finished = run.finished_at !== null;
  const captured = finished ? (run.captured ?? 0) : (counts?.captured ?? 0);
  const failed = finished ? (run.failed ?? 0) : (counts?.failed ?? 0);
  const skipped = finished ? (run.skipped ?? 0) : (counts?.skipped ?? 0);
  return {
    id: run.id,
    status: run.status,
    total: run.total,
    captured,
    failed,
    skipped,
    in_flight: finished ? 0 : (counts?.in_flight ?? 0),
    remaining: run.total - captured - failed - skipped,
    captured_amounts: amounts(finished ? (run.captured_amounts ?? {}) : (counts?.captured_amounts ?? {})),
    selection: run.selection,
    retry_of: run.retry_of,
    payment_method_ids: run.method_ids,
    created_by: run.created_by,
    created_at: run.created_at,
    started_at: run.started_at,
    finished_at: run.finished_at,
    canceled_by: run.canceled_by,
    canceled_at: run.canceled_at,
  };
}

export function captureRunItemToWire(item: CaptureRunItemWithPayment) {
  return {
    id: item.id,
    run_id: item.run_id,
    payment_id: item.payment_id,
    payment_identifier: item.payment_identifier,
    payment_method_id: item.payment_method_id,
    currency: item.currency,
    amount: formatAmount(item.amount, item.currency),
    outcome: item.status,
    exclusion: item.exclusion,
    error_code: item.error_code,
    error_message: item.error_message,
    captured_amount: item.captured_amount === null ? null : formatAmount(item.captured_amount, item.currency),
    gateway_duration_ms: item.gateway_duration_ms,
    started_at: item.started_at,
    finished_at: item.finished_at,
  };
}

/** A run's CSV (`GET /api/capture-runs/:id/items.csv`). */
export const CAPTURE_RUN_ITEM_CSV_COLUMNS: CsvColumns = {
  payment_id: 'number',
  payment_identifier: 'text',
  currency: 'text',
  amount: 'amount',
  outcome: 'text',
  exclusion: 'text',
  error_code: 'text',
  error_message: 'text',
  captured_amount: 'amount',
  gateway_duration_ms: 'number',
  started_at: 'time',
  finished_at: 'time',
};

import { formatAmount, Money } from '@paydesk/domain';
import type { Logger } from 'pino';
import { captureRunIdsSelection, captureRunSelection } from '@paydesk/contract';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import type { Db } from '../db/database.ts';
import type { CaptureRunRow } from '../db/schema.ts';
import { AppError, invalidArgument, notFound } from '../http/errors.ts';
import { parseListQuery, type Condition } from '../http/list-query.ts';
import { parseInput } from '../http/validate.ts';
import type { CommandContext, CommandDeps } from '../payments/payment-commands.ts';
import { CaptureRunner } from './capture-runner.ts';
import { paymentListSpec } from '../payments/payments.repository.ts';
import {
  cancelCaptureRun,
  countItems,
  EXCLUSIONS,
  EXPIRING_SOON_HOURS,
  existingPaymentIds,
  failedPaymentIds,
  findCaptureRun,
  insertCaptureRun,
  previewRows,
  runItemOutcomes,
  type Exclusion,
  type Selection,
} from './capture-runs.repository.ts';
import { captureRunToWire } from './capture-run.wire.ts';

/** Reads a run's selection: ids as given, or a payments-list filter checked like the list's own. */
export function parseSelection(body: unknown): { selection: Selection; conditions: Condition[] } {
  const raw = body as Record<string, unknown> | undefined;
  // One sentence for the field at fault, not zod's "no union member matched".
  if (raw && typeof raw === 'object' && 'ids' in raw && !('filter' in raw)) {
    return { selection: parseInput(captureRunIdsSelection, raw), conditions: [] };
  }
  const selection = parseInput(captureRunSelection, body ?? {});
  if ('ids' in selection) return { selection, conditions: [] };
  const query = parseListQuery(paymentListSpec, { filter: JSON.stringify(selection.filter) });
  return { selection, conditions: query.conditions };
}

async function ensurePaymentsExist(db: Db, selection: Selection) {
  if (!('ids' in selection)) return;
  const found = await existingPaymentIds(db, selection.ids);
  const missing = selection.ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ');
    throw invalidArgument({
      ids: `No such payment${missing.length > 1 ? 's' : ''}: ${shown}${missing.length > 10 ? ', …' : ''}.`,
    });
  }
}

const sum = (amounts: string[], currency: string) =>
  amounts.reduce(
    (total, amount) => total.plus(Money.of(formatAmount(amount, currency), currency)),
    Money.zero(currency),
  );

/** What a run of this selection would do now, without doing it. */
export async function previewCaptureRun(db: Db, body: unknown) {
  const { selection, conditions } = parseSelection(body);
  await ensurePaymentsExist(db, selection);
  const rows = await previewRows(db, selection, conditions);
  const currencies = [...new Set(rows.map((row) => row.currency))];
  const byCurrency = currencies.map((currency) => {
    const capturable = rows.filter((row) => row.currency === currency && row.exclusion === null);
    return {
      currency,
      count: capturable.reduce((n, row) => n + row.count, 0),
      amount: sum(
        capturable.map((row) => row.amount),
        currency,
      ).toString(),
      expiring_soon: capturable.reduce((n, row) => n + row.expiring_soon, 0),
    };
  });
  const exclusions = EXCLUSIONS.map((reason: Exclusion) => {
    const excluded = rows.filter((row) => row.exclusion === reason);
    return { reason, count: excluded.reduce((n, row) => n + row.count, 0) };
  });
  return {
    matched: rows.reduce((n, row) => n + row.count, 0),
    capturable: byCurrency.reduce((n, row) => n + row.count, 0),
    expiring_soon: byCurrency.reduce((n, row) => n + row.expiring_soon, 0),
    expiring_soon_hours: EXPIRING_SOON_HOURS,
    by_currency: byCurrency.filter((row) => row.count > 0),
    exclusions,
  };
}

export async function runToWire(db: Db, run: CaptureRunRow) {
  const counts = run.finished_at ? undefined : (await countItems(db, [run.id])).get(run.id);
  return captureRunToWire(run, counts);
}

/** Makes a run: its payments fixed now, its creation audited in the same transaction. */
export async function createCaptureRun(
  db: Db,
  ctx: CommandContext,
  parsed: { selection: Selection; conditions: Condition[] },
  retryOf: number | null = null,
): Promise<CaptureRunRow> {
  await ensurePaymentsExist(db, parsed.selection);
  const run = await db.transaction().execute(async (tx) => {
    const created = await insertCaptureRun(
      tx,
      {
        selection: parsed.selection,
        created_by: ctx.staff.id,
        created_ip: ctx.ip,
        created_user_agent: ctx.userAgent,
        retry_of: retryOf,
      },
      parsed.conditions,
    );
    if (created.total === 0) {
      throw invalidArgument({ filter: 'No authorization matches this filter: there is nothing to capture.' });
    }
    await recordAuditEvent(tx, {
      staff_user_id: ctx.staff.id,
      action: 'capture-runs.create',
      resource: 'capture-runs',
      record_id: String(created.id),
      outcome: 'succeeded',
      note: retryOf
        ? `Retry of the failed payments of run ${retryOf}; ${created.total} payments`
        : `${created.total} payments`,
      idempotency_key: ctx.idempotencyKey,
      ip: ctx.ip,
      user_agent: ctx.userAgent,
    });
    return created;
  });
  wakeRunners();
  return run;
}

/** A new run of a run's failed payments. */
export async function retryFailed(db: Db, ctx: CommandContext, runId: number): Promise<CaptureRunRow> {
  const run = await findCaptureRun(db, runId);
  if (!run) throw notFound('capture run');
  const failed = await failedPaymentIds(db, runId);
  if (failed.length === 0) throw new AppError('InvalidState', 'This run has no failed payments to retry.');
  return createCaptureRun(db, ctx, { selection: { ids: failed }, conditions: [] }, runId);
}

/** Stops a run taking new items; captures already at the gateway finish and are recorded. Audited. */
export async function cancelRun(db: Db, ctx: CommandContext, runId: number): Promise<CaptureRunRow> {
  const audit = (outcome: 'succeeded' | 'refused', reason: string | null) => ({
    staff_user_id: ctx.staff.id,
    action: 'capture-runs.cancel',
    resource: 'capture-runs',
    record_id: String(runId),
    outcome,
    reason,
    idempotency_key: ctx.idempotencyKey,
    ip: ctx.ip,
    user_agent: ctx.userAgent,
  });
  const canceled = await db.transaction().execute(async (tx) => {
    if (!(await findCaptureRun(tx, runId))) throw notFound('capture run');
    const done = await cancelCaptureRun(tx, runId, ctx.staff.id);
    if (done) await recordAuditEvent(tx, audit('succeeded', null));
    return done;
  });
  if (!canceled) {
    const error = new AppError('InvalidState', 'This run has already ended.');
    await recordAuditEvent(db, audit('refused', `${error.code}: ${error.message}`));
    throw error;
  }
  wakeRunners();
  return (await findCaptureRun(db, runId))!;
}

/**
 * `POST /api/payments/bulk-capture`: a run of these payments, worked and waited for by the request itself
 * (other instances' runners may help), answered as before — one `{id, ok, payment?, error?}` per id.
 */
export async function bulkCapture(deps: CommandDeps, logger: Logger, ctx: CommandContext, ids: number[]) {
  const existing = await existingPaymentIds(deps.db, ids);
  const outcomes = new Map<number, { status: string; error_code: string | null; error_message: string | null }>();
  if (existing.size > 0) {
    const run = await createCaptureRun(deps.db, ctx, {
      selection: { ids: ids.filter((id) => existing.has(id)) },
      conditions: [],
    });
    const runner = new CaptureRunner({ ...deps, logger, onlyRun: run.id, pollMs: 50 });
    runner.start();
    try {
      await runner.drain(run.id);
    } finally {
      await runner.stop();
    }
    for (const item of await runItemOutcomes(deps.db, run.id)) outcomes.set(item.payment_id, item);
  }
  return ids.map((id) => {
    const item = outcomes.get(id);
    if (!item) return { id, ok: false as const, error: { code: 'NotFound', message: 'No such payment.' } };
    if (item.status === 'captured') return { id, ok: true as const };
    return { id, ok: false as const, error: { code: item.error_code, message: item.error_message } };
  });
}

/** The runners of this process, woken when a run is made or canceled (others find it at their next poll). */
const runners = new Set<{ wake(): void }>();
export function registerRunner(runner: { wake(): void }): () => void {
  runners.add(runner);
  return () => runners.delete(runner);
}
function wakeRunners() {
  for (const runner of runners) runner.wake();
}

import type { Logger } from 'pino';
import { randomToken } from '../db/card-number-plugin.ts';
import { inLane } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import {
  capturePayment,
  failureFor,
  type CommandContext,
  type CommandDeps,
  type RecordAnswer,
} from '../payments/payment-commands.ts';
import { findPayment } from '../payments/payments.repository.ts';
import { reconcilePayment } from '../reconciliation/reconciler.ts';
import {
  activeRuns,
  claimItems,
  concurrencyLimits,
  finishRunIfDone,
  hasGatewayTrace,
  recordItem,
  renewLeases,
  requeueItem,
  runOrigin,
  takeOrphanedItems,
  type ClaimedItem,
  type HandOff,
  type ItemOutcome,
  type OrphanedItem,
} from './capture-runs.repository.ts';

export interface RunnerOptions extends CommandDeps {
  logger: Logger;
  /** How long an item in flight is held for this runner without a renewal; renewed every third of it. */
  leaseSeconds?: number;
  /** How often to look for work when there is none. */
  pollMs?: number;
  /** How many items one claim takes at most. */
  batchSize?: number;
  /** Works this run only (a request that waits for its own run). */
  onlyRun?: number;
}

/** The item's capture: it is its own command, audited as the run's creator, with a key naming the run. */
export function itemContext(
  origin: { staff: CommandContext['staff']; ip: string | null; userAgent: string | null },
  item: { run_id: number; payment_id: number },
): CommandContext {
  return { ...origin, idempotencyKey: `capture-run-${item.run_id}-payment-${item.payment_id}` };
}

const captured: ItemOutcome = { status: 'captured', error_code: null, error_message: null };

/** What an item records when its capture was refused or failed. */
export function outcomeOf(error: AppError): ItemOutcome {
  const failed = error.code === 'GatewayDeclined' || error.code === 'GatewayUnavailable';
  return {
    status: failed ? 'failed' : 'skipped',
    error_code: error.code,
    error_message: typeof error.detail === 'string' ? error.detail : JSON.stringify(error.detail),
  };
}

/**
 * Works capture runs: every BFF instance runs one, and they share the work through the items table. For
 * each payment method with queued items it keeps up to the method's max_concurrency captures in flight
 * (counted across every instance), each one `capturePayment` — its own claim, gateway call and record, its
 * own operation key and audit event — then records the item's outcome. An item in flight whose lease ended
 * (its instance died) is looked at again: its payment is reconciled if the call's outcome is unknown, and the
 * item records what the payment shows; capture is never called twice for one item.
 */
export class CaptureRunner {
  /** Its claims' owner: a token the card-number scrub never changes (randomToken), matched alike in any statement. */
  readonly id = randomToken('capture-runner');
  private readonly inFlight = new Map<number, number>();
  private readonly limits = new Map<number, number>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly origins = new Map<number, Promise<Omit<CommandContext, 'idempotencyKey'> | undefined>>();
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private again = false;
  private lastOrphanCheck = 0;

  constructor(private readonly options: RunnerOptions) {}

  private get leaseSeconds() {
    return this.options.leaseSeconds ?? 60;
  }

  start(): void {
    this.stopped = false;
    this.renewTimer = setInterval(
      () => {
        if (this.tasks.size === 0) return;
        renewLeases(this.options.db, this.id, this.leaseSeconds).catch((error: unknown) =>
          this.options.logger.error({ err: error }, 'could not renew capture run leases'),
        );
      },
      Math.max(100, (this.leaseSeconds * 1000) / 3),
    );
    this.wake();
  }

  /** Stops taking items; the captures in flight finish and are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pumping;
    await Promise.allSettled([...this.tasks]);
    clearInterval(this.renewTimer);
  }

  /** Looks for work now (a run was just made, or a slot came free). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    // The runner's database work, and the captures it starts, on a lane of their own (see `runsPoolSize`).
    this.pumping = inLane('runs', () => this.pump())
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'capture runner failed'))
      .finally(() => {
        this.pumping = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else if (!this.stopped) {
          this.timer = setTimeout(() => this.wake(), this.options.pollMs ?? 1000);
        }
      });
  }

  /** Resolves when no run is left unfinished (for tests and the bulk capture that waits for its run). */
  async drain(runId?: number, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const runs = await activeRuns(this.options.db);
      if (!runs.some((run) => runId === undefined || run.id === runId)) return;
      if (Date.now() > deadline) throw new Error('The capture runs did not finish in time.');
      this.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async pump(): Promise<void> {
    const { db } = this.options;
    if (Date.now() - this.lastOrphanCheck > (this.leaseSeconds * 1000) / 2) {
      this.lastOrphanCheck = Date.now();
      await this.examineOrphans();
    }
    const { onlyRun } = this.options;
    const active = await activeRuns(db);
    // A finished run's origin is not needed again: a runner lives as long as its process, across many runs.
    for (const id of this.origins.keys()) if (!active.some((run) => run.id === id)) this.origins.delete(id);
    const runs = active.filter((run) => onlyRun === undefined || run.id === onlyRun);
    if (runs.length === 0) return;
    const methods = [...new Set(runs.flatMap((run) => run.method_ids))];
    const unknown = methods.filter((id) => !this.limits.has(id));
    for (const [id, limit] of await concurrencyLimits(db, unknown)) this.limits.set(id, limit);
    const claimable = runs.filter((run) => run.status !== 'canceled').map((run) => run.id);
    let claimedAny = false;
    for (const methodId of methods) {
      if (this.stopped || claimable.length === 0) break;
      const limit = this.limits.get(methodId) ?? 0;
      const busy = this.inFlight.get(methodId) ?? 0;
      const free = limit - busy;
      // Slots free only when an item found nothing to hand on to (or at the start): fill them all at once.
      if (free <= 0) continue;
      const { items, limit: current } = await claimItems(
        db,
        this.id,
        methodId,
        claimable,
        Math.min(free, this.options.batchSize ?? 64),
        this.leaseSeconds,
      );
      this.limits.set(methodId, current);
      for (const item of items) this.startItem(methodId, item);
      if (items.length > 0) claimedAny = true;
    }
    if (!claimedAny && this.tasks.size === 0) {
      // Nothing left to take here: end the runs that have nothing queued or in flight.
      for (const run of runs) await finishRunIfDone(db, run.id);
    }
  }

  private origin(runId: number) {
    let origin = this.origins.get(runId);
    if (!origin) {
      origin = runOrigin(this.options.db, runId).then((row) => {
        if (!row) return undefined;
        const { created_ip, created_user_agent, ...staff } = row;
        return { staff, ip: created_ip, userAgent: created_user_agent };
      });
      this.origins.set(runId, origin);
    }
    return origin;
  }

  /** An item in flight, and then — for as long as each one hands its slot on — the items that follow it. */
  private startItem(methodId: number, item: ClaimedItem): void {
    this.inFlight.set(methodId, (this.inFlight.get(methodId) ?? 0) + 1);
    const task = (async () => {
      for (let next: ClaimedItem | undefined = item; next; ) {
        const current: ClaimedItem = next;
        next = await this.captureItem(methodId, current).catch((error: unknown) => {
          // The item stays in flight: when its lease ends it is looked at again from what its payment shows.
          this.options.logger.error({ err: error, item: current.id }, 'capture run item could not be recorded');
          return undefined;
        });
      }
    })().finally(() => {
      this.inFlight.set(methodId, (this.inFlight.get(methodId) ?? 1) - 1);
      this.tasks.delete(task);
      this.wake();
    });
    this.tasks.add(task);
  }

  /** Whether an item that ends may hand its slot to the next one: not when stopping or above the method's limit. */
  private handOff(methodId: number): HandOff | undefined {
    if (this.stopped) return undefined;
    if ((this.inFlight.get(methodId) ?? 0) > (this.limits.get(methodId) ?? 0)) return undefined;
    return { runnerId: this.id, methodId, leaseSeconds: this.leaseSeconds, onlyRun: this.options.onlyRun };
  }

  /**
   * Captures an item's payment and records the item — in the transaction that records the gateway's answer,
   * when there is one — taking the next item in its place. Returns that next item.
   */
  private async captureItem(methodId: number, item: ClaimedItem): Promise<ClaimedItem | undefined> {
    const origin = await this.origin(item.run_id);
    if (!origin) return undefined;
    const { db } = this.options;
    let handed: Awaited<ReturnType<typeof recordItem>> | undefined;
    const recorded: RecordAnswer = async (tx, { response, durationMs }) => {
      const failure = failureFor(response);
      const outcome = failure ? outcomeOf(failure) : captured;
      handed = await recordItem(tx, item.id, outcome, { durationMs, handOff: this.handOff(methodId) });
    };
    let outcome: ItemOutcome = captured;
    try {
      await capturePayment(this.options, { ...itemContext(origin, item), recorded }, item.payment_id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcome = outcomeOf(error);
    }
    // Refused before any gateway call, or an answer that no longer applied: recorded on its own — as captured
    // only if the payment shows it.
    if (!handed && outcome.status === 'captured') {
      const payment = await findPayment(db, item.payment_id);
      if (!payment || payment.operation !== null || !['confirmed', 'refunded'].includes(payment.status)) {
        outcome = {
          status: 'failed',
          error_code: 'GatewayUnavailable',
          error_message: 'The gateway’s answer could not be applied to the payment; it is left to reconciliation.',
        };
      }
    }
    handed ??= await recordItem(db, item.id, outcome, { handOff: this.handOff(methodId) });
    if (handed.limit !== undefined) this.limits.set(methodId, handed.limit);
    return handed.next;
  }

  /**
   * Items whose runner died mid-capture. A payment whose capture is still in flight or unknown is reconciled
   * (when the reconciler judges it stuck or in error; until then the item waits); the item then records what
   * the payment shows. Only an item whose capture left no trace at all — no claim on the payment, no gateway
   * call logged — is queued again.
   */
  private async examineOrphans(): Promise<void> {
    const orphans = await takeOrphanedItems(this.options.db, this.id, 50, this.leaseSeconds);
    for (const orphan of orphans) {
      try {
        await this.examine(orphan);
      } catch (error) {
        this.options.logger.error({ err: error, item: orphan.id }, 'could not examine an interrupted capture');
      }
    }
  }

  private async examine(orphan: OrphanedItem): Promise<void> {
    const { db } = this.options;
    let payment = await findPayment(db, orphan.payment_id);
    if (!payment) return;
    if (payment.operation !== null) {
      await reconcilePayment(this.options, orphan.payment_id);
      payment = (await findPayment(db, orphan.payment_id))!;
      // Not settled yet (too recent to be judged stuck, or the gateway cannot say): looked at again later.
      if (payment.operation !== null) return;
    }
    if (!(await hasGatewayTrace(db, orphan.payment_id, orphan.started_at))) {
      if (payment.status === 'preauth') {
        await requeueItem(db, orphan.id);
        return;
      }
      await recordItem(db, orphan.id, {
        status: 'skipped',
        error_code: 'InvalidState',
        error_message: `The payment became ${payment.status} before this run captured it.`,
      });
      return;
    }
    const interrupted = 'Recorded from the payment after the capture was interrupted';
    if (payment.status === 'confirmed' || payment.status === 'refunded') {
      await recordItem(db, orphan.id, { status: 'captured', error_code: null, error_message: null });
    } else if (payment.status === 'rejected') {
      await recordItem(db, orphan.id, {
        status: 'failed',
        error_code: 'GatewayDeclined',
        error_message: `${payment.message} (${interrupted.toLowerCase()})`,
      });
    } else {
      await recordItem(db, orphan.id, {
        status: 'failed',
        error_code: 'GatewayUnavailable',
        error_message: `${payment.message} (${interrupted.toLowerCase()})`,
      });
    }
  }
}

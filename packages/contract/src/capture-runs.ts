import { z } from 'zod';
import { amount, ID_MAX, nullableTimestamp, recordId, timestamp } from './common.ts';

/** The staff API's capture runs (`/api/capture-runs`): many authorizations captured in the background. */

/** At most this many ids in one request (a filter has no such limit). */
export const CAPTURE_RUN_MAX_IDS = 10_000;

export const CAPTURE_RUN_EXCLUSIONS = [
  'not_preauth',
  'operation_in_flight',
  'fraud_review',
  'authorization_expired',
] as const;

export const captureRunExclusion = z.enum(CAPTURE_RUN_EXCLUSIONS);

const ids = z
  .array(z.number().int().positive().max(ID_MAX))
  .min(1, 'Select at least one payment.')
  .max(CAPTURE_RUN_MAX_IDS, `Name at most ${CAPTURE_RUN_MAX_IDS.toLocaleString('en')} payments; use a filter for more.`)
  .refine((list) => new Set(list).size === list.length, 'Each payment may appear once.');

export const captureRunIdsSelection = z.object({ ids }).strict();

/** What a run captures: these payments, or the authorizations a payments-list filter matches. */
export const captureRunSelection = z
  .union(
    [
      captureRunIdsSelection,
      z.object({ filter: z.record(z.string(), z.unknown(), { error: 'Send the filter as an object.' }) }).strict(),
    ],
    { error: 'Send {"ids": [...]} or {"filter": {...}}.' },
  )
  .meta({ id: 'CaptureRunSelection' });

/** What a client sends as a run's selection (`POST /api/capture-runs`, `/preview`). */
export type CaptureRunSelection = z.input<typeof captureRunSelection>;

export const captureRun = z
  .object({
    id: recordId,
    status: z.enum(['queued', 'running', 'done', 'canceled']),
    total: z.number().int(),
    captured: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    in_flight: z.number().int(),
    remaining: z.number().int(),
    captured_amounts: z.record(z.string(), amount).meta({ description: 'Currency → the amount captured.' }),
    selection: z.union([
      z.object({ ids: z.array(recordId) }).strict(),
      z.object({ filter: z.record(z.string(), z.unknown()) }).strict(),
    ]),
    retry_of: recordId.nullable(),
    payment_method_ids: z.array(recordId),
    created_by: recordId,
    created_at: timestamp,
    started_at: nullableTimestamp,
    finished_at: nullableTimestamp,
    canceled_by: recordId.nullable(),
    canceled_at: nullableTimestamp,
  })
  .strict()
  .meta({ id: 'CaptureRun' });

export type CaptureRun = z.infer<typeof captureRun>;

export const captureRunList = z.array(captureRun);

export const captureRunItem = z
  .object({
    id: recordId,
    run_id: recordId,
    payment_id: recordId,
    payment_identifier: z.string(),
    payment_method_id: recordId,
    currency: z.string().length(3),
    amount,
    outcome: z.enum(['queued', 'in_flight', 'captured', 'failed', 'skipped']),
    exclusion: captureRunExclusion.nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    captured_amount: amount.nullable(),
    gateway_duration_ms: z.number().int().nullable(),
    started_at: nullableTimestamp,
    finished_at: nullableTimestamp,
  })
  .strict()
  .meta({ id: 'CaptureRunItem' });

export type CaptureRunItem = z.infer<typeof captureRunItem>;

export const captureRunItemList = z.array(captureRunItem);

/** `POST /api/capture-runs/preview`: what a run of this selection would do now. */
export const captureRunPreview = z
  .object({
    matched: z.number().int(),
    capturable: z.number().int(),
    expiring_soon: z.number().int(),
    expiring_soon_hours: z.number(),
    by_currency: z.array(
      z
        .object({ currency: z.string().length(3), count: z.number().int(), amount, expiring_soon: z.number().int() })
        .strict(),
    ),
    exclusions: z.array(z.object({ reason: captureRunExclusion, count: z.number().int() }).strict()),
  })
  .strict()
  .meta({ id: 'CaptureRunPreview' });

export type CaptureRunPreview = z.infer<typeof captureRunPreview>;

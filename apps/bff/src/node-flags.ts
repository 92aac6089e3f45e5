/**
 * The Node flags the BFF runs with: its start script (`pnpm --filter @paydesk/bff start`), the Dockerfile's CMD,
 * the bench's BFF and the BFF processes of test/capture-runs.postgres.test.ts all pass these
 * (test/node-flags.test.ts keeps the start script and the Dockerfile the same).
 *
 * `--heap-growing-percent=50`: V8 starts the next full collection once the old generation holds 1.5× what the
 * last one left alive, instead of a factor it picks up to 4× when collections are cheap beside the allocation
 * rate. A capture run's items in flight live across young-generation collections and are promoted, to die soon
 * after in the old generation; with the default factor that garbage grew the RSS by 75 MB during a 100,000-payment run
 * while what stays alive held at 50–60 MB (BENCHMARKS.md, "Capture runs"). Bounded at 1.5×, a full collection
 * comes once half the live size more has been promoted, marked concurrently off the main thread (a 100,000-payment
 * run: 308 full collections, 4.0 s of them in 805 s, and 3.07 ms of BFF CPU per capture).
 */
export const BFF_NODE_FLAGS = ['--heap-growing-percent=50'] as const;

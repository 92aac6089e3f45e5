import type { Kysely } from 'kysely';
import { runScript } from '../run-script.ts';

/**
 * Spike episodes per payment method: a signal is judged over every method together and over each method
 * on its own, so an episode is keyed by its signal and the method (null: every method). At most one open
 * episode per signal and method (NULLS NOT DISTINCT: one open for every method together too), so two
 * instances evaluating at once record and announce it once. The episodes so far were of every method.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE spike_episodes ADD COLUMN payment_method_id integer REFERENCES payment_methods (id);
    DROP INDEX spike_episodes_open_idx;
    CREATE UNIQUE INDEX spike_episodes_open_idx ON spike_episodes (signal, payment_method_id) NULLS NOT DISTINCT
      WHERE resolved_at IS NULL;
    CREATE INDEX spike_episodes_method_idx ON spike_episodes (payment_method_id, started_at DESC)
      WHERE payment_method_id IS NOT NULL;
  `,
  );
}

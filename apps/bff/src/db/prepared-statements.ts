import { createHash } from 'node:crypto';
import pg from 'pg';

/** Statements a connection keeps prepared; past this, new texts run unnamed, so the server's memory stays bounded. */
const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * A comment that keeps a statement unprepared: planned afresh for its values at every execution. For lists
 * filtered by what staff typed (db/paginate.ts): a generic plan made without the values cannot use a search
 * prefix as an index condition, and the right plan for a rare status is not the right one for a common one.
 */
export const PLANNED_PER_EXECUTION = '/* planned per execution */';

const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `k${createHash('sha1').update(text).digest('hex')}`;
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
}

/**
 * A pg client that runs every parameterised statement as a named prepared statement, parsed once per
 * connection: PostgreSQL then plans a lookup by id once (its generic plan) instead of at every execution,
 * which on the commands' joins of the payments table (a dozen indexes) is most of the statement's cost.
 * Statements without parameters (BEGIN, COMMIT, migration scripts) keep the simple protocol, and statements
 * marked PLANNED_PER_EXECUTION run unnamed.
 */
export class PreparingClient extends pg.Client {
  private readonly prepared = new Set<string>();

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection that dies while checked out (pg_terminate_backend, a server restart, a network cut) emits
    // 'error' here, where the pool listens only while it is idle: unheard, it would end the process. Its query
    // in flight fails on its own, and the pool drops the dead client when it is released.
    this.on('error', () => undefined);
  }

  override query(config: any, values?: any, callback?: any): any {
    if (
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined &&
      !config.includes(PLANNED_PER_EXECUTION)
    ) {
      const name = nameOf(config);
      if (this.prepared.has(name) || this.prepared.size < MAX_PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        return super
          .query({ name, text: config, values })
          .catch((error: unknown) => this.prepareAgain(error, name, config, values));
      }
    }
    return super.query(config, values, callback);
  }

  /**
   * A table changed under a prepared statement (a migration run by another instance while this one kept its
   * connections) makes its `SELECT *` fail once with "cached plan must not change result type": the
   * statement is dropped and prepared again. Inside a transaction the failure stands (the transaction is
   * aborted), and the next use outside one prepares it again.
   */
  private async prepareAgain(error: unknown, name: string, text: string, values: unknown[]) {
    const stale =
      (error as { code?: string })?.code === '0A000' &&
      /cached plan must not change result type/.test(String((error as Error).message));
    if (!stale) throw error;
    try {
      await super.query(`DEALLOCATE ${name}`);
    } catch {
      throw error;
    }
    delete (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
      .parsedStatements[name];
    return super.query({ name, text, values });
  }
}

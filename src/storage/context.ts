// How a repo reaches the database. Every repo function takes a Ctx, so the same code runs on the store
// (autocommit, or joined to the caller's transaction through AsyncLocalStorage) and on a transaction handle.
import { sql, type Kysely } from 'kysely';
import { translateError } from './conflicts.ts';
import type { StoreDialect } from './dialect.ts';
import type { SqliteDirect } from './sqlite/direct.ts';
import type { Database } from './schema.ts';

export interface Ctx {
  readonly dialect: StoreDialect;
  /** The executor for the current statement: the open transaction if there is one, else the pool. */
  db(): Kysely<Database>;
  inTransaction(): boolean;
  /** Runs multi-statement writes atomically: joins the open transaction or starts one. */
  atomic<T>(work: () => Promise<T>): Promise<T>;
  /** SQLite's synchronous path to the same connection (group-committed writes); null on PostgreSQL. */
  readonly direct: SqliteDirect | null;
}

/**
 * The direct path when it may be used now: SQLite, outside a transaction. Inside one, the transaction holds
 * the connection, and the direct path would wait for it forever.
 */
export const directPath = (ctx: Ctx): SqliteDirect | null => (ctx.inTransaction() ? null : ctx.direct);

/**
 * The one conflict rule (StoreConflict in ports/store/common.ts): a write that breaks a unique rule has
 * written nothing, and the caller's transaction stays usable on both databases. A write keeps it either
 * - by inserting nothing instead of failing (ON CONFLICT DO NOTHING) and reading which rule it met only
 *   then: not one statement more when there is no conflict (sessions, participants, interactions);
 * - or by running in `guarded`:
 *
 * Runs a write that may break a unique rule and turns the violation into a StoreConflict. Inside a
 * transaction the write is wrapped in a SAVEPOINT: PostgreSQL aborts the whole transaction on any error,
 * and rolling back to the savepoint undoes only this write, so the caller can try the next candidate.
 * (SQLite would keep the transaction usable anyway; the savepoint also undoes the write's earlier statements.)
 * Outside a transaction there is nothing to keep usable: no savepoint, the violation is only translated.
 */
export const guarded = async <T>(ctx: Ctx, work: () => Promise<T>): Promise<T> => {
  if (!ctx.inTransaction()) {
    try {
      return await work();
    } catch (err) {
      throw translateError(ctx.dialect, err);
    }
  }
  const db = ctx.db();
  await sql`savepoint masq_guard`.execute(db);
  try {
    const result = await work();
    await sql`release savepoint masq_guard`.execute(db);
    return result;
  } catch (err) {
    await sql`rollback to savepoint masq_guard`.execute(db);
    await sql`release savepoint masq_guard`.execute(db);
    throw translateError(ctx.dialect, err);
  }
};

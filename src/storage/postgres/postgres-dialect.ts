// PostgreSQL specifics: a pg Pool, advisory transaction locks, and unique-violation decoding.
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type DatabaseIntrospector } from 'kysely';
import { CurrentSchemaIntrospector } from './scoped-introspector.ts';
import pg from 'pg';
import type { StoreDialect } from '../dialect.ts';
import type { Database } from '../schema.ts';

/** 64 bits of SHA-256: a collision only makes two unrelated keys wait for each other, never breaks exclusion. */
export const advisoryKey = (key: string): bigint => createHash('sha256').update(key).digest().readBigInt64BE(0);

export const POSTGRES_DIALECT: StoreDialect = {
  name: 'postgres',
  ddl: { date: 'timestamptz' },
  skipLocked: true,
  async lock(db, keys) {
    // Taken one by one in ascending key order: two transactions locking overlapping key sets then always
    // wait in the same order and cannot deadlock. Released by COMMIT/ROLLBACK (xact lock).
    const ordered = [...new Set(keys.map(advisoryKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const k of ordered) await sql`select pg_advisory_xact_lock(${k.toString()}::bigint)`.execute(db);
  },
  async migrationSchema(db) {
    // The first existing schema on the search_path: where CREATE TABLE puts the migrations' tables too.
    const { rows } = await sql<{ name: string | null }>`select current_schema() as name`.execute(db);
    const name = rows[0]?.name;
    if (!name) throw new Error('no schema on the search_path exists; create it before migrating');
    return name;
  },
  uniqueViolation: (err) => (err instanceof pg.DatabaseError && err.code === '23505' ? err.constraint ?? null : null),
};

export const openPostgresKysely = (url: string, maxConnections?: number): Kysely<Database> => {
  const pool = new pg.Pool({ connectionString: url, ...(maxConnections !== undefined && { max: maxConnections }) });
  // An idle client that loses its connection emits 'error' on the pool; without a listener it would crash
  // the process. The next checkout simply opens a new connection.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new MasqPostgresDialect({ pool }) });
};

/** Kysely's PostgreSQL dialect with an introspector that looks at masq's own schema only (see scoped-introspector.ts). */
class MasqPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

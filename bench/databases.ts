// A fresh, empty database per benchmark case: a new SQLite file in a temporary directory, or a new
// schema in the benchmark PostgreSQL database (selected through the URL's search_path, as masq serve
// takes it), dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/storage/schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.MASQ_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FreshDatabase {
  /** What MASQ_DATABASE_URL / openBenchHandle take. */
  readonly url: string;
  cleanup(): Promise<void>;
}

export const freshDatabase = async (dialect: Dialect): Promise<FreshDatabase> => {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'masq-bench-'));
    return { url: `sqlite:${join(dir, 'bench.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    cleanup: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
};

/**
 * Fresh planner statistics for masq's own tables, as autovacuum would have them on a database that grew
 * to this size. Named tables only: a bare ANALYZE walks every schema of the database and fails when
 * another one (a concurrent test run's) is dropped meanwhile.
 */
const MASQ_TABLES_TO_ANALYZE = ['phone_numbers', 'sessions', 'participants', 'number_history', 'interactions', 'services'] as const;

/** `ANALYZE <table>` one table at a time: the same statement on SQLite and PostgreSQL. */
export const analyzeMasqTables = async (db: Kysely<Database>): Promise<void> => {
  for (const table of MASQ_TABLES_TO_ANALYZE) await sql`analyze ${sql.table(table)}`.execute(db);
  // What masq does when it opens a SQLite file (sqlite-dialect.ts, dropStat4Samples): without it a process
  // that ANALYZEs its own open connection, as the in-process benchmarks do, re-plans statements on every run.
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`delete from sqlite_stat4`.execute(db);
    await sql`analyze sqlite_schema`.execute(db);
  }
};

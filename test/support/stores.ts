// The databases every storage test runs on. Loop over STORES:
//   for (const s of STORES) describe(s.name, () => { ... s.open() ... store.close() })
// Each open() is a fresh, private database: a temp SQLite file, or on PostgreSQL a new schema
// (search_path set per connection) that close() drops, so no test ever sees another's rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import type { Store } from '../../src/ports/store.ts';
import { openBenchHandle, type BenchHandle } from '../../src/storage/bench-handle.ts';
import { openStore, type OpenStoreOptions } from '../../src/storage/open-store.ts';

export interface TestStore {
  readonly name: 'sqlite' | 'postgres';
  /** A store on an empty, migrated database of its own; its close() also deletes that database. */
  open(): Promise<Store>;
  /** The same, with the Kysely handle exposed (bulk seeding, EXPLAIN). */
  openBench(): Promise<BenchHandle>;
}

/** The PostgreSQL server for tests, or undefined when those suites are skipped. */
export const POSTGRES_URL: string | undefined = process.env.MASQ_TEST_POSTGRES_URL || undefined;

/** Adds `options=-c search_path=<schema>` to a postgres URL, so every pooled connection lands in that schema. */
export const withSearchPath = (url: string, schema: string): string => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
};

/** Creates an empty schema and returns its name and a dropper. */
export const createTestSchema = async (url: string): Promise<{ schema: string; drop(): Promise<void> }> => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
};

/** The dialects an API suite runs on: SQLite, and PostgreSQL when MASQ_TEST_POSTGRES_URL is set. */
export const TEST_DIALECTS: readonly ('sqlite' | 'postgres')[] = POSTGRES_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

/**
 * The database URL of one API suite on `dialect`, and how to throw it away: on PostgreSQL a fresh schema;
 * on SQLite null, for startApi's own temp file (which the api's close() removes).
 */
export const suiteDatabase = async (dialect: 'sqlite' | 'postgres'): Promise<{ readonly url: string | null; drop(): Promise<void> }> => {
  if (dialect === 'sqlite' || POSTGRES_URL === undefined) return { url: null, drop: async () => undefined };
  const { schema, drop } = await createTestSchema(POSTGRES_URL);
  return { url: withSearchPath(POSTGRES_URL, schema), drop };
};

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Like suiteDatabase, but SQLite too gets a URL (a temp file of its own): for suites that open the database themselves. */
export const suiteDatabaseUrl = async (dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> => {
  const db = await suiteDatabase(dialect);
  if (db.url !== null) return { url: db.url, drop: db.drop };
  const sqlite = tempSqliteUrl();
  return { url: sqlite.url, drop: sqlite.cleanup };
};

const withCleanup = <T extends { close(): Promise<void> }>(target: T, cleanup: () => Promise<void>): T => {
  const close = target.close;
  return Object.assign(target, {
    close: async () => {
      try {
        await close();
      } finally {
        await cleanup();
      }
    },
  });
};

const tempSqliteUrl = (): { url: string; cleanup(): Promise<void> } => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-store-'));
  return { url: `sqlite:${join(dir, 'masq.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
};

export const openSqliteTestStore = async (opts?: OpenStoreOptions): Promise<Store> => {
  const { url, cleanup } = tempSqliteUrl();
  return withCleanup(await openStore(url, opts), cleanup);
};

/** Opens `open(url-with-schema)` on a fresh schema, dropping the schema again if opening fails. */
const inFreshSchema = async <T extends { close(): Promise<void> }>(url: string, open: (url: string) => Promise<T>): Promise<T> => {
  const { schema, drop } = await createTestSchema(url);
  try {
    return withCleanup(await open(withSearchPath(url, schema)), drop);
  } catch (err) {
    await drop();
    throw err;
  }
};

export const openPostgresTestStore = (url: string, opts?: OpenStoreOptions): Promise<Store> =>
  inFreshSchema(url, (u) => openStore(u, opts));

const sqliteBench = async (): Promise<BenchHandle> => {
  const { url, cleanup } = tempSqliteUrl();
  return withCleanup(await openBenchHandle(url), cleanup);
};

const postgresBench = (url: string): Promise<BenchHandle> => inFreshSchema(url, (u) => openBenchHandle(u));

export const STORES: readonly TestStore[] = [
  { name: 'sqlite', open: () => openSqliteTestStore(), openBench: sqliteBench },
  ...(POSTGRES_URL === undefined ? [] : [{
    name: 'postgres' as const,
    open: () => openPostgresTestStore(POSTGRES_URL),
    openBench: () => postgresBench(POSTGRES_URL),
  }]),
];

// Every file that runs the storage contract says so when PostgreSQL is left out, in its own output.
if (POSTGRES_URL === undefined) {
  test('postgres: storage contract SKIPPED because MASQ_TEST_POSTGRES_URL is not set', { skip: 'MASQ_TEST_POSTGRES_URL is not set' }, () => {});
}

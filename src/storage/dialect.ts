// What the two backends do differently, and nothing else: connection set-up lives in sqlite/ and
// postgres/, everything that is the same SQL lives in the repos.
import type { Kysely } from 'kysely';
import type { DdlTypes } from './migrations/ddl.ts';
import type { Database } from './schema.ts';

export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  readonly ddl: DdlTypes;
  /**
   * Whether work-queue claims add FOR UPDATE SKIP LOCKED. PostgreSQL needs it so instances claim disjoint
   * rows; SQLite has no row locks and BEGIN IMMEDIATE already makes the claim exclusive.
   */
  readonly skipLocked: boolean;
  /** Transaction-scoped mutual exclusion on application keys (see Repos.lock). */
  lock(db: Kysely<Database>, keys: readonly string[]): Promise<void>;
  /**
   * The schema the migration bookkeeping tables belong in (undefined: the database has no schemas).
   * Kysely's Migrator otherwise finds its tables in ANY schema of the database and, when another schema
   * already has them, skips creating its own and fails: two masq installations (or test schemas) in one
   * PostgreSQL database would break each other's migrations.
   */
  migrationSchema(db: Kysely<Database>): Promise<string | undefined>;
  /** The name of the unique constraint or index a driver error reports as violated, else null. */
  uniqueViolation(err: unknown): string | null;
}

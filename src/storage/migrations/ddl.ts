// The only thing that differs in DDL between the dialects: how a date column is declared.
// Migrations receive it so one numbered set of migrations serves SQLite and PostgreSQL.
import { sql, type Kysely, type Migration, type SqlBool } from 'kysely';

export interface DdlTypes {
  /** 'timestamptz' on PostgreSQL; 'text' (ISO-8601) on SQLite. */
  readonly date: 'timestamptz' | 'text';
}

export type MigrationFactory = (types: DdlTypes) => Migration;

/** Literal predicates shared by partial indexes and the queries that must match them word for word. */
// SQLite uses a partial index only when the query repeats its WHERE terms, so queries embed these exact fragments.
export const BOUND_PREDICATE = sql<SqlBool>`bound = 1`;
export const ACTIVE_SESSION_PREDICATE = sql<SqlBool>`status in ('open', 'in-progress')`;
/** A job still owed: neither done nor given up (the due queue's partial index, migration 008). */
export const JOB_PENDING_PREDICATE = sql<SqlBool>`done_at is null and given_up_at is null`;

/** Kysely's Migration type is written against Kysely<any>; ours only use the schema builder. */
export type SchemaDb = Kysely<unknown>;

// The sweeper's walk over flagged numbers (active, `inactive_since` set), looking for traffic that came
// back (app/sweep-numbers.ts). It reads them in (inactive_since, sid) order from a cursor, a bounded page per
// pass; no index of 009 gives that order (numbers_activity_idx is by last traffic, over every active
// number). Partial: only flagged active numbers are in it, so it stays the size of the flagged set however
// many numbers are held or were released.
import { sql, type SqlBool } from 'kysely';
import type { MigrationFactory, SchemaDb } from './ddl.ts';

/** The index's WHERE, repeated word for word by the first page's query so SQLite uses the partial index. */
export const FLAGGED_NUMBER_PREDICATE = sql<SqlBool>`state = 'active' and inactive_since is not null`;
/** Its first term: a later page repeats it, and implies the second by a comparison on inactive_since. */
export const FLAGGED_STATE_TERM = sql<SqlBool>`state = 'active'`;

export const m011FlaggedNumbers: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    await db.schema.createIndex('numbers_flagged_idx').on('numbers').columns(['inactive_since', 'sid'])
      .where(FLAGGED_NUMBER_PREDICATE).execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropIndex('numbers_flagged_idx').execute();
  },
});

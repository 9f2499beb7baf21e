// Hot statements built and compiled by Kysely once, then run with fresh values. Building a query (an
// immutable node tree, frozen at every step) and compiling it to SQL cost as much CPU as SQLite running
// it, on statements that run for every inbound webhook (see BENCHMARKS.md). The builder is written as
// usual, with a placeholder string wherever a value goes; the compiled parameter list remembers which
// placeholder went where, and each run swaps the real values in. Same SQL text each run, so the SQLite
// statement cache reuses one statement, and PostgreSQL gets it as a named prepared statement.
import type Sqlite from 'better-sqlite3';
import type { CompiledQuery, Compilable, DialectAdapter, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';
import { nameStatement } from './statement-names.ts';

/** What the builder gets: the placeholder of a named value, to use exactly where the value would go. */
export type Slot<K extends string> = (name: K) => string;

/** The values of one run. */
export type SlotValues<K extends string> = { readonly [P in K]: string | number | null };

export interface Prepared<K extends string, R> {
  execute(db: Kysely<Database>, values: SlotValues<K>): Promise<QueryResult<R>>;
  /**
   * SQLite's direct path (sqlite/direct.ts): the same statement run synchronously on the raw connection.
   * `db` compiles it (the SQLite Kysely instance), `raw` runs it.
   */
  allDirect(db: Kysely<Database>, raw: Sqlite.Database, values: SlotValues<K>): R[];
  /** As allDirect, for writes: the number of rows changed. */
  runDirect(db: Kysely<Database>, raw: Sqlite.Database, values: SlotValues<K>): number;
  /** The SQL and parameters of one run, as sent (to EXPLAIN the statement a hot path really runs). */
  compiled(db: Kysely<Database>, values: SlotValues<K>): CompiledQuery<R>;
}

// NUL cannot occur in a value masq binds (SIDs, E.164, ISO dates, JSON), so no real value is mistaken for one.
const placeholder = (name: string): string => `\u0000masq-slot:${name}\u0000`;

interface Compiled<K extends string, R> {
  readonly query: CompiledQuery<R>;
  /** Per compiled parameter: the slot it came from, or the constant the builder wrote. */
  readonly sources: readonly ({ readonly slot: K } | { readonly constant: unknown })[];
}

export const prepared = <K extends string, R>(names: readonly K[], build: (db: Kysely<Database>, slot: Slot<K>) => Compilable<R>): Prepared<K, R> => {
  // Keyed by the dialect's adapter: the same statement compiles differently for SQLite and PostgreSQL,
  // and a test process holds stores of both.
  const byAdapter = new WeakMap<DialectAdapter, Compiled<K, R>>();
  const slotOf = new Map(names.map((name) => [placeholder(name), name]));
  const compile = (db: Kysely<Database>): Compiled<K, R> => {
    const query = build(db, placeholder).compile();
    nameStatement(query.sql);
    const sources = query.parameters.map((p) => {
      const slot = typeof p === 'string' ? slotOf.get(p) : undefined;
      return slot === undefined ? { constant: p } : { slot };
    });
    return { query, sources };
  };
  const compiledFor = (db: Kysely<Database>): Compiled<K, R> => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) {
      compiled = compile(db);
      byAdapter.set(adapter, compiled);
    }
    return compiled;
  };
  const parametersOf = (compiled: Compiled<K, R>, values: SlotValues<K>): unknown[] =>
    compiled.sources.map((s) => ('slot' in s ? values[s.slot] : s.constant));
  // The statement better-sqlite3 prepared, per connection; typed with the row type the builder produced.
  const statements = new WeakMap<Sqlite.Database, Sqlite.Statement<unknown[], R>>();
  const statementOn = (db: Kysely<Database>, raw: Sqlite.Database): { statement: Sqlite.Statement<unknown[], R>; compiled: Compiled<K, R> } => {
    const compiled = compiledFor(db);
    let statement = statements.get(raw);
    if (!statement) {
      statement = raw.prepare<unknown[], R>(compiled.query.sql);
      statements.set(raw, statement);
    }
    return { statement, compiled };
  };
  const withValues = (db: Kysely<Database>, values: SlotValues<K>): CompiledQuery<R> => {
    const compiled = compiledFor(db);
    return { ...compiled.query, parameters: parametersOf(compiled, values) };
  };
  return {
    execute: (db, values) => db.executeQuery(withValues(db, values)),
    compiled: withValues,
    allDirect(db, raw, values) {
      const { statement, compiled } = statementOn(db, raw);
      return statement.all(parametersOf(compiled, values));
    },
    runDirect(db, raw, values) {
      const { statement, compiled } = statementOn(db, raw);
      return statement.run(parametersOf(compiled, values)).changes;
    },
  };
};

/**
 * Statements whose SQL text depends on a shape (how many values an IN list holds, a tier's branches, a
 * LIMIT written as a literal): one statement per shape, made on first use. Shapes come from masq's own
 * code (tiers, page sizes), so there are few of them.
 */
export const perShape = <S, P>(keyOf: (shape: S) => string, make: (shape: S) => P): ((shape: S) => P) => {
  const made = new Map<string, P>();
  return (shape) => {
    const key = keyOf(shape);
    const known = made.get(key);
    if (known !== undefined) return known;
    const statement = make(shape);
    made.set(key, statement);
    return statement;
  };
};

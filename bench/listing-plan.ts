// The query plan of an IncomingPhoneNumbers listing, as the store really runs it: the use case goes through
// a Store built over the bench handle's Kysely with one more plugin, which keeps the SQL of each statement
// as compiled (after masq's own plugins, so LIMIT is the inlined literal), and that SQL, with its
// parameters, is EXPLAINed. Rebuilding the query by hand here would check a copy, not the listing.
// Shared by bench/numbers-listing.ts and test/storage/inventory-plan.test.ts; capturedSql and explainLines
// also by the other plan checks (bench/usage-summary.ts, test/storage/*-plan.test.ts).
import {
  CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult,
  type RootOperationNode, type UnknownRow,
} from 'kysely';
import { listIncomingNumbers, type IncomingNumberFilter } from '../src/app/incoming-numbers.ts';
import type { PageRequest, Store } from '../src/ports/store.ts';
import type { BenchHandle } from '../src/storage/bench-handle.ts';
import { createKyselyStore } from '../src/storage/kysely-store.ts';
import { POSTGRES_DIALECT } from '../src/storage/postgres/postgres-dialect.ts';
import { SQLITE_DIALECT } from '../src/storage/sqlite/sqlite-dialect.ts';

/** The index an account's listing must walk: (account_sid, date_created, sid), in keyset order. */
export const LISTING_INDEX = 'numbers_account_created_idx';

class CaptureSql implements KyselyPlugin {
  readonly seen: CompiledQuery[] = [];
  constructor(private readonly compile: (args: PluginTransformQueryArgs) => CompiledQuery) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.seen.push(this.compile(args));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The plan as lines of text: SQLite's EXPLAIN QUERY PLAN `detail`s, or PostgreSQL's EXPLAIN output. */
export const explainLines = async (h: BenchHandle, query: CompiledQuery): Promise<string[]> => {
  const prefix = h.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  const result = await h.kysely.executeQuery(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
  return result.rows.map((row) => {
    if (typeof row !== 'object' || row === null) return '';
    const text = 'detail' in row ? row.detail : 'QUERY PLAN' in row ? row['QUERY PLAN'] : '';
    return typeof text === 'string' ? text : '';
  });
};

/**
 * Every statement `work` sends through a Store over the handle, as compiled (with its parameters), in order:
 * what to EXPLAIN to see the plan of the SQL the store really runs.
 */
export const capturedSql = async (h: BenchHandle, work: (store: Store) => Promise<unknown>): Promise<CompiledQuery[]> => {
  const capture = new CaptureSql((args) => h.kysely.getExecutor().compileQuery(args.node, args.queryId));
  // No close(): this store shares the handle's connections, which the handle closes. No direct path:
  // the statements go through Kysely on both databases.
  const store = createKyselyStore(h.kysely.withPlugin(capture), h.dialect === 'sqlite' ? SQLITE_DIALECT : POSTGRES_DIALECT, null);
  await work(store);
  return capture.seen;
};

/** The SQL (with its parameters) that listIncomingNumbers sends for this filter and page. */
export const listingSql = async (h: BenchHandle, accountSid: string, filter: IncomingNumberFilter, page: PageRequest): Promise<CompiledQuery> => {
  const seen = await capturedSql(h, (store) => listIncomingNumbers({ store }, accountSid, filter, page));
  const listing = seen.filter((q) => /\bfrom "numbers"/.test(q.sql));
  const last = listing[listing.length - 1];
  if (last === undefined) throw new Error(`no listing query captured (saw: ${seen.map((q) => q.sql).join(' | ')})`);
  return last;
};

export interface ListingPlan {
  readonly lines: readonly string[];
  /** Walks numbers_account_created_idx for the account. */
  readonly usesIndex: boolean;
  /** Reads the table outside any index (SQLite SCAN of the table, PostgreSQL Seq Scan). */
  readonly scansTable: boolean;
  /** Sorts rows (SQLite TEMP B-TREE, PostgreSQL Sort): the index did not give the order. */
  readonly sorts: boolean;
}

export const listingPlan = async (h: BenchHandle, accountSid: string, filter: IncomingNumberFilter, page: PageRequest): Promise<ListingPlan> => {
  const lines = await explainLines(h, await listingSql(h, accountSid, filter, page));
  const text = lines.join('\n');
  return h.dialect === 'sqlite'
    ? {
      lines,
      usesIndex: new RegExp(`SEARCH numbers USING INDEX ${LISTING_INDEX} \\(account_sid=\\?`).test(text),
      scansTable: /\bSCAN numbers\b/.test(text),
      sorts: /TEMP B-TREE/.test(text),
    }
    : {
      lines,
      usesIndex: new RegExp(`Index Scan(?: Backward)? using ${LISTING_INDEX} on numbers`).test(text),
      scansTable: /Seq Scan on numbers/.test(text),
      sorts: lines.some((l) => /^\s*(->\s*)?(Incremental )?Sort\s+\(/.test(l)),
    };
};

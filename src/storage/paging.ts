// Keyset paging on (date_created, sid), ascending. `before` walks backwards (descending, then reversed)
// so a "previous page" is as cheap as a next one; one extra row tells whether more exist.
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Page, PageRequest } from '../ports/store.ts';
import { iso } from './codec.ts';

export const keysetPage = async <DB, TB extends keyof DB, O, T>(
  qb: SelectQueryBuilder<DB, TB, O>,
  table: string,
  req: PageRequest,
  map: (row: O) => T,
): Promise<Page<T>> => {
  const created = sql.ref(`${table}.date_created`);
  const sid = sql.ref(`${table}.sid`);
  const size = Math.max(1, Math.floor(req.pageSize));
  const backward = req.before !== undefined;
  let q = qb;
  if (req.before !== undefined) {
    q = q.where(sql<SqlBool>`(${created}, ${sid}) < (${iso(req.before.dateCreated)}, ${req.before.sid})`);
  } else if (req.after !== undefined) {
    q = q.where(sql<SqlBool>`(${created}, ${sid}) > (${iso(req.after.dateCreated)}, ${req.after.sid})`);
  }
  const direction = backward ? sql`desc` : sql`asc`;
  q = q.orderBy(sql`${created} ${direction}`).orderBy(sql`${sid} ${direction}`).limit(size + 1);
  // Bound, not inlined (inline-limits.ts inlines plain values): each offset would otherwise be a new SQL
  // text, and a client walking pages by number would churn the statement cache.
  const offset = req.offset !== undefined && req.after === undefined && !backward ? Math.floor(req.offset) : 0;
  if (offset > 0) q = q.offset(sql<number>`${offset}`);
  const rows = await q.execute();
  const hasMore = rows.length > size;
  const kept = rows.slice(0, size);
  if (backward) kept.reverse();
  return { items: kept.map(map), hasMore };
};

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
  const rows = await q.orderBy(sql`${created} ${direction}`).orderBy(sql`${sid} ${direction}`).limit(size + 1).execute();
  const hasMore = rows.length > size;
  const kept = rows.slice(0, size);
  if (backward) kept.reverse();
  return { items: kept.map(map), hasMore };
};

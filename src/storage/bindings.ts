// Load and history bookkeeping. A participant is "bound" while it holds its (identifier, proxy) pair;
// phone_numbers.load counts bound participants per number and number_history remembers who held what.
// Every function here runs inside the caller's transaction, so load can never drift from the bindings.
import { sql, type Kysely } from 'kysely';
import { iso } from './codec.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { prepared } from './prepared.ts';
import type { Database } from './schema.ts';

export interface BindingFact {
  readonly serviceSid: string;
  readonly identifier: string;
  readonly numberSid: string | null;
}

/** Raises load and stamps history for bindings that were just made. Unmanaged proxies (no number sid) have neither. */
// Both run for every participant created (prepared.ts: compiled once).
const raiseLoad = prepared(['sid', 'count'], (db, slot) =>
  db.updateTable('phone_numbers').set((eb) => ({ load: eb('load', '+', sql<number>`${slot('count')}`) })).where('sid', '=', slot('sid')));

const stampHistory = prepared(['service', 'identifier', 'number', 'at'], (db, slot) =>
  db.insertInto('number_history')
    .values({ service_sid: slot('service'), identifier: slot('identifier'), number_sid: slot('number'), last_used_at: slot('at') })
    .onConflict((oc) => oc.columns(['service_sid', 'identifier', 'number_sid'])
      .doUpdateSet({ last_used_at: (eb) => eb.ref('excluded.last_used_at') })));

export const recordBindings = async (db: Kysely<Database>, facts: readonly BindingFact[], at: Date): Promise<void> => {
  for (const [numberSid, count] of countByNumber(facts)) await raiseLoad.execute(db, { sid: numberSid, count });
  for (const f of facts) {
    if (f.numberSid === null) continue;
    await stampHistory.execute(db, { service: f.serviceSid, identifier: f.identifier, number: f.numberSid, at: iso(at) });
  }
};

/**
 * Unbinds every bound participant where `column = value` and lowers each number's load by the bindings it
 * lost. Returns how many participants were unbound.
 */
export const unbindWhere = async (
  db: Kysely<Database>,
  column: 'sid' | 'session_sid' | 'service_sid',
  value: string,
): Promise<number> => {
  const rows = await db.updateTable('participants').set({ bound: 0 })
    .where(column, '=', value).where(BOUND_PREDICATE)
    .returning(['proxy_identifier_sid'])
    .execute();
  const facts = rows.map((r) => ({ numberSid: r.proxy_identifier_sid }));
  for (const [numberSid, count] of countByNumber(facts)) {
    await db.updateTable('phone_numbers').set((eb) => ({ load: eb('load', '-', count) })).where('sid', '=', numberSid).execute();
  }
  return rows.length;
};

/**
 * Re-binds the session's undeleted participants. A pair taken meanwhile raises the binding unique
 * violation, which the caller (inside `guarded`) turns into StoreConflict('binding').
 */
export const rebindSession = async (db: Kysely<Database>, sessionSid: string, at: Date): Promise<void> => {
  const rows = await db.updateTable('participants').set({ bound: 1 })
    .where('session_sid', '=', sessionSid).where('date_deleted', 'is', null).where('bound', '=', 0)
    .returning(['service_sid', 'identifier', 'proxy_identifier_sid'])
    .execute();
  await recordBindings(db, rows.map((r) => ({ serviceSid: r.service_sid, identifier: r.identifier, numberSid: r.proxy_identifier_sid })), at);
};

/** Per-number counts in sid order: concurrent transactions touch number rows in one global order, so they cannot deadlock. */
const countByNumber = (facts: readonly { readonly numberSid: string | null }[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const f of facts) if (f.numberSid !== null) counts.set(f.numberSid, (counts.get(f.numberSid) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
};

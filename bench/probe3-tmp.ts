import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { openBenchHandle } from '../src/storage/bench-handle.ts';
import { freshDatabase } from './databases.ts';
import { seedPool, seededParticipant } from './seed.ts';
const hex = (n: number) => randomBytes(n).toString('hex');
const accountSid = `AC${hex(16)}`, serviceSid = `KS${hex(16)}`;
for (const dialect of ['sqlite', 'postgres'] as const) {
const db = await freshDatabase(dialect);
const h = await openBenchHandle(db.url);
await seedPool(h, { accountSid, serviceSid, sessions: 20000, numbers: 1000, carrier: 'twilio' });
await sql`analyze`.execute(h.kysely);
const pair = seededParticipant(5, 0, { numbers: 1000 });
const p = await h.store.findBoundParticipant(pair.proxy, pair.identifier);
if (!p) throw new Error('no p');
const queries = [
  h.kysely.selectFrom('sessions').selectAll().where('service_sid', '=', serviceSid).where((eb) => eb.or([eb('sid', '=', p.sessionSid), eb('unique_name', '=', p.sessionSid)])),
  h.kysely.selectFrom('participants').selectAll().where('proxy_identifier', '=', pair.proxy).where('identifier', '=', pair.identifier).where(sql<boolean>`bound = 1`).orderBy('date_created', 'desc').limit(1),
  h.kysely.selectFrom('participants').selectAll().where('session_sid', '=', p.sessionSid).orderBy('date_created').orderBy('sid'),
  h.kysely.selectFrom('interactions').selectAll().where('inbound_resource_sid', '=', 'SMx').orderBy('date_created').orderBy('sid').limit(1),
];
for (const q of queries) {
  const c = q.compile();
  const plan = dialect === 'sqlite' ? await sql.raw(`explain query plan ${c.sql}`).execute(h.kysely).catch(() => null) : null;
  const explain = dialect === 'sqlite'
    ? await h.kysely.executeQuery({ ...c, sql: `explain query plan ${c.sql}`, query: c.query, queryId: c.queryId })
    : await h.kysely.executeQuery({ ...c, sql: `explain analyze ${c.sql}`, query: c.query, queryId: c.queryId });
  void plan;
  console.log(dialect, c.sql.slice(0, 100), '\n  ', JSON.stringify(explain.rows).slice(0, 600));
}
await h.close(); await db.cleanup();
}

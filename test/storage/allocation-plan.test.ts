// The allocator's queries must be index-backed: their cost may not grow with the pool. We seed a pool of
// 5,000 numbers (and 1,000 bound participants, and SMS registrations: half the pool's and 20,000 others'),
// EXPLAIN the exact queries the store runs, and check that the planner seeks the intended index and never
// scans or sorts the pool, nor reads the registration tables beyond a key probe per visited number.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql, type Compilable, type Insertable, type Kysely } from 'kysely';
import { seedInventory, seedPool } from '../../bench/seed.ts';
import type { GeoTier } from '../../src/domain/allocator/types.ts';
import { leastLoadedQuery } from '../../src/storage/allocation-queries.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import type { Database } from '../../src/storage/schema.ts';
import { expiredSessionsQuery } from '../../src/storage/sessions-repo.ts';
import { sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const POOL = 5_000;

/** The plan as lines of text: SQLite's EXPLAIN QUERY PLAN `detail`s, or PostgreSQL's EXPLAIN output. */
const explain = async (h: BenchHandle, query: Compilable): Promise<string[]> => {
  const compiled = query.compile();
  const prefix = h.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  const result = await h.kysely.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
  return result.rows.map((row) => {
    if (typeof row !== 'object' || row === null) return '';
    const text = 'detail' in row ? row.detail : 'QUERY PLAN' in row ? row['QUERY PLAN'] : '';
    return typeof text === 'string' ? text : '';
  });
};

const branches = (t: GeoTier): number => t.areaCodes?.length ?? t.countries?.length ?? 1;
const tier = (countries: readonly string[] | null, areaCodes: readonly string[] | null): GeoTier => ({ countries, areaCodes, label: 'test' });

for (const s of STORES) {
  describe(`${s.name}: allocation query plans`, () => {
    let h: BenchHandle;
    const serviceSid = sid('service');
    const identifier = '+19171000001'; // holds one number in the seed, so the NOT EXISTS probes are live
    let registered = new Set<string>();

    before(async () => {
      h = await s.openBench();
      const accountSid = sid('account');
      await seedPool(h, { accountSid, serviceSid, numbers: POOL, sessions: POOL / 10 });
      registered = await seedRegistrations(h.kysely, accountSid, serviceSid);
      await analyze(h.kysely, h.dialect);
    });
    after(() => h.close());

    const query = (t: GeoTier, neverUsedOnly = true) => {
      const q = leastLoadedQuery(h.kysely, { serviceSid, tier: t, needs: { voice: true, sms: true }, identifier, neverUsedOnly, limit: 8 });
      assert.ok(q);
      return q;
    };

    const cases: [string, GeoTier, string][] = [
      ['one country', tier(['US'], null), 'phone_numbers_country_load_idx'],
      ['several countries (one branch each)', tier(['US', 'GB', 'GG'], null), 'phone_numbers_country_load_idx'],
      ['NANP area codes', tier(['US'], ['415', '628']), 'phone_numbers_area_load_idx'],
      ['any number', tier(null, null), 'phone_numbers_any_load_idx'],
    ];
    for (const [name, t, index] of cases) {
      it(`leastLoadedNumbers, ${name}: seeks ${index} in (load, phone_number) order`, async () => {
        const plan = await explain(h, query(t));
        const text = plan.join('\n');
        if (h.dialect === 'sqlite') {
          assert.match(text, new RegExp(`SEARCH n USING INDEX ${index} \\(service_sid=\\? AND is_reserved=\\?`), text);
          assert.match(text, /USING INDEX participants_binding_uq|USING COVERING INDEX participants_binding_uq/, text);
          assert.doesNotMatch(text, /SCAN n\b/, text);
          // The branches come out of the index already ordered; only the tiny UNION merge may sort.
          if (branches(t) === 1) assert.doesNotMatch(text, /TEMP B-TREE/, text);
        } else {
          assert.match(text, new RegExp(`Index Scan using ${index} on phone_numbers n`), text);
          assert.match(text, /participants_binding_uq/, text);
          assert.doesNotMatch(text, /Seq Scan on phone_numbers/, text);
          // A single branch needs no Sort at all; a UNION of branches sorts at most branches x LIMIT rows above the Limits.
          const firstSort = plan.findIndex((l) => /Sort\b/.test(l) && !/Sort Key/.test(l));
          const firstLimitUnderAppend = plan.findIndex((l, i) => i > 0 && /Limit/.test(l));
          if (plan.filter((l) => /Index Scan using/.test(l) && l.includes(index)).length === 1) assert.equal(firstSort, -1, text);
          else assert.ok(firstSort === -1 || firstSort < firstLimitUnderAppend, text);
        }
      });
    }

    // PostgreSQL runs these as named prepared statements and, after five custom plans, keeps the generic one
    // only if its estimated cost is close to theirs. A generic plan of `LIMIT $n` assumes a tenth of the rows
    // are fetched, so on a large pool it was always dearer and every run was planned anew (~0.5-0.9 ms each,
    // ten times the execution). The limit is a literal in the text: the generic plan must expect LIMIT rows.
    if (s.name === 'postgres') {
      for (const [name, t] of cases) {
        it(`leastLoadedNumbers, ${name}: the generic plan PostgreSQL would cache expects LIMIT rows`, async () => {
          const compiled = query(t).compile();
          const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
          const plan = await h.kysely.connection().execute(async (db) => {
            await sql`set plan_cache_mode = force_generic_plan`.execute(db);
            await db.executeQuery(CompiledQuery.raw(`prepare generic_probe as ${compiled.sql}`));
            try {
              const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
                CompiledQuery.raw(`explain execute generic_probe(${compiled.parameters.map(literal).join(', ')})`));
              return rows.map((r) => r['QUERY PLAN']);
            } finally {
              await sql`deallocate generic_probe`.execute(db);
              await sql`reset plan_cache_mode`.execute(db);
            }
          });
          const text = plan.join('\n');
          assert.match(text, /\$1/, text); // really the generic plan: the values are still parameters
          const top = /^Limit .*rows=(\d+)/.exec(plan[0] ?? '');
          assert.ok(top, text);
          assert.ok(Number(top[1]) <= 8, text);
        });
      }
    }

    // SMS registration gating (enforce, a US participant): the same walk of the pool index, each visited
    // number checked by key probes (storage/sms-gate-sql.ts), never a read of the installation's registrations.
    it('leastLoadedNumbers, SMS-gated: walks phone_numbers_country_load_idx, probing each candidate\'s registration by key', async () => {
      const gated = leastLoadedQuery(h.kysely, {
        serviceSid, tier: tier(['US'], null), needs: { voice: false, sms: true }, identifier, neverUsedOnly: false, limit: 8,
        smsScope: { tenDlc: true, tollFree: true },
      });
      assert.ok(gated);
      const chosen = await gated.execute();
      assert.equal(chosen.length, 8);
      assert.ok(chosen.every((n) => registered.has(n.sid)), 'only numbers of a VERIFIED campaign');
      const text = (await explain(h, gated)).join('\n');
      if (h.dialect === 'sqlite') {
        assert.match(text, /SEARCH n USING INDEX phone_numbers_country_load_idx \(service_sid=\? AND is_reserved=\? AND iso_country=\?\)/, text);
        assert.match(text, /SEARCH gm USING (COVERING )?INDEX sqlite_autoindex_messaging_service_numbers_1 \(number_sid=\?\)/, text);
        assert.match(text, /SEARCH gc USING (COVERING )?INDEX sqlite_autoindex_us_app_to_person_\d \(messaging_service_sid=\?\)/, text);
        assert.match(text, /SEARCH gt USING (COVERING )?INDEX tollfree_verifications_number_idx \(tollfree_phone_number_sid=\?\)/, text);
        assert.doesNotMatch(text, /SCAN (n|gm|gc|gt)\b|TEMP B-TREE/, text);
        return;
      }
      assert.match(text, /Index Scan using phone_numbers_country_load_idx on phone_numbers n/, text);
      assert.match(text, /Index Scan using messaging_service_numbers_pkey on messaging_service_numbers gm/, text);
      assert.match(text, /Index Scan using us_app_to_person_messaging_service_sid_key on us_app_to_person gc/, text);
      assert.match(text, /Index Scan( Backward)? using tollfree_verifications_number_idx on tollfree_verifications gt/, text);
      // An EXISTS here became a hashed SubPlan: every VERIFIED number of the installation read per allocation.
      assert.doesNotMatch(text, /hashed SubPlan|Seq Scan|Sort\b/, text);
      // Run, the campaign probe runs once per number the walk visits: about twice LIMIT, as every other one is unregistered.
      const analyzed = (await explainAnalyze(h, gated)).join('\n');
      const probes = /messaging_service_numbers_pkey on messaging_service_numbers gm .*loops=(\d+)/.exec(analyzed);
      assert.ok(probes && Number(probes[1]) <= 3 * 8, analyzed);
    });

    it('findExpiredSessions walks sessions_active_expiry_idx and stops at LIMIT', async () => {
      const text = (await explain(h, expiredSessionsQuery(h.kysely, new Date(), 100))).join('\n');
      if (h.dialect === 'sqlite') {
        assert.match(text, /SEARCH sessions USING INDEX sessions_active_expiry_idx \(expires_at>\? AND expires_at<\?\)/, text);
        assert.doesNotMatch(text, /TEMP B-TREE/, text);
      } else {
        assert.match(text, /Index Scan using sessions_active_expiry_idx on sessions/, text);
        assert.doesNotMatch(text, /Seq Scan|Sort/, text);
      }
    });
  });
}

/** PostgreSQL's plan as run, with each node's loops (no timings: the test reads counts only). */
const explainAnalyze = async (h: BenchHandle, query: Compilable): Promise<string[]> => {
  const compiled = query.compile();
  const result = await h.kysely.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, timing off) ${compiled.sql}`, [...compiled.parameters]));
  return result.rows.map((row) => row['QUERY PLAN']);
};

const OTHER_REGISTERED = 20_000;
/** Numbers per messaging service: the pool's account fills services to Twilio's limit; the others are small customers. */
const PER_SERVICE = 400, OTHER_PER_SERVICE = 10;
const CHUNK = 1_000;

const insertChunks = async <T extends 'numbers' | 'messaging_services' | 'messaging_service_numbers' | 'us_app_to_person' | 'tollfree_verifications'>(
  db: Kysely<Database>, table: T, rows: readonly Insertable<Database[T]>[],
): Promise<void> => {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto(table).values(rows.slice(i, i + CHUNK)).execute();
};

/** `count` messaging services of the account, each with a campaign in `status`; returns their sids. */
const messagingServices = async (db: Kysely<Database>, accountSid: string, count: number, now: string): Promise<string[]> => {
  const sids = Array.from({ length: count }, () => sid('messagingService'));
  await insertChunks(db, 'messaging_services', sids.map((mg) => ({ sid: mg, account_sid: accountSid, friendly_name: 'plan', details: '{}', date_created: now, date_updated: now })));
  await insertChunks(db, 'us_app_to_person', sids.map((mg) => ({
    sid: sid('usAppToPerson'), account_sid: accountSid, messaging_service_sid: mg, brand_registration_sid: null, campaign_status: 'VERIFIED',
    details: '{}', decides_at: null, date_created: now, date_updated: now,
  })));
  return sids;
};

/** The numbers `sids` spread over the services, `perService` each. */
const serviceRows = (sids: readonly string[], services: readonly string[], perService: number, accountSid: string, now: string) =>
  sids.map((number_sid, i) => ({ number_sid, service_sid: services[Math.floor(i / perService)] ?? '', account_sid: accountSid, date_created: now }));

/**
 * Registrations as an installation holds them, so the planner weighs registration tables far larger than
 * one allocation's walk: the pool's numbers in the inventory (as buying leaves them) and every other US
 * long code, in the pool index's (load, phone_number) order, in a messaging service with a VERIFIED
 * campaign; the other customers' OTHER_REGISTERED registered numbers, in services of their own, and
 * toll-free verifications of a tenth of them. Returns the pool's registered sids.
 */
const seedRegistrations = async (db: Kysely<Database>, accountSid: string, serviceSid: string): Promise<Set<string>> => {
  const now = new Date().toISOString();
  const pool = await db.selectFrom('phone_numbers').select(['sid', 'phone_number', 'iso_country', 'area_code'])
    .where('service_sid', '=', serviceSid).orderBy('load').orderBy('phone_number').execute();
  await insertChunks(db, 'numbers', pool.map((n): Insertable<Database['numbers']> => ({
    sid: n.sid, account_sid: accountSid, phone_number: n.phone_number, friendly_name: n.phone_number, state: 'active', type: 'local', origin: 'purchased',
    carrier: 'sandbox', carrier_ref: n.phone_number, iso_country: n.iso_country, cap_voice: 1, cap_sms: 1, cap_mms: 0, cap_fax: 0, config: '{}',
    date_state_changed: now, date_created: now, date_updated: now,
  })));
  const mine = pool.filter((n) => n.iso_country === 'US').filter((_, i) => i % 2 === 1).map((n) => n.sid);
  await insertChunks(db, 'messaging_service_numbers', serviceRows(mine, await messagingServices(db, accountSid, Math.ceil(mine.length / PER_SERVICE), now), PER_SERVICE, accountSid, now));

  const other = sid('account');
  // Lines from 3,000,000 up: never one of the pool's numbers.
  const { sids } = await seedInventory(db, { accountSid: other, count: OTHER_REGISTERED, numberOffset: 6_000_000 });
  await insertChunks(db, 'messaging_service_numbers', serviceRows(sids, await messagingServices(db, other, OTHER_REGISTERED / OTHER_PER_SERVICE, now), OTHER_PER_SERVICE, other, now));
  await insertChunks(db, 'tollfree_verifications', sids.filter((_, i) => i % 10 === 0).map((number) => ({
    sid: sid('tollfreeVerification'), account_sid: other, tollfree_phone_number_sid: number, status: 'TWILIO_APPROVED', details: '{}', decides_at: null,
    date_created: now, date_updated: now,
  })));
  return new Set(mine);
};

/** Planner statistics, as autovacuum / `masq migrate` would leave them on a live database. */
const analyze = async (db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  await sql`analyze`.execute(db);
  if (dialect === 'postgres') await sql`vacuum analyze phone_numbers`.execute(db).catch(() => undefined);
};

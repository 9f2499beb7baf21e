// The allocator's queries must be index-backed: their cost may not grow with the pool. We seed a pool of
// 5,000 numbers (and 1,000 bound participants), EXPLAIN the exact queries the store runs, and check that
// the planner seeks the intended index and never scans or sorts the pool.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import { seedPool } from '../../bench/seed.ts';
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

    before(async () => {
      h = await s.openBench();
      await seedPool(h, { accountSid: sid('account'), serviceSid, numbers: POOL, sessions: POOL / 10 });
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

/** Planner statistics, as autovacuum / `masq migrate` would leave them on a live database. */
const analyze = async (db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  await sql`analyze`.execute(db);
  if (dialect === 'postgres') await sql`vacuum analyze phone_numbers`.execute(db).catch(() => undefined);
};

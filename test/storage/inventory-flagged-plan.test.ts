// The sweeper's walk over flagged numbers (flaggedInactive) must cost O(page) however many numbers are
// held or flagged: the store seeks the cursor inside numbers_flagged_idx (migration 011), walks it in
// (inactive_since, sid) order and stops at the limit. We seed 5,000 numbers, flag a fifth of them (and
// release some flagged ones, which must drop out), EXPLAIN the exact SQL the store sends, and check the
// planner seeks that index, never scans the table, and walks it in order without sorting (but for the last
// few numbers, which PostgreSQL may sort). The pages are checked too: every flagged active number once, in
// order, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { capturedSql, explainLines } from '../../bench/listing-plan.ts';
import { seedInventory } from '../../bench/seed.ts';
import type { InventoryNumber } from '../../src/domain/inventory-number.ts';
import type { FlaggedCursor } from '../../src/ports/store/inventory.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import { sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const HELD = 5_000;
const PAGE = 100;
const FLAG_START = Date.parse('2025-03-01T00:00:00Z');

/** Every fifth number flagged, a few per hour; every twentieth of those then released (still carrying its flag). */
const flagSome = async (h: BenchHandle, sids: readonly string[]): Promise<string[]> => {
  const flagged: string[] = [];
  for (let i = 0; i < sids.length; i += 5) {
    const id = sids[i];
    if (id === undefined) continue;
    const at = new Date(FLAG_START + Math.floor(i / 15) * 3_600_000).toISOString();
    const released = i % 100 === 0;
    await h.kysely.updateTable('numbers').set({ inactive_since: at, ...(released && { state: 'quarantined' }) }).where('sid', '=', id).execute();
    if (!released) flagged.push(id);
  }
  return flagged;
};

for (const s of STORES) {
  describe(`${s.name}: the flagged-numbers walk`, () => {
    let h: BenchHandle;
    let flagged: readonly string[] = [];

    before(async () => {
      h = await s.openBench();
      const { sids } = await seedInventory(h, { accountSid: sid('account'), count: HELD });
      flagged = await flagSome(h, sids);
      // Planner statistics, as autovacuum / an ANALYZE would leave them on a live database.
      await sql`analyze numbers`.execute(h.kysely);
    });
    after(() => h.close());

    const plan = async (cursor: FlaggedCursor | null): Promise<string> => {
      const seen = await capturedSql(h, (store) => store.flaggedInactive(cursor, PAGE));
      const query = seen.find((q) => /\bfrom "numbers"/.test(q.sql));
      assert.ok(query, 'the walk queried numbers');
      return (await explainLines(h, query)).join('\n');
    };

    /** Reads numbers_flagged_idx only: never the table, never a number that is not flagged. */
    const assertIndexBacked = (text: string) => {
      assert.match(text, /numbers_flagged_idx/, text);
      assert.doesNotMatch(text, s.name === 'sqlite' ? /\bSCAN numbers\b(?! USING INDEX)/ : /Seq Scan on numbers/, text);
    };

    /** Walks numbers_flagged_idx in order and stops at the limit: no sort. */
    const assertSeeks = (text: string) => {
      assertIndexBacked(text);
      if (s.name === 'sqlite') {
        assert.match(text, /(SEARCH|SCAN) numbers USING INDEX numbers_flagged_idx/, text);
        assert.doesNotMatch(text, /TEMP B-TREE/, text);
      } else {
        assert.match(text, /Index Scan using numbers_flagged_idx on numbers/, text);
        assert.doesNotMatch(text, /^\s*(->\s*)?(Incremental )?Sort\s+\(/m, text);
      }
    };

    it('the first page walks numbers_flagged_idx from its start, with no sort', async () => {
      assertSeeks(await plan(null));
    });

    it('a later page seeks its cursor inside the index', async () => {
      const text = await plan({ inactiveSince: new Date(FLAG_START + 10 * 3_600_000), sid: 'PN' });
      assertSeeks(text);
      const seek = s.name === 'sqlite' ? /numbers_flagged_idx \(inactive_since>\?\)/ : /Index Cond: \(inactive_since >= /;
      assert.match(text, seek, text);
    });

    // With about a page left, PostgreSQL may read those few through a bitmap of the index and sort them:
    // still only flagged numbers after the cursor, and rightly estimated, so never a sort of the whole walk.
    it('near the end of the walk, the numbers left are still read through the index only', async () => {
      assertIndexBacked(await plan({ inactiveSince: new Date(FLAG_START + 300 * 3_600_000), sid: 'PN' }));
    });

    it('a cursor inside a group flagged at the same instant goes on after its sid, not from the group start', async () => {
      const [anchor] = await h.store.flaggedInactive(null, 1);
      const at = anchor?.inactiveSince;
      assert.ok(anchor && at);
      const next = await h.store.flaggedInactive({ inactiveSince: at, sid: anchor.sid }, 2);
      assert.equal(next[0]?.inactiveSince?.getTime(), at.getTime(), 'the next one was flagged at the same instant');
      assert.deepEqual(next.map((n) => n.sid), flagged.slice(1, 3));
    });

    it('page by page, the walk reads each flagged active number once, in order, and no other', async () => {
      const read: InventoryNumber[] = [];
      let cursor: FlaggedCursor | null = null;
      for (;;) {
        const page: readonly InventoryNumber[] = await h.store.flaggedInactive(cursor, PAGE);
        read.push(...page);
        const last = page[page.length - 1];
        if (page.length < PAGE || !last?.inactiveSince) break;
        cursor = { inactiveSince: last.inactiveSince, sid: last.sid };
      }
      assert.deepEqual(new Set(read.map((n) => n.sid)), new Set(flagged));
      assert.equal(read.length, flagged.length);
      const keys = read.map((n) => `${n.inactiveSince?.toISOString() ?? ''} ${n.sid}`);
      assert.deepEqual(keys, [...keys].sort());
      assert.ok(read.every((n) => n.state === 'active'));
    });
  });
}

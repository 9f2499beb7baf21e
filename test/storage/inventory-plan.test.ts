// An account's IncomingPhoneNumbers listing must cost O(page) however many numbers it holds and however
// deep the page: the store walks numbers_account_created_idx in (date_created, sid) order, seeking the
// PageToken's cursor inside the index, and stops at the page size. We seed 5,000 numbers for one account
// (and 1,000 for another), EXPLAIN the exact SQL the use case sends (bench/listing-plan.ts captures it),
// and check the planner seeks that index and never scans or sorts the table. The pages themselves are
// checked too: the right numbers, in creation order, from the right account.
//
// Selective filters (PhoneNumber matching one number, a unique FriendlyName) are not checked here: no index
// serves a "digits anywhere" match, so they read the account's numbers (BENCHMARKS.md, "Number inventory listing").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { listingPlan } from '../../bench/listing-plan.ts';
import { INVENTORY_SHARED_NAME, seededInventoryCreated, seedInventory } from '../../bench/seed.ts';
import { listIncomingNumbers, type IncomingNumberFilter } from '../../src/app/incoming-numbers.ts';
import type { PageRequest } from '../../src/ports/store.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import { sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const HELD = 5_000;
const PAGE = 50;

for (const s of STORES) {
  describe(`${s.name}: inventory listing query plans`, () => {
    let h: BenchHandle;
    let sids: readonly string[] = [];
    const account = sid('account');

    before(async () => {
      h = await s.openBench();
      ({ sids } = await seedInventory(h, { accountSid: account, count: HELD }));
      await seedInventory(h, { accountSid: sid('account'), count: HELD / 5, numberOffset: HELD });
      // Planner statistics, as autovacuum / an ANALYZE would leave them on a live database.
      await sql`analyze numbers`.execute(h.kysely);
    });
    after(() => h.close());

    const cursorAt = (i: number) => ({ dateCreated: seededInventoryCreated(i), sid: sids[i] ?? '' });
    const list = (filter: IncomingNumberFilter, page: PageRequest) => listIncomingNumbers({ store: h.store }, account, filter, page);

    const assertIndexWalk = async (filter: IncomingNumberFilter, page: PageRequest, seek: RegExp | null) => {
      const plan = await listingPlan(h, account, filter, page);
      const text = plan.lines.join('\n');
      assert.ok(plan.usesIndex, text);
      assert.ok(!plan.scansTable, text);
      assert.ok(!plan.sorts, text);
      if (seek) assert.match(text, seek, text);
    };

    it('the first page walks numbers_account_created_idx from the start and lists the oldest numbers first', async () => {
      await assertIndexWalk({}, { pageSize: PAGE }, null);
      const page = await list({}, { pageSize: PAGE });
      assert.deepEqual(page.items.map((n) => n.sid), sids.slice(0, PAGE));
      assert.equal(page.hasMore, true);
    });

    it('a deep page by PageToken seeks the cursor inside the index: page 50 of 100 starts where the first does', async () => {
      // Half-way, not the very end: with only the last ~50 rows left PostgreSQL may fairly pick a bitmap scan
      // and sort those few rows, which is as cheap; the claim under test is that depth costs nothing.
      const middle = Math.floor(HELD / 2);
      const page = { pageSize: PAGE, after: cursorAt(middle) };
      // The keyset comparison is part of the index condition, not a filter over the rows before it.
      const seek = s.name === 'sqlite' ? /\(account_sid=\? AND \(date_created,sid\)>\(\?,\?\)\)/ : /Index Cond: .*ROW\(date_created, sid\) > ROW\(/;
      await assertIndexWalk({}, page, seek);
      const listed = await list({}, page);
      assert.deepEqual(listed.items.map((n) => n.sid), sids.slice(middle + 1, middle + 1 + PAGE));
      assert.equal(listed.hasMore, true);
    });

    it('a previous page (PageToken before a cursor) walks the index backwards, with no sort', async () => {
      const page = { pageSize: PAGE, before: cursorAt(HELD - PAGE) };
      const seek = s.name === 'sqlite' ? /\(account_sid=\? AND \(date_created,sid\)<\(\?,\?\)\)/ : /Index Scan Backward using numbers_account_created_idx/;
      await assertIndexWalk({}, page, seek);
      const listed = await list({}, page);
      assert.deepEqual(listed.items.map((n) => n.sid), sids.slice(HELD - 2 * PAGE, HELD - PAGE));
    });

    it('a page by number without a token (offset) walks the same index', async () => {
      await assertIndexWalk({}, { pageSize: PAGE, offset: 2_000 }, null);
      const listed = await list({}, { pageSize: PAGE, offset: 2_000 });
      assert.deepEqual(listed.items.map((n) => n.sid), sids.slice(2_000, 2_000 + PAGE));
    });

    it('a filter many numbers match (PhoneNumber digits, a shared FriendlyName) walks the index and stops at the page', async () => {
      await assertIndexWalk({ phoneNumber: '415' }, { pageSize: PAGE }, null);
      await assertIndexWalk({ friendlyName: INVENTORY_SHARED_NAME }, { pageSize: PAGE }, null);
      const named = await list({ friendlyName: INVENTORY_SHARED_NAME }, { pageSize: PAGE });
      assert.equal(named.items.length, PAGE);
      assert.ok(named.items.every((n) => n.friendlyName === INVENTORY_SHARED_NAME && n.accountSid === account));
      const digits = await list({ phoneNumber: '415' }, { pageSize: PAGE });
      assert.ok(digits.items.every((n) => n.phoneNumber.includes('415')));
    });
  });
}

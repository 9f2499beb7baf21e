// The console's session search by participant identifier reads participants through
// participants_service_identifier_idx (migration 021), not by scanning every participant of the service:
// we seed a pool with many sessions, EXPLAIN the exact statement the store runs, and check the probe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyzeMasqTables } from '../../bench/databases.ts';
import { capturedSql, explainLines } from '../../bench/listing-plan.ts';
import { seededParticipant, seedPool } from '../../bench/seed.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import { sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const POOL = { numbers: 100 };
const SESSIONS = 2_000;

for (const s of STORES) {
  describe(`${s.name}: the session search's plan`, () => {
    let h: BenchHandle;
    const serviceSid = sid('service');

    before(async () => {
      h = await s.openBench();
      await seedPool(h, { accountSid: sid('account'), serviceSid, sessions: SESSIONS, ...POOL });
      await analyzeMasqTables(h.kysely);
    });
    after(() => h.close());

    it('finds the identifier\'s sessions through the participants index', async () => {
      const { identifier } = seededParticipant(SESSIONS / 2, 0, POOL);
      const seen = await capturedSql(h, async (store) => {
        const page = await store.listSessions(serviceSid, { pageSize: 50 }, { now: new Date(), identifier });
        assert.equal(page.items.length, 1, 'the seeded participant is in one session');
      });
      const search = seen.find((q) => /from "sessions"/.test(q.sql));
      assert.ok(search, 'the store ran the search');
      const text = (await explainLines(h, search)).join('\n');
      if (s.name === 'sqlite') {
        assert.match(text, /participants_service_identifier_idx/, text);
        assert.doesNotMatch(text, /SCAN participants\b/, text);
      } else {
        assert.match(text, /participants_service_identifier_idx/, text);
        assert.doesNotMatch(text, /Seq Scan on participants/, text);
      }
    });
  });
}

// The route read (findInboundRoute) runs for every inbound message and call, so it must stay a chain of
// index probes however many sessions, numbers and registrations there are: the bound sender by
// participants_route_history_idx, then everything else by a key. Since issue 13 it also brings what SMS
// gating needs for a forward from the partner's number (the account's policy, the number's live inventory
// record, its messaging service, that service's campaign, its latest toll-free verification), so a routed
// message reads nothing more. We seed a pool, EXPLAIN the exact statement the store runs, and check that
// no table is scanned and each gating table is reached through its key or index.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { explainLines } from '../../bench/listing-plan.ts';
import { seededParticipant, seedPool } from '../../bench/seed.ts';
import { analyzeMasqTables } from '../../bench/databases.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import { inboundRouteSql } from '../../src/storage/routing-queries.ts';
import { sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const POOL = { numbers: 200 };
const SESSIONS = 2_000;

/** Each gating table and what reaches it: SQLite's index name, PostgreSQL's index name. */
const GATE_PROBES: readonly { table: string; sqlite: RegExp; postgres: RegExp }[] = [
  { table: 'number_policies', sqlite: /SEARCH gp USING INDEX sqlite_autoindex_number_policies_1 \(account_sid=\?\)/, postgres: /Index (Only )?Scan using number_policies_pkey on number_policies gp/ },
  { table: 'numbers', sqlite: /SEARCH gn USING INDEX numbers_live_phone_number_uq \(phone_number=\?\)/, postgres: /Index Scan using numbers_live_phone_number_uq on numbers gn/ },
  { table: 'messaging_service_numbers', sqlite: /SEARCH gm USING INDEX sqlite_autoindex_messaging_service_numbers_1 \(number_sid=\?\)/, postgres: /Index Scan using messaging_service_numbers_pkey on messaging_service_numbers gm/ },
  { table: 'us_app_to_person', sqlite: /SEARCH gc USING INDEX sqlite_autoindex_us_app_to_person_2 \(messaging_service_sid=\?\)/, postgres: /Index Scan using us_app_to_person_messaging_service_sid_key on us_app_to_person gc/ },
  { table: 'tollfree_verifications', sqlite: /SEARCH gt USING INDEX tollfree_verifications_number_idx \(tollfree_phone_number_sid=\?\)/, postgres: /Index Scan Backward using tollfree_verifications_number_idx on tollfree_verifications gt/ },
];

for (const s of STORES) {
  describe(`${s.name}: the inbound route read's plan`, () => {
    let h: BenchHandle;
    const account = sid('account');

    before(async () => {
      h = await s.openBench();
      await seedPool(h, { accountSid: account, serviceSid: sid('service'), sessions: SESSIONS, carrier: 'twilio', ...POOL });
      // Planner statistics, as autovacuum / an ANALYZE would leave them on a live database.
      await analyzeMasqTables(h.kysely);
    });
    after(() => h.close());

    const plan = async (): Promise<string> => {
      const { identifier, proxy } = seededParticipant(SESSIONS / 2, 0, POOL);
      return (await explainLines(h, inboundRouteSql(h.kysely, proxy, identifier))).join('\n');
    };

    // The seeded database has one service, which both planners fairly read whole (one row); no other table is.
    it('finds the sender through an index on participants and scans no table but the one-row services', async () => {
      const text = await plan();
      if (s.name === 'sqlite') {
        assert.match(text, /SEARCH p USING INDEX participants_(route_history_idx|binding_uq)/, text);
        assert.deepEqual(text.match(/\bSCAN \w+/g) ?? [], text.includes('SCAN v') ? ['SCAN v'] : [], text);
      } else {
        assert.match(text, /Index Scan( Backward)? using participants_(route_history_idx|binding_uq) on participants p/, text);
        assert.deepEqual((text.match(/Seq Scan on \w+/g) ?? []).filter((scan) => scan !== 'Seq Scan on services'), [], text);
      }
    });

    for (const probe of GATE_PROBES) {
      it(`reads the gating fact in ${probe.table} by its key or index`, async () => {
        const text = await plan();
        assert.match(text, s.name === 'sqlite' ? probe.sqlite : probe.postgres, text);
      });
    }
  });
}

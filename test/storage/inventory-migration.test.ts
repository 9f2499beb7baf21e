// Migration 009 adds the number inventory. A database at migration 008 with a pool in use (a number bound in
// an open session, the identifier's number history, a number outside any pool) is upgraded on SQLite and
// PostgreSQL: every pool record gets its active inventory record with the same sid, the sessions, bindings
// and history are untouched (SQLite rebuilds phone_numbers to drop its unique constraint), foreign keys still
// hold, and the E.164 can now belong to a second, later record. Migrating down restores the constraint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openStore } from '../../src/storage/open-store.ts';
import type { Database } from '../../src/storage/schema.ts';
import { at } from '../support/fixtures.ts';
import { countRows, migratorUpTo, onDatabase, PLACES, succeeded } from '../support/migration-places.ts';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const SERVICE = `KS${'2'.repeat(32)}`;
const SESSION = `KC${'3'.repeat(32)}`;
const POOLED = `PN${'4'.repeat(32)}`;
const SPARE = `PN${'5'.repeat(32)}`;
const d = (seconds: number) => at(seconds).toISOString();

/** The previous release's rows: a service, a pool number bound in an open session, a number in no pool. */
const seedPoolInUse = async (db: Kysely<Database>): Promise<void> => {
  await sql`insert into accounts (sid, friendly_name, auth_token, date_created, date_updated) values (${ACCOUNT}, 'old', 'token', ${d(0)}, ${d(0)})`.execute(db);
  await sql`insert into services (sid, account_sid, unique_name, default_ttl, geo_match_level, number_selection_behavior, date_created, date_updated)
    values (${SERVICE}, ${ACCOUNT}, 'rides', 0, 'country', 'prefer-sticky', ${d(0)}, ${d(0)})`.execute(db);
  const number = (sid: string, e164: string, service: string | null, load: number) =>
    sql`insert into phone_numbers (sid, account_sid, service_sid, phone_number, friendly_name, iso_country, area_code, cap_voice, cap_sms, cap_mms, carrier, is_reserved, load, date_created, date_updated)
      values (${sid}, ${ACCOUNT}, ${service}, ${e164}, null, 'US', '415', 1, 1, 0, 'sandbox', 0, ${load}, ${d(1)}, ${d(2)})`.execute(db);
  await number(POOLED, '+14155550100', SERVICE, 1);
  await number(SPARE, '+14155550101', null, 0);
  await sql`insert into sessions (sid, service_sid, account_sid, status, mode, ttl, date_started, date_created, date_updated)
    values (${SESSION}, ${SERVICE}, ${ACCOUNT}, 'open', 'voice-and-message', 0, ${d(3)}, ${d(3)}, ${d(3)})`.execute(db);
  await sql`insert into participants (sid, session_sid, service_sid, account_sid, identifier, proxy_identifier, proxy_identifier_sid, bound, date_created, date_updated)
    values (${`KP${'6'.repeat(32)}`}, ${SESSION}, ${SERVICE}, ${ACCOUNT}, '+12125550100', '+14155550100', ${POOLED}, 1, ${d(4)}, ${d(4)})`.execute(db);
  await sql`insert into number_history (service_sid, identifier, number_sid, last_used_at) values (${SERVICE}, '+12125550100', ${POOLED}, ${d(4)})`.execute(db);
};

for (const p of PLACES) {
  describe(`${p.name}: migration 009 (the number inventory)`, () => {
    it('gives every pool record an active inventory record, keeps sessions, bindings and history, and frees the E.164 for a later record', async () => {
      const place = await p.make();
      try {
        await onDatabase(place.url, async (old) => {
          succeeded(await (await migratorUpTo(old, '008-jobs')).migrateToLatest());
          await seedPoolInUse(old.kysely);
        });

        const store = await openStore(place.url);
        try {
          const pooled = await store.findInventoryNumber(ACCOUNT, POOLED);
          assert.deepEqual([pooled?.state, pooled?.phoneNumber, pooled?.origin, pooled?.carrier, pooled?.dateCreated], ['active', '+14155550100', 'added', 'sandbox', at(1)]);
          assert.deepEqual(pooled?.capabilities, { voice: true, sms: true, mms: false, fax: false });
          assert.equal((await store.findInventoryNumber(ACCOUNT, SPARE))?.state, 'active');
          assert.deepEqual([(await store.findNumberByE164('+14155550100'))?.serviceSid, (await store.findNumberBySid(ACCOUNT, POOLED))?.load], [SERVICE, 1]);
          assert.equal(await store.countSessionsUsingNumber(POOLED), 1);
          const route = await store.findInboundRoute('+14155550100', '+12125550100');
          assert.equal(route?.session.sid, SESSION);
          // The number leaves masq (recycled): a later record may hold its E.164 (below).
          await store.updateInventoryNumber(ACCOUNT, SPARE, { state: 'recycled', dateUpdated: at(9) });
        } finally {
          await store.close();
        }

        await onDatabase(place.url, async (upgraded) => {
          assert.deepEqual([await countRows(upgraded.kysely, 'numbers'), await countRows(upgraded.kysely, 'number_history'), await countRows(upgraded.kysely, 'participants')], [2, 1, 1]);
          // Foreign keys still bind participants to pool records after the rebuild.
          await assert.rejects(sql`insert into participants (sid, session_sid, service_sid, account_sid, identifier, proxy_identifier, proxy_identifier_sid, bound, date_created, date_updated)
            values (${`KP${'8'.repeat(32)}`}, ${SESSION}, ${SERVICE}, ${ACCOUNT}, '+12125550199', '+14155550199', ${`PN${'9'.repeat(32)}`}, 0, ${d(5)}, ${d(5)})`.execute(upgraded.kysely));
          // A second pool record with the recycled E.164 is accepted (history kept beside it).
          await sql`insert into phone_numbers (sid, account_sid, service_sid, phone_number, friendly_name, iso_country, area_code, cap_voice, cap_sms, cap_mms, carrier, is_reserved, load, date_created, date_updated)
            values (${`PN${'7'.repeat(32)}`}, ${ACCOUNT}, null, '+14155550101', null, 'US', '415', 1, 1, 0, 'sandbox', 0, 0, ${d(10)}, ${d(10)})`.execute(upgraded.kysely);
          await sql`delete from phone_numbers where sid = ${`PN${'7'.repeat(32)}`}`.execute(upgraded.kysely);
          // And down: the inventory goes, the unique constraint comes back.
          succeeded(await (await migratorUpTo(upgraded, '~')).migrateTo('008-jobs'));
          await assert.rejects(countRows(upgraded.kysely, 'numbers'));
          await assert.rejects(sql`insert into phone_numbers (sid, account_sid, service_sid, phone_number, friendly_name, iso_country, area_code, cap_voice, cap_sms, cap_mms, carrier, is_reserved, load, date_created, date_updated)
            values (${`PN${'7'.repeat(32)}`}, ${ACCOUNT}, null, '+14155550101', null, 'US', '415', 1, 1, 0, 'sandbox', 0, 0, ${d(10)}, ${d(10)})`.execute(upgraded.kysely));
          assert.equal(await countRows(upgraded.kysely, 'number_history'), 1);
        });
      } finally {
        await place.cleanup();
      }
    });
  });
}

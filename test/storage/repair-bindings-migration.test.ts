// Migration 005 repairs what the close vs add-participant race left in existing databases: participants
// still bound in sessions that ended (or deleted ones still bound) and loads that count them. Seeded here
// in exactly that broken state, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createSession } from '../../src/app/create-session.ts';
import { AppError } from '../../src/domain/errors.ts';
import { m005RepairBindings } from '../../src/storage/migrations/005-repair-bindings.ts';
import { testDeps } from '../support/app-deps.ts';
import { aParticipant, aSession, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const WHO = '+12125550100';
const OTHER = '+12125550111';
const GONE = '+12125550122';

for (const s of STORES) {
  describe(`${s.name}: migration 005 (repair bindings)`, () => {
    it('unbinds participants of closed and failed sessions and removed ones, and recomputes every load', async () => {
      const handle = await s.openBench();
      try {
        const { store, kysely: db } = handle;
        const deps = testDeps(store);
        const { service } = await givenService(store);
        const [n1, n2] = await givenPool(store, service, 2);
        assert.ok(n1 && n2);
        const [live, closed, failed] = [aSession(service), aSession(service), aSession(service)];
        for (const session of [live, closed, failed]) await store.createSession(session);
        await store.createParticipant(aParticipant(live, n1, { identifier: OTHER }));
        const removed = aParticipant(live, n2, { identifier: GONE });
        await store.createParticipant(removed);
        await store.createParticipant(aParticipant(closed, n1, { identifier: WHO }));
        await store.createParticipant(aParticipant(failed, n2, { identifier: WHO }));
        // The broken state: sessions ended and a participant removed without unbinding, and a load that drifted.
        await db.updateTable('sessions').set({ status: 'closed', closed_reason: 'api' }).where('sid', '=', closed.sid).execute();
        await db.updateTable('sessions').set({ status: 'failed' }).where('sid', '=', failed.sid).execute();
        await db.updateTable('participants').set({ date_deleted: at(5).toISOString() }).where('sid', '=', removed.sid).execute();
        await db.updateTable('phone_numbers').set({ load: 7 }).where('sid', '=', n1.sid).execute();
        const refused = (err: unknown) => err instanceof AppError && err.code === 'no-unused-proxy';
        await assert.rejects(createSession(deps, service, { participants: [{ identifier: WHO }] }), refused, 'the symptom: refused for good');

        const migration = m005RepairBindings({ date: s.name === 'postgres' ? 'timestamptz' : 'text' });
        await migration.up(db);
        await migration.up(db); // running it again changes nothing

        assert.equal((await store.activeBindings(service.sid, WHO)).size, 0);
        assert.equal((await store.activeBindings(service.sid, GONE)).size, 0);
        assert.deepEqual([...(await store.activeBindings(service.sid, OTHER))], [n1.sid], 'a live binding stays');
        const loads = await db.selectFrom('phone_numbers').select(['sid', 'load']).where('service_sid', '=', service.sid).execute();
        assert.deepEqual(Object.fromEntries(loads.map((n) => [n.sid, n.load])), { [n1.sid]: 1, [n2.sid]: 0 });
        const { participants } = await createSession(deps, service, { participants: [{ identifier: WHO }] });
        assert.equal(participants.length, 1, 'the identifier can join a session again');
      } finally {
        await handle.close();
      }
    });

    it('runs when a database is migrated', async () => {
      const handle = await s.openBench();
      try {
        const { rows } = await sql<{ name: string }>`select name from masq_migration`.execute(handle.kysely);
        assert.ok(rows.some((r) => r.name === '005-repair-bindings'));
      } finally {
        await handle.close();
      }
    });
  });
}

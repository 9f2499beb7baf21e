// The allocation use cases against real databases: what a user of the API would see.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { addParticipant } from '../../src/app/add-participant.ts';
import { createSession } from '../../src/app/create-session.ts';
import { removeParticipant } from '../../src/app/remove-participant.ts';
import { updateSession } from '../../src/app/update-session.ts';
import { AppError, type ErrorName } from '../../src/domain/errors.ts';
import type { PoolNumber } from '../../src/domain/pool-number.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { aPoolNumber, aService, anAccount } from '../support/fixtures.ts';
import { storeNumber } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const rejectsWith = (code: ErrorName) => (err: unknown) => {
  assert.ok(err instanceof AppError, `expected AppError ${code}, got ${String(err)}`);
  assert.equal(err.code, code, `expected ${code}, got ${String(err)}`);
  return true;
};

const A = '+14155550101', B = '+14155550102', C = '+14155550103', X = '+14155550201', Y = '+14155550202';

for (const db of STORES) {
  describe(`allocation use cases on ${db.name}`, () => {
    // Each scenario gets a database of its own: numbers are unique per installation.
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    const setup = async (numbers: Partial<PoolNumber>[], service: Partial<Service> = {}) => {
      const store = await db.open();
      opened.push(store);
      const deps = testDeps(store);
      const account = anAccount();
      await store.upsertAccount(account);
      const svc = aService(account, service);
      await store.createService(svc);
      const pool: PoolNumber[] = [];
      for (const n of numbers) {
        const number = aPoolNumber(svc, n);
        await storeNumber(store, number);
        pool.push(number);
      }
      const session = (...ids: string[]) => createSession(deps, svc, { participants: ids.map((identifier) => ({ identifier })) });
      return { deps, svc, pool, session, store };
    };

    test("Twilio's walkthrough: two numbers serve three deliveries, Driver X gets a second number", async () => {
      const { session } = await setup([{ phoneNumber: '+14155551212' }, { phoneNumber: '+14155553434' }]);
      const s1 = await session(A, X);
      assert.deepEqual(s1.participants.map((p) => p.proxyIdentifier), ['+14155551212', '+14155551212'], 'both share one number');
      const s2 = await session(B, Y);
      assert.deepEqual(s2.participants.map((p) => p.proxyIdentifier), ['+14155553434', '+14155553434'], 'load is spread');
      const s3 = await session(C, X);
      const [c, x] = s3.participants;
      assert.equal(c?.proxyIdentifier, '+14155551212');
      assert.equal(x?.proxyIdentifier, '+14155553434', 'X already talks to A on 1212');
    });

    test('each participant gets a number of their own country; shared dialing codes resolve', async () => {
      const { session } = await setup([
        { phoneNumber: '+14155551212' },
        { phoneNumber: '+447700900999', isoCountry: 'GB', areaCode: null },
      ]);
      const uk = await session('+447700900123', X);
      assert.deepEqual(uk.participants.map((p) => p.proxyIdentifier), ['+447700900999', '+14155551212']);
      const guernsey = await session('+441481256789');
      assert.equal(guernsey.participants[0]?.proxyIdentifier, '+447700900999', 'Guernsey is served by GB numbers');
      const antigua = await session('+12684601234');
      assert.equal(antigua.participants[0]?.proxyIdentifier, '+14155551212', 'Antigua is served by US numbers');
    });

    test('an island with its own number in the pool gets it', async () => {
      const { session } = await setup([{ phoneNumber: '+14155551212' }, { phoneNumber: '+12684609999', isoCountry: 'AG', areaCode: '268' }]);
      const antigua = await session('+12684601234');
      assert.equal(antigua.participants[0]?.proxyIdentifier, '+12684609999');
    });

    test('every refusal names its reason', async () => {
      await assert.rejects((await setup([])).session(A), rejectsWith('pool-empty'));
      await assert.rejects((await setup([{ isReserved: true }])).session(A), rejectsWith('only-reserved-numbers'));
      const voiceOnly = await setup([{ capabilities: { voice: true, sms: false, mms: false } }]);
      await assert.rejects(createSession(voiceOnly.deps, voiceOnly.svc, { mode: 'message-only', participants: [{ identifier: A }] }), rejectsWith('no-message-proxy'));
      const smsOnly = await setup([{ capabilities: { voice: false, sms: true, mms: false } }]);
      await assert.rejects(smsOnly.session(A), rejectsWith('no-voice-proxy'));
      await assert.rejects((await setup([{}])).session('+447700900123'), rejectsWith('no-proxy-for-country'));
      const one = await setup([{}]);
      await one.session(A);
      await assert.rejects(one.session(A), rejectsWith('no-unused-proxy'));
    });

    test('a reserved number is used only when named', async () => {
      const { deps, svc, pool } = await setup([{ isReserved: true }]);
      const reserved = pool[0]!;
      const { participants } = await createSession(deps, svc, { participants: [{ identifier: A, proxyIdentifier: reserved.phoneNumber }] });
      assert.equal(participants[0]?.proxyIdentifierSid, reserved.sid);
      const bySid = await createSession(deps, svc, { participants: [{ identifier: B, proxyIdentifierSid: reserved.sid }] });
      assert.equal(bySid.participants[0]?.proxyIdentifier, reserved.phoneNumber);
      await assert.rejects(createSession(deps, svc, { participants: [{ identifier: A, proxyIdentifier: reserved.phoneNumber }] }), rejectsWith('proxy-identifier-in-use'));
      await assert.rejects(createSession(deps, svc, { participants: [{ identifier: C, proxyIdentifier: '+14155559999' }] }), rejectsWith('proxy-identifier-not-found'));
    });

    test('channel identifiers need a named proxy identifier', async () => {
      const { deps, svc } = await setup([{}]);
      await assert.rejects(createSession(deps, svc, { participants: [{ identifier: 'whatsapp:+14155550101' }] }), rejectsWith('identifier-type-unsupported'));
      const { participants } = await createSession(deps, svc, {
        participants: [{ identifier: 'whatsapp:+14155550101', proxyIdentifier: 'whatsapp:+14155550000' }],
      });
      assert.equal(participants[0]?.proxyIdentifier, 'whatsapp:+14155550000');
      assert.equal(participants[0]?.proxyIdentifierSid, null);
    });

    test('participant rules: at most two, no duplicates, a removed identifier cannot rejoin', async () => {
      const { deps, svc, session } = await setup([{}, {}]);
      const { session: s } = await session(A, X);
      await assert.rejects(addParticipant(deps, svc, s.sid, { identifier: B }), rejectsWith('too-many-participants'));
      await assert.rejects(session(A, A), rejectsWith('participant-already-in-session'));
      const { session: s2, participants } = await session(B);
      await assert.rejects(addParticipant(deps, svc, s2.sid, { identifier: B }), rejectsWith('participant-already-in-session'));
      await removeParticipant(deps, svc, s2.sid, participants[0]!.sid);
      await assert.rejects(addParticipant(deps, svc, s2.sid, { identifier: B }), rejectsWith('duplicate-entry'));
      await assert.rejects(createSession(deps, svc, { participants: [{ identifier: A }, { identifier: B }, { identifier: C }] }), rejectsWith('too-many-participants'));
    });

    test('prefer-sticky gives a returning identifier its last number; avoid-sticky a new one', async () => {
      for (const behavior of ['prefer-sticky', 'avoid-sticky'] as const) {
        const { deps, svc, session } = await setup([{ phoneNumber: '+14155551212' }, { phoneNumber: '+14155553434' }], { numberSelectionBehavior: behavior });
        const first = await session(A);
        await session(B); // loads 1212 ...
        await session(C); // ... and 3434, so load alone would not decide
        await updateSession(deps, svc, first.session.sid, { status: 'closed' });
        const again = await session(A);
        const same = again.participants[0]?.proxyIdentifier === first.participants[0]?.proxyIdentifier;
        assert.equal(same, behavior === 'prefer-sticky', behavior);
      }
    });

    test('an expired session frees its numbers before the sweeper runs, and reads as closed', async () => {
      const { deps, svc, session, store } = await setup([{}]);
      const { session: s } = await createSession(deps, svc, { ttl: 60, participants: [{ identifier: A }] });
      await assert.rejects(session(A), rejectsWith('no-unused-proxy'));
      deps.clock.advance(61);
      const again = await session(A);
      assert.equal(again.participants.length, 1);
      const closed = await store.findSession(svc.sid, s.sid);
      assert.equal(closed?.status, 'closed');
      assert.equal(closed?.closedReason, 'ttl');
    });

    test('close and re-open; re-open refused while the number is taken elsewhere', async () => {
      const { deps, svc, session } = await setup([{}]);
      const first = await session(A);
      const closed = await updateSession(deps, svc, first.session.sid, { status: 'closed' });
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closedReason, 'api');
      assert.ok(closed.dateEnded);
      await assert.rejects(updateSession(deps, svc, first.session.sid, { ttl: 30 }), rejectsWith('session-closed'));
      const reopened = await updateSession(deps, svc, first.session.sid, { status: 'in-progress' });
      assert.equal(reopened.status, 'in-progress');
      await assert.rejects(updateSession(deps, svc, first.session.sid, { status: 'open' }), rejectsWith('session-status-change-unsupported'));
      await updateSession(deps, svc, first.session.sid, { status: 'closed' });
      await session(A); // takes the only number
      await assert.rejects(updateSession(deps, svc, first.session.sid, { status: 'in-progress' }), rejectsWith('reopen-conflict'));
    });

    test('concurrent sessions for one identifier never share a number', async () => {
      const { session } = await setup(Array.from({ length: 12 }, () => ({})));
      const results = await Promise.allSettled(Array.from({ length: 15 }, () => session(X)));
      const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.participants[0]?.proxyIdentifier] : []));
      assert.equal(numbers.length, 12);
      assert.equal(new Set(numbers).size, 12);
      for (const r of results) if (r.status === 'rejected') rejectsWith('no-unused-proxy')(r.reason);
    });
  });
}

// The inventory repository on SQLite and PostgreSQL: a number is unique among live records only, lists
// filter and page as IncomingPhoneNumbers needs, the history of an E.164 is kept, and the lifecycle queues
// (due quarantines, inactivity, provisioning) find what the sweeper needs.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { HELD_STATES } from '../../src/app/incoming-numbers.ts';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant, aSession, anAccount, anInventoryNumber, at, sid } from '../support/fixtures.ts';
import { givenPool, givenService, openWithAccount } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const isPhoneConflict = (err: unknown): boolean => err instanceof StoreConflict && err.kind === 'phone-number';

for (const s of STORES) {
  describe(`${s.name}: inventory`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    it('stores a record whole and finds it by sid (own account only) and the live one by E.164', async () => {
      const n = anInventoryNumber(accountSid, '+14155550100', {
        place: { isoCountry: 'US', region: 'CA', locality: 'San Francisco', rateCenter: 'SNFC CNTRL', lata: '722', postalCode: '94105', latitude: 37.7749, longitude: -122.4194 },
        config: { ...anInventoryNumber(accountSid).config, voiceUrl: 'http://127.0.0.1:9/v', smsMethod: 'GET' },
        lastTrafficAt: at(5), quarantineUntil: at(6), dateReleased: at(7), stateReason: 'why', quarantineExtensions: 2,
      });
      await store.createInventoryNumber(n);
      assert.deepEqual(await store.findInventoryNumber(accountSid, n.sid), n);
      assert.deepEqual(await store.findLiveNumber('+14155550100'), n);
      assert.equal(await store.findInventoryNumber(sid('account'), n.sid), null);
    });

    it('refuses a second live record of an E.164 in any account; a recycled, returned or failed one leaves it free', async () => {
      const first = anInventoryNumber(accountSid, '+14155550100');
      await store.createInventoryNumber(first);
      const other = anAccount();
      await store.upsertAccount(other);
      await assert.rejects(store.createInventoryNumber(anInventoryNumber(other.sid, '+14155550100', { state: 'provisioning' })), isPhoneConflict);
      await store.updateInventoryNumber(accountSid, first.sid, { state: 'quarantined', dateUpdated: at(1) });
      await assert.rejects(store.createInventoryNumber(anInventoryNumber(other.sid, '+14155550100')), isPhoneConflict, 'quarantine still holds it');
      await store.updateInventoryNumber(accountSid, first.sid, { state: 'recycled', dateUpdated: at(2) });
      const second = anInventoryNumber(other.sid, '+14155550100', { dateCreated: at(3) });
      await store.createInventoryNumber(second);
      assert.equal((await store.findLiveNumber('+14155550100'))?.sid, second.sid);
      const mine = anInventoryNumber(accountSid, '+14155550100', { state: 'failed', dateCreated: at(4) });
      await store.createInventoryNumber(mine);
      assert.deepEqual((await store.numberHistory(accountSid, '+14155550100')).map((n) => n.sid), [mine.sid, first.sid]);
    });

    it('lists by state, digits with * wildcards, friendly name, type and carrier, keyset-paged in creation order', async () => {
      const numbers = [
        anInventoryNumber(accountSid, '+14155550100', { dateCreated: at(1), friendlyName: 'fleet' }),
        anInventoryNumber(accountSid, '+14155550111', { dateCreated: at(2), type: 'toll-free', carrier: 'twilio' }),
        anInventoryNumber(accountSid, '+12125550100', { dateCreated: at(3), friendlyName: 'fleet' }),
        anInventoryNumber(accountSid, '+12125550199', { dateCreated: at(4), state: 'quarantined' }),
      ];
      for (const n of numbers) await store.createInventoryNumber(n);
      const list = async (filter: Omit<Parameters<Store['listInventory']>[1], 'states'>, pageSize = 10) =>
        (await store.listInventory(accountSid, { states: HELD_STATES, ...filter }, { pageSize })).items.map((n) => n.phoneNumber);
      assert.deepEqual(await list({}), ['+14155550100', '+14155550111', '+12125550100']);
      assert.deepEqual(await list({ phoneNumber: '415555*1' }), ['+14155550100', '+14155550111']);
      assert.deepEqual(await list({ friendlyName: 'fleet' }), ['+14155550100', '+12125550100']);
      assert.deepEqual(await list({ type: 'toll-free' }), ['+14155550111']);
      assert.deepEqual(await list({ carrier: 'twilio' }), ['+14155550111']);
      const first = await store.listInventory(accountSid, { states: HELD_STATES }, { pageSize: 2 });
      assert.equal(first.hasMore, true);
      const last = first.items.at(-1);
      assert.ok(last);
      const next = await store.listInventory(accountSid, { states: HELD_STATES }, { pageSize: 2, after: { dateCreated: last.dateCreated, sid: last.sid } });
      assert.deepEqual([next.items.map((n) => n.phoneNumber), next.hasMore], [['+12125550100'], false]);
      assert.deepEqual((await store.listInventory(accountSid, { states: ['quarantined'] }, { pageSize: 10 })).items.map((n) => n.phoneNumber), ['+12125550199']);
    });

    it('moves a number and its pool record (in no pool) to another account', async () => {
      const { service } = await givenService(store);
      const [pooled] = await givenPool(store, service, 1, () => ({ serviceSid: null }));
      assert.ok(pooled);
      const other = anAccount();
      await store.upsertAccount(other);
      const moved = await store.moveNumberToAccount(service.accountSid, pooled.sid, other.sid, at(7));
      assert.deepEqual([moved?.accountSid, moved?.dateUpdated], [other.sid, at(7)]);
      assert.equal((await store.findNumberBySid(other.sid, pooled.sid))?.accountSid, other.sid);
      assert.equal(await store.moveNumberToAccount(service.accountSid, pooled.sid, other.sid, at(8)), null, 'no longer in the first account');
    });

    it('records misdirected traffic and sums it per sender and channel, and within a window', async () => {
      const n = anInventoryNumber(accountSid, '+14155550100', { state: 'quarantined' });
      await store.createInventoryNumber(n);
      const attempt = (sender: string, channel: 'message' | 'voice', seconds: number) =>
        store.recordMisdirected({ id: sid('interaction'), numberSid: n.sid, sender, channel, occurredAt: at(seconds) });
      await attempt('+12125550100', 'message', 1);
      await attempt('+12125550100', 'message', 5);
      await attempt('+12125550100', 'voice', 3);
      await attempt('+13125550100', 'message', 9);
      assert.equal(await store.countMisdirectedSince(n.sid, at(4)), 2);
      assert.deepEqual(await store.misdirectedSummary(n.sid), [
        { sender: '+13125550100', channel: 'message', count: 1, firstSeen: at(9), lastSeen: at(9) },
        { sender: '+12125550100', channel: 'message', count: 2, firstSeen: at(1), lastSeen: at(5) },
        { sender: '+12125550100', channel: 'voice', count: 1, firstSeen: at(3), lastSeen: at(3) },
      ]);
    });

    it('keeps opt-outs by E.164 (whoever holds the number) and takes them back', async () => {
      await store.recordOptOut('+14155550100', '+12125550100', 'STOP', at(1));
      await store.recordOptOut('+14155550100', '+12125550100', 'STOPALL', at(2));
      assert.equal(await store.isOptedOut('+14155550100', '+12125550100'), true);
      assert.equal(await store.isOptedOut('+14155550101', '+12125550100'), false);
      assert.equal(await store.removeOptOut('+14155550100', '+12125550100'), true);
      assert.equal(await store.isOptedOut('+14155550100', '+12125550100'), false);
    });

    it("stores an account's number policy as given", async () => {
      assert.equal(await store.getNumberPolicy(accountSid), null);
      await store.setNumberPolicy(accountSid, '{"inactivityDays":45}', at(1));
      await store.setNumberPolicy(accountSid, '{"inactivityDays":60}', at(2));
      assert.equal(await store.getNumberPolicy(accountSid), '{"inactivityDays":60}');
    });

    it('finds due quarantines, inactivity candidates, warned numbers and pending orders', async () => {
      const add = async (o: Parameters<typeof anInventoryNumber>[2]) => {
        const n = anInventoryNumber(accountSid, undefined, o);
        await store.createInventoryNumber(n);
        return n.sid;
      };
      const due = await add({ state: 'quarantined', quarantineUntil: at(10) });
      await add({ state: 'quarantined', quarantineUntil: at(30) });
      const quiet = await add({ lastTrafficAt: at(5) });
      const neverUsed = await add({ lastTrafficAt: null, dateStateChanged: at(1) });
      await add({ lastTrafficAt: at(50) });
      const warned = await add({ lastTrafficAt: at(1), inactiveSince: at(2), inactivityWarnedAt: at(3) });
      const pending = await add({ state: 'provisioning' });
      assert.deepEqual((await store.dueQuarantines(at(20), 10)).map((n) => n.sid), [due]);
      assert.deepEqual(new Set((await store.inactivityCandidates(at(20), 10)).map((n) => n.sid)), new Set([quiet, neverUsed]));
      assert.deepEqual((await store.warnedInactive(at(5), 10)).map((n) => n.sid), [warned]);
      assert.deepEqual((await store.provisioningNumbers(10)).map((n) => n.sid), [pending]);
    });

    it("tells a number's last traffic through any of its sessions, open or closed", async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      assert.equal(await store.lastSessionTraffic(n), null);
      for (const [i, last] of [at(40), at(70)].entries()) {
        const session = aSession(service, { dateLastInteraction: last, status: i === 0 ? 'closed' : 'open' });
        await store.createSession(session);
        await store.createParticipant(aParticipant(session, n));
      }
      assert.deepEqual(await store.lastSessionTraffic(n), at(70));
    });
  });
}

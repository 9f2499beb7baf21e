import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant, aService, aSession, anAccount, anApiKey, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const isConflict = (kind: StoreConflict['kind']) => (err: unknown) => err instanceof StoreConflict && err.kind === kind;

for (const s of STORES) {
  describe(`${s.name}: accounts and services`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('upserts accounts, keeping date_created, and stores API keys', async () => {
      const account = anAccount();
      await store.upsertAccount(account);
      await store.upsertAccount({ ...account, friendlyName: 'renamed', authToken: 'new-token', dateCreated: at(99), dateUpdated: at(5) });
      assert.deepEqual(await store.getAccount(account.sid), { ...account, friendlyName: 'renamed', authToken: 'new-token', dateUpdated: at(5) });
      const key = anApiKey(account, { friendlyName: 'ci' });
      await store.createApiKey(key);
      assert.deepEqual(await store.getApiKey(key.sid), key);
      assert.equal(await store.getApiKey('SK00000000000000000000000000000000'), null);
      assert.equal(await store.getAccount('AC00000000000000000000000000000000'), null);
    });

    it('creates a service and finds it by sid or unique name, with every field intact', async () => {
      const { account } = await givenService(store);
      const service = aService(account, {
        uniqueName: 'rides', callbackUrl: 'https://example.com/cb', interceptCallbackUrl: 'https://example.com/i',
        outOfSessionCallbackUrl: 'https://example.com/o', chatInstanceSid: 'IS0123', defaultTtl: 3600,
        geoMatchLevel: 'area-code', numberSelectionBehavior: 'avoid-sticky',
        dialRules: { argentinaMobileNine: true, mexicoLegacyOne: false }, poolLimit: 25,
        dateCreated: new Date('2024-02-29T23:59:59.999Z'), dateUpdated: new Date('2024-03-01T00:00:00.001Z'),
      });
      await store.createService(service);
      assert.deepEqual(await store.findService(account.sid, service.sid), service);
      assert.deepEqual(await store.findService(account.sid, 'rides'), service);
      assert.equal(await store.findService(account.sid, 'nope'), null);
    });

    it("never returns another account's service, by sid or by name", async () => {
      const { service } = await givenService(store, { uniqueName: 'shared-name' });
      const other = anAccount();
      await store.upsertAccount(other);
      assert.equal(await store.findService(other.sid, service.sid), null);
      assert.equal(await store.findService(other.sid, 'shared-name'), null);
      assert.equal(await store.updateService(other.sid, service.sid, { defaultTtl: 5, dateUpdated: at(1) }), null);
      assert.equal(await store.deleteService(other.sid, service.sid), false);
      assert.deepEqual((await store.listServices(other.sid, { pageSize: 10 })).items, []);
    });

    it('refuses a unique name already used in the account, but not in another account', async () => {
      const { account } = await givenService(store, { uniqueName: 'taken' });
      await assert.rejects(store.createService(aService(account, { uniqueName: 'taken' })), isConflict('service-unique-name'));
      const other = anAccount();
      await store.upsertAccount(other);
      await store.createService(aService(other, { uniqueName: 'taken' }));
      const second = aService(account, { uniqueName: 'free' });
      await store.createService(second);
      await assert.rejects(store.updateService(account.sid, second.sid, { uniqueName: 'taken', dateUpdated: at(1) }), isConflict('service-unique-name'));
    });

    it('updates only the fields in the patch', async () => {
      const { account, service } = await givenService(store);
      const updated = await store.updateService(account.sid, service.sid, { defaultTtl: 60, callbackUrl: null, poolLimit: 3, dateUpdated: at(10) });
      assert.deepEqual(updated, { ...service, defaultTtl: 60, callbackUrl: null, poolLimit: 3, dateUpdated: at(10) });
      assert.deepEqual(await store.findService(account.sid, service.sid), updated);
      assert.equal(await store.updateService(account.sid, 'KS00000000000000000000000000000000', { dateUpdated: at(1) }), null);
    });

    it('pages services by (date_created, sid) forwards and backwards', async () => {
      const account = anAccount();
      await store.upsertAccount(account);
      // Two share a date_created: the sid breaks the tie.
      const services = [aService(account, { dateCreated: at(1) }), aService(account, { dateCreated: at(2) }), aService(account, { dateCreated: at(2) }),
        aService(account, { dateCreated: at(3) }), aService(account, { dateCreated: at(4) })];
      for (const svc of [...services].reverse()) await store.createService(svc);
      const ordered = [...services].sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || (a.sid < b.sid ? -1 : 1)).map((x) => x.sid);
      const cursor = (sid: string) => {
        const svc = services.find((x) => x.sid === sid);
        assert.ok(svc);
        return { dateCreated: svc.dateCreated, sid };
      };
      const p1 = await store.listServices(account.sid, { pageSize: 2 });
      assert.deepEqual([p1.items.map((x) => x.sid), p1.hasMore], [ordered.slice(0, 2), true]);
      const p2 = await store.listServices(account.sid, { pageSize: 2, after: cursor(ordered[1] ?? '') });
      assert.deepEqual([p2.items.map((x) => x.sid), p2.hasMore], [ordered.slice(2, 4), true]);
      const p3 = await store.listServices(account.sid, { pageSize: 2, after: cursor(ordered[3] ?? '') });
      assert.deepEqual([p3.items.map((x) => x.sid), p3.hasMore], [ordered.slice(4), false]);
      const back = await store.listServices(account.sid, { pageSize: 2, before: cursor(ordered[4] ?? '') });
      assert.deepEqual([back.items.map((x) => x.sid), back.hasMore], [ordered.slice(2, 4), true]);
      const first = await store.listServices(account.sid, { pageSize: 2, before: cursor(ordered[2] ?? '') });
      assert.deepEqual([first.items.map((x) => x.sid), first.hasMore], [ordered.slice(0, 2), false]);
    });

    it('deletes a service with its sessions, releasing its numbers from the pool with their load', async () => {
      const { account, service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const session = aSession(service);
      await store.createSession(session);
      await store.createParticipant(aParticipant(session, n1));
      await store.createParticipant(aParticipant(session, n2));
      assert.equal(await store.deleteService(account.sid, service.sid), true);
      assert.equal(await store.findService(account.sid, service.sid), null);
      assert.equal(await store.findSession(service.sid, session.sid), null);
      const freed = await store.findNumberBySid(account.sid, n1.sid);
      assert.deepEqual([freed?.serviceSid, freed?.load], [null, 0]);
      assert.equal(await store.deleteService(account.sid, service.sid), false);
    });
  });
}

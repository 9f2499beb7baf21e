import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { GeoTier } from '../../src/domain/allocator/types.ts';
import type { PoolNumber } from '../../src/domain/pool-number.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Store } from '../../src/ports/store.ts';
import { aParticipant, aSession, at, gbNumber } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { historyWithNumbers } from '../support/store-reads.ts';
import { STORES } from '../support/stores.ts';

const US: GeoTier = { countries: ['US'], areaCodes: null, label: 'US' };
const ANY: GeoTier = { countries: null, areaCodes: null, label: 'any' };
const BOTH = { voice: true, sms: true };
const WHO = '+12125550100';

for (const s of STORES) {
  describe(`${s.name}: allocation queries`, () => {
    let store: Store;
    let service: Service;
    beforeEach(async () => {
      store = await s.open();
      service = (await givenService(store)).service;
    });
    afterEach(() => store.close());

    const bind = async (n: PoolNumber, identifier = WHO, close = false) => {
      const session = aSession(service);
      await store.createSession(session);
      await store.createParticipant(aParticipant(session, n, { identifier }));
      if (close) await store.closeSession(session.sid, 'api', at(1));
    };
    const least = async (o: { tier?: GeoTier; needs?: { voice: boolean; sms: boolean }; neverUsedOnly?: boolean; limit?: number; identifier?: string } = {}) =>
      (await store.leastLoadedNumbers({
        serviceSid: service.sid, tier: o.tier ?? US, needs: o.needs ?? BOTH, identifier: o.identifier ?? WHO,
        neverUsedOnly: o.neverUsedOnly ?? false, limit: o.limit ?? 10,
      })).map((n) => n.phoneNumber);

    it('orders by (load, phone_number), skips reserved numbers and honours the limit', async () => {
      const pool = await givenPool(store, service, 4, (i) => ({ phoneNumber: `+1415555010${i}`, isReserved: i === 0 }));
      const [, n1, n2, n3] = pool;
      assert.ok(n1 && n2 && n3);
      await bind(n1, '+19999999991');
      await bind(n1, '+19999999992');
      await bind(n2, '+19999999993');
      assert.deepEqual(await least(), [n3.phoneNumber, n2.phoneNumber, n1.phoneNumber]);
      assert.deepEqual(await least({ limit: 2 }), [n3.phoneNumber, n2.phoneNumber]);
      assert.deepEqual(await least({ limit: 0 }), []);
    });

    it('filters by capability and geo tier (countries, area codes, several of each)', async () => {
      await givenPool(store, service, 1, () => ({ phoneNumber: '+14155550001', areaCode: '415' }));
      await givenPool(store, service, 1, () => ({ phoneNumber: '+16285550002', areaCode: '628', capabilities: { voice: true, sms: false, mms: false } }));
      await givenPool(store, service, 1, () => ({ phoneNumber: '+12125550003', areaCode: '212', capabilities: { voice: false, sms: true, mms: false } }));
      const gb = gbNumber();
      await givenPool(store, service, 1, () => ({ phoneNumber: gb, isoCountry: 'GB', areaCode: null }));
      assert.deepEqual(await least(), ['+14155550001']);
      assert.deepEqual(await least({ needs: { voice: true, sms: false } }), ['+14155550001', '+16285550002']);
      assert.deepEqual(await least({ needs: { voice: false, sms: true } }), ['+12125550003', '+14155550001']);
      assert.deepEqual(await least({ tier: { countries: ['GB', 'GG'], areaCodes: null, label: '' } }), [gb]);
      assert.deepEqual(await least({ tier: { countries: ['US', 'GB'], areaCodes: null, label: '' }, needs: { voice: false, sms: false } }),
        ['+12125550003', '+14155550001', '+16285550002', gb]);
      assert.deepEqual(await least({ tier: { countries: ['US'], areaCodes: ['628', '212'], label: '' }, needs: { voice: false, sms: false } }),
        ['+12125550003', '+16285550002']);
      assert.deepEqual(await least({ tier: { countries: ['CA'], areaCodes: ['212'], label: '' }, needs: { voice: false, sms: false } }), []);
      assert.deepEqual(await least({ tier: ANY, needs: { voice: false, sms: false }, limit: 2 }), ['+12125550003', '+14155550001']);
      assert.deepEqual(await least({ tier: { countries: [], areaCodes: null, label: '' } }), []);
    });

    it("excludes numbers the identifier holds in an active session, and with neverUsedOnly its history", async () => {
      const [a, b, c] = await givenPool(store, service, 3, (i) => ({ phoneNumber: `+1415555020${i}` }));
      assert.ok(a && b && c);
      await bind(a);              // active binding
      await bind(b, WHO, true);   // used before, now free
      assert.deepEqual(await least(), [b.phoneNumber, c.phoneNumber]); // both at load 0: phone_number decides
      assert.deepEqual(await least({ neverUsedOnly: true }), [c.phoneNumber]);
      assert.deepEqual(await least({ identifier: '+19999999999' }), [b.phoneNumber, c.phoneNumber, a.phoneNumber]);
      assert.deepEqual([...await store.activeBindings(service.sid, WHO)], [a.sid]);
    });

    it('reads the least-loaded numbers and the history together exactly as apart', async () => {
      const [a, b, c] = await givenPool(store, service, 3, (i) => ({ phoneNumber: `+1415555030${i}` }));
      const gb = (await givenPool(store, service, 1, () => ({ isoCountry: 'GB', areaCode: null, phoneNumber: gbNumber() })))[0];
      assert.ok(a && b && c && gb);
      await bind(a);
      await bind(b, WHO, true);
      await bind(gb, WHO, true);
      const tiers: GeoTier[] = [US, { countries: ['US', 'GB'], areaCodes: null, label: '' }, { countries: ['CA'], areaCodes: ['212'], label: '' }];
      for (const tier of tiers) {
        for (const [neverUsedOnly, limit, historyLimit] of [[false, 1, 1], [true, 3, 10], [false, 0, 2]] as const) {
          const q = { serviceSid: service.sid, tier, needs: BOTH, identifier: WHO, neverUsedOnly, limit };
          const together = await store.leastLoadedWithHistory(q, historyLimit);
          assert.deepEqual(together.leastLoaded, await store.leastLoadedNumbers(q));
          assert.deepEqual(together.history, await historyWithNumbers(store, service.sid, WHO, historyLimit));
        }
      }
      assert.equal((await store.leastLoadedWithHistory({ serviceSid: service.sid, tier: US, needs: BOTH, identifier: WHO, neverUsedOnly: false, limit: 5 }, 10)).history.length, 3);
    });

    it('finds numbers by sids within the pool only', async () => {
      const [a, b] = await givenPool(store, service, 2);
      assert.ok(a && b);
      const other = await givenService(store);
      const [foreign] = await givenPool(store, other.service, 1);
      assert.ok(foreign);
      const found = await store.findNumbersBySids(service.sid, [a.sid, b.sid, foreign.sid]);
      assert.deepEqual(new Set(found.map((n) => n.sid)), new Set([a.sid, b.sid]));
      assert.deepEqual(await store.findNumbersBySids(service.sid, []), []);
    });

    it('counts the pool through each hard filter to name a refusal', async () => {
      await givenPool(store, service, 1, () => ({ isReserved: true }));
      await givenPool(store, service, 1, () => ({ capabilities: { voice: false, sms: true, mms: false } }));
      const [bound] = await givenPool(store, service, 1);
      await givenPool(store, service, 1, () => ({ isoCountry: 'GB', areaCode: null, phoneNumber: gbNumber() }));
      await givenPool(store, service, 1, () => ({ areaCode: '628' }));
      assert.ok(bound);
      await bind(bound);
      const funnel = await store.poolFunnel({ serviceSid: service.sid, tiers: [{ countries: ['US'], areaCodes: ['415'], label: '' }], needs: BOTH, identifier: WHO });
      assert.deepEqual(funnel, { inPool: 5, unreserved: 4, capable: 3, geoMatching: 1, smsSendable: 1, notBound: 0, voiceCapable: 3, smsCapable: 4 });
      const union = await store.poolFunnel({ serviceSid: service.sid, tiers: [US, { countries: ['GB'], areaCodes: null, label: '' }], needs: BOTH, identifier: WHO });
      assert.deepEqual([union.geoMatching, union.notBound], [3, 2]);
      const empty = await store.poolFunnel({ serviceSid: (await givenService(store)).service.sid, tiers: [ANY], needs: BOTH, identifier: WHO });
      assert.deepEqual(empty, { inPool: 0, unreserved: 0, capable: 0, geoMatching: 0, smsSendable: 0, notBound: 0, voiceCapable: 0, smsCapable: 0 });
    });

    it('lists the whole pool for explain, reserved numbers included', async () => {
      await givenPool(store, service, 3, (i) => ({ isReserved: i === 1 }));
      assert.equal((await store.listWholePool(service.sid, 10)).length, 3);
      assert.equal((await store.listWholePool(service.sid, 2)).length, 2);
    });
  });
}

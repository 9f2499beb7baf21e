// requestPortOut, the carrier-neutral entry point, on both databases: a carrier reporting the same request
// twice (its own id) records it once, and two right-PIN requests racing for one number leave one open and
// the other refused (22137), whatever the interleaving.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestPortOut, type PortOutRequestInput } from '../../src/app/port-out/request-port-out.ts';
import { AppError } from '../../src/domain/errors.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount, anInventoryNumber } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`requestPortOut (${s.name})`, () => {
    const given = async () => {
      const store = await s.open();
      const deps = testDeps(store);
      const account = anAccount();
      await store.upsertAccount(account);
      const number = anInventoryNumber(account.sid);
      await store.createInventoryNumber(number);
      await store.setPortOutPin({ numberSid: number.sid, pin: '2468', dateUpdated: deps.clock.now() });
      const input = (o: Partial<PortOutRequestInput> = {}): PortOutRequestInput => ({
        source: 'twilio', carrierRef: null, phoneNumber: number.phoneNumber, pin: '2468', accountNumber: null,
        gainingCarrier: 'Acme Mobile', requestedDate: null, ...o,
      });
      return { store, deps, account, number, input };
    };

    test("a request the carrier reports again under its own id is recorded once", async () => {
      const { store, deps, account, number, input } = await given();
      try {
        const first = await requestPortOut(deps, input({ carrierRef: 'carrier-42' }));
        const again = await requestPortOut(deps, input({ carrierRef: 'carrier-42' }));
        assert.equal(again.sid, first.sid);
        const all = await store.listPortOuts(account.sid, {}, { pageSize: 10 });
        assert.deepEqual(all.items.map((p) => [p.sid, p.status, p.carrierRef]), [[first.sid, 'pending', 'carrier-42']]);
        assert.equal((await store.findInventoryNumber(account.sid, number.sid))?.state, 'porting-out');
      } finally {
        await store.close();
      }
    });

    test('two right-PIN requests at once: one is open, the other refused with 22137', async () => {
      const { store, deps, account, input } = await given();
      try {
        const outcomes = await Promise.allSettled([requestPortOut(deps, input({ carrierRef: 'a' })), requestPortOut(deps, input({ carrierRef: 'b' }))]);
        const opened = outcomes.filter((o) => o.status === 'fulfilled');
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        assert.equal(opened.length, 1);
        assert.equal(refused.length, 1);
        assert.ok(refused[0] instanceof AppError && refused[0].twilioCode === 22137, String(refused[0]));
        assert.equal((await store.listPortOuts(account.sid, { status: 'pending' }, { pageSize: 10 })).items.length, 1);
      } finally {
        await store.close();
      }
    });
  });
}

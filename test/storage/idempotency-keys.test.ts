// Idempotency tokens' storage, on SQLite and PostgreSQL (the reservation protocol itself: delivery-records.test.ts).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from '../../src/ports/store.ts';
import { at } from '../support/fixtures.ts';
import { openWithAccount } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: idempotency keys`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    it('an idempotency token is kept per (account, scope, key), and a finished one answers inside a transaction', async () => {
      const claim = (scope: string, owner: string) => ({ accountSid, scope, key: 'k-1', owner, leaseUntil: at(30) });
      assert.equal((await store.reserveIdempotent(claim('POST /v1/Services', 'a'), at(3))).kind, 'reserved');
      assert.equal((await store.reserveIdempotent(claim('POST /v1/Services/KS1/Sessions', 'b'), at(3))).kind, 'reserved', 'another route: another request');
      assert.equal(await store.completeIdempotent(claim('POST /v1/Services', 'a'), 201, '{"sid":"KS1"}'), true);
      // Inside a transaction the losing reservation does not poison it: the stored answer comes back.
      const replay = await store.transaction((tx) => tx.reserveIdempotent(claim('POST /v1/Services', 'c'), at(4)));
      assert.deepEqual(replay, { kind: 'done', status: 201, body: '{"sid":"KS1"}' });
    });
  });
}

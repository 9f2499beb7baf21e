// I-Twilio-Idempotency-Token reservations through the use case (app/idempotency.ts), on both databases:
// concurrent duplicates wait for the first answer, failures free the token, a dead owner's token is
// taken over once its lease ends, and a duplicate that waits too long is told to come back.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { admitRequest, finishRequest, IDEMPOTENCY_LEASE_MS, type Admission } from '../../src/app/idempotency.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

for (const db of STORES) {
  describe(`idempotency tokens on ${db.name}`, () => {
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    const setup = async () => {
      const store = await db.open();
      opened.push(store);
      const account = anAccount();
      await store.upsertAccount(account);
      return { deps: testDeps(store), token: { accountSid: account.sid, scope: 'POST /v1/Services', key: 'tok-1' } };
    };
    const claimOf = (a: Admission) => {
      assert.equal(a.kind, 'run');
      return a.kind === 'run' ? a.claim : assert.fail('not ours');
    };

    test('of concurrent duplicates one runs; the others wait and replay its answer', async () => {
      const { deps, token } = await setup();
      const first = claimOf(await admitRequest(deps, token));
      const waiting = Promise.all([admitRequest(deps, token), admitRequest(deps, token)]);
      await new Promise((resolve) => setTimeout(resolve, 60));
      await finishRequest(deps, first, { status: 201, body: '{"sid":"KS1"}' });
      for (const a of await waiting) assert.deepEqual(a, { kind: 'replay', response: { status: 201, body: '{"sid":"KS1"}' } });
    });

    test('a failed request frees the token: a waiting duplicate then runs for real', async () => {
      const { deps, token } = await setup();
      const first = claimOf(await admitRequest(deps, token));
      const waiting = admitRequest(deps, token);
      await finishRequest(deps, first, { status: 400, body: '{"code":80701}' });
      claimOf(await waiting);
    });

    test('a duplicate that waits past the bound is told when to retry; after the lease it takes over', async () => {
      const { deps, token } = await setup();
      claimOf(await admitRequest(deps, token)); // its owner dies and never finishes
      const busy = await admitRequest(deps, token, 50);
      assert.deepEqual(busy, { kind: 'busy', retryAfterSeconds: IDEMPOTENCY_LEASE_MS / 1000 });
      deps.clock.advance(IDEMPOTENCY_LEASE_MS / 1000 + 1);
      const taker = claimOf(await admitRequest(deps, token, 50));
      await finishRequest(deps, taker, { status: 201, body: 'second' });
      assert.deepEqual(await admitRequest(deps, token), { kind: 'replay', response: { status: 201, body: 'second' } });
    });
  });
}

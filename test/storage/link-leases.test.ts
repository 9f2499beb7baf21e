// Carrier link leases (an SMPP bind held by one instance), on SQLite and PostgreSQL: taken when free,
// renewed by its holder, refused to others until it ends, taken over after, given up on a clean stop;
// and a job given back by an instance without the link keeps its attempts.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from '../../src/ports/store.ts';
import { at } from '../support/fixtures.ts';
import { aJob } from '../support/jobs.ts';
import { openWithAccount } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: link leases`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    it('one holder at a time: renewed by its holder, refused to another until it ends, then taken over', async () => {
      assert.equal(await store.acquireLinkLease('link:smsc', 'A', at(0), at(15)), true);
      assert.equal(await store.acquireLinkLease('link:smsc', 'B', at(5), at(20)), false);
      assert.equal(await store.acquireLinkLease('link:smsc', 'A', at(10), at(25)), true, 'renewed');
      assert.deepEqual(await store.findLinkLease('link:smsc'), { name: 'link:smsc', holder: 'A', until: at(25) });
      assert.equal(await store.acquireLinkLease('link:smsc', 'B', at(24), at(39)), false);
      assert.equal(await store.acquireLinkLease('link:smsc', 'B', at(25), at(40)), true, 'taken over once ended');
      assert.equal(await store.acquireLinkLease('link:smsc', 'A', at(30), at(45)), false, 'the old holder cannot renew');
      assert.equal(await store.acquireLinkLease('link:other', 'A', at(30), at(45)), true, 'leases are per link');
    });

    it('racing instances: exactly one wins a free or expired lease', async () => {
      const free = await Promise.all(['A', 'B', 'C', 'D'].map((holder) => store.acquireLinkLease('link:race', holder, at(0), at(10))));
      assert.equal(free.filter(Boolean).length, 1);
      const expired = await Promise.all(['E', 'F', 'G'].map((holder) => store.acquireLinkLease('link:race', holder, at(10), at(20))));
      assert.equal(expired.filter(Boolean).length, 1);
    });

    it('a clean stop gives the lease up; another holder\'s lease is left alone', async () => {
      await store.acquireLinkLease('link:smsc', 'A', at(0), at(15));
      await store.releaseLinkLease('link:smsc', 'B');
      assert.equal((await store.findLinkLease('link:smsc'))?.holder, 'A');
      await store.releaseLinkLease('link:smsc', 'A');
      assert.equal(await store.findLinkLease('link:smsc'), null);
      assert.equal(await store.acquireLinkLease('link:smsc', 'B', at(1), at(16)), true);
    });

    it('a job given back is due again later with its attempts unchanged', async () => {
      const job = aJob(accountSid, { kind: 'send-message', nextAttemptAt: at(0) });
      await store.enqueueJob(job);
      assert.equal((await store.claimDueJobs(at(1), 10, at(30))).length, 1);
      await store.releaseJob(job.id, 'the carrier link is not up here', at(2));
      const [again] = await store.claimDueJobs(at(2), 10, at(40));
      assert.equal(again?.id, job.id);
      assert.equal(again?.attempts, 0);
      assert.equal(again?.lastError, 'the carrier link is not up here');
    });
  });
}

// Invariant 1 under real concurrency: 40 processes' worth of connections (separate Stores, separate pools)
// allocate proxy numbers for the SAME identifier across 80 sessions at once. Whether they serialise on the
// advisory lock or race straight into the partial unique index, no (identifier, proxy) pair may ever be
// active twice, and no caller may see an error: a binding conflict just means "try the next candidate".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Session } from '../../src/domain/session.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { allocateFor } from '../support/allocate.ts';
import { aSession, at } from '../support/fixtures.ts';
import { aJob } from '../support/jobs.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';

const WORKERS = 40;
const SESSIONS_PER_WORKER = 2;
const POOL = 100;
const WHO = '+12125550100';
const skip = POSTGRES_URL === undefined ? 'MASQ_TEST_POSTGRES_URL is not set: PostgreSQL race tests skipped' : false;

/** Resolves once `parties` callers are waiting: lines every racer up right before its first insert. */
const barrier = (parties: number) => {
  let waiting = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => { open = resolve; });
  return async () => {
    waiting += 1;
    if (waiting >= parties) open();
    await gate;
  };
};

describe('postgres: concurrency', { skip }, () => {
  let url = '';
  let admin: Store;
  let dropSchema: () => Promise<void> = async () => {};
  before(async () => {
    assert.ok(POSTGRES_URL);
    const schema = await createTestSchema(POSTGRES_URL);
    dropSchema = schema.drop;
    url = withSearchPath(POSTGRES_URL, schema.schema);
    admin = await openStore(url);
  });
  after(async () => {
    await admin?.close();
    await dropSchema();
  });

  for (const useLock of [true, false]) {
    const label = useLock ? 'with the advisory lock' : 'without the lock (the index alone)';
    it(`${WORKERS} connections allocating for one identifier ${label} never duplicate a pair`, async () => {
      const { service } = await givenService(admin);
      await givenPool(admin, service, POOL);
      const sessions: Session[] = [];
      for (let i = 0; i < WORKERS * SESSIONS_PER_WORKER; i++) {
        const session = aSession(service);
        await admin.createSession(session);
        sessions.push(session);
      }
      const racers = await Promise.all(Array.from({ length: WORKERS }, () => openStore(url, { migrate: false, maxConnections: 1 })));
      const stats = { conflicts: 0 };
      // Without the lock, hold every racer until all have read the same candidates, so they all collide.
      const lineUp = useLock ? undefined : barrier(WORKERS);
      const started = performance.now();
      try {
        await Promise.all(racers.map(async (store, w) => {
          for (let k = 0; k < SESSIONS_PER_WORKER; k++) {
            const session = sessions[w * SESSIONS_PER_WORKER + k];
            assert.ok(session);
            await allocateFor(store, session, { serviceSid: service.sid, identifier: WHO, useLock, stats, beforeFirstInsert: k === 0 ? lineUp : undefined });
          }
        }));
      } finally {
        await Promise.all(racers.map((r) => r.close()));
      }
      const millis = Math.round(performance.now() - started);

      const bindings = await admin.activeBindings(service.sid, WHO);
      const participants = (await Promise.all(sessions.map((x) => admin.listParticipants(x.sid)))).flat();
      const pairs = participants.map((p) => `${p.identifier}|${p.proxyIdentifier}`);
      const duplicates = pairs.length - new Set(pairs).size;
      const loads = (await admin.listWholePool(service.sid, POOL)).map((n) => n.load);
      console.log(`[race] ${label}: ${sessions.length} allocations by ${WORKERS} connections in ${millis} ms; `
        + `binding conflicts retried=${stats.conflicts}, active pairs=${bindings.size}, duplicates=${duplicates}, numbers with load 1=${loads.filter((l) => l === 1).length}`);

      assert.equal(participants.length, sessions.length, 'every session got its participant');
      assert.equal(duplicates, 0);
      assert.equal(bindings.size, sessions.length, 'each session holds a distinct number');
      assert.deepEqual([Math.max(...loads), loads.reduce((a, b) => a + b, 0)], [1, sessions.length], 'load matches the bindings');
      if (useLock) assert.equal(stats.conflicts, 0, 'serialised allocations never collide');
      else assert.ok(stats.conflicts >= WORKERS - 1, 'the lined-up racers really collided');
    });
  }

  it('lock() makes a second transaction on the same key wait for the first to commit', async () => {
    const other = await openStore(url, { migrate: false });
    const events: string[] = [];
    try {
      let holding: () => void = () => {};
      const held = new Promise<void>((resolve) => { holding = resolve; });
      const first = admin.transaction(async (tx) => {
        await tx.lock(['KSlock:+1212']);
        holding();
        await new Promise((r) => setTimeout(r, 200));
        events.push('first commits');
      });
      await held;
      const second = other.transaction(async (tx) => {
        await tx.lock(['KSunrelated', 'KSlock:+1212']);
        events.push('second has the lock');
      });
      await Promise.all([first, second]);
      assert.deepEqual(events, ['first commits', 'second has the lock']);
    } finally {
      await other.close();
    }
  });

  it('claimDueJobs skips rows another transaction has claimed but not committed', async () => {
    const other = await openStore(url, { migrate: false });
    try {
      const { account } = await givenService(admin);
      for (let i = 0; i < 4; i++) await admin.enqueueJob(aJob(account.sid, { dateCreated: at(i) }));
      let release: () => void = () => {};
      const hold = new Promise<void>((resolve) => { release = resolve; });
      let claimedFirst: readonly string[] = [];
      let firstClaimed: () => void = () => {};
      const claimedSignal = new Promise<void>((resolve) => { firstClaimed = resolve; });
      const first = admin.transaction(async (tx) => {
        claimedFirst = (await tx.claimDueJobs(at(1), 2, at(100))).map((j) => j.id);
        firstClaimed();
        await hold; // keep the row locks while the other instance claims
      });
      await claimedSignal;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('second claimer blocked')), 5000); });
      const second = await Promise.race([other.transaction((tx) => tx.claimDueJobs(at(1), 10, at(100))), timeout]).finally(() => {
        clearTimeout(timer);
        release();
      });
      await first;
      assert.equal(claimedFirst.length, 2);
      assert.equal(second.length, 2);
      assert.equal(new Set([...claimedFirst, ...second.map((e) => e.id)]).size, 4);
    } finally {
      await other.close();
    }
  });
});

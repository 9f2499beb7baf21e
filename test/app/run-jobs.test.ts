// The job worker on both databases: each job goes to its kind's handler, every attempt is recorded, failed
// attempts retry on the backoff schedule until the job's own limit (or the installation's), a claim hides
// a job from other passes until its lease ends, and runJobNow runs a just-committed job at once.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { leaseMs, runDueJobs, runJobNow, type JobHandler, type JobHandlers, type JobResult } from '../../src/app/run-jobs.ts';
import type { Job, NewJob, Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount } from '../support/fixtures.ts';
import { aJob } from '../support/jobs.ts';
import { STORES } from '../support/stores.ts';

/** A handler that answers what the test scripts and remembers which jobs it ran. */
const scripted = (answer: (job: Job) => JobResult | Promise<JobResult>) => {
  const ran: Job[] = [];
  const handler: JobHandler = async (_deps, job) => {
    ran.push(job);
    return answer(job);
  };
  return { handler, ran };
};

const noRandom = () => 0;

for (const s of STORES) {
  describe(`${s.name}: the job worker`, () => {
    let store: Store;
    let accountSid: string;
    let deps: ReturnType<typeof testDeps>;
    beforeEach(async () => {
      store = await s.open();
      deps = testDeps(store);
      const account = anAccount();
      await store.upsertAccount(account);
      accountSid = account.sid;
    });
    afterEach(() => store.close());

    const enqueue = async (o: Partial<NewJob> = {}): Promise<NewJob> => {
      const job = aJob(accountSid, { nextAttemptAt: deps.clock.now(), dateCreated: deps.clock.now(), ...o });
      await store.enqueueJob(job);
      return job;
    };
    const current = async (id: string): Promise<Job> => {
      const found = await store.findJob(accountSid, id);
      assert.ok(found);
      return found;
    };

    test('each job goes to its kind\'s handler; kinds this process cannot run stay queued', async () => {
      const callbacks = scripted(() => ({ kind: 'done', httpStatus: 204 }));
      const sends = scripted(() => ({ kind: 'done' }));
      const callback = await enqueue({ kind: 'callback' });
      const send = await enqueue({ kind: 'send-message', payload: { to: '+14155550100' } });
      const bridge = await enqueue({ kind: 'bridge-call' });
      assert.deepEqual(await runDueJobs(deps, { callback: callbacks.handler, 'send-message': sends.handler }), { done: 2, failed: 0 });
      assert.deepEqual(callbacks.ran.map((j) => j.id), [callback.id]);
      assert.deepEqual(sends.ran.map((j) => [j.id, j.payload]), [[send.id, send.payload]]);
      assert.deepEqual([(await current(callback.id)).doneAt, (await current(send.id)).doneAt], [deps.clock.now(), deps.clock.now()]);
      assert.deepEqual((await store.listJobAttempts(callback.id)).map((a) => [a.httpStatus, a.error]), [[204, null]]);
      assert.deepEqual((await store.listJobAttempts(send.id)).map((a) => [a.httpStatus, a.error]), [[null, null]]);
      const waiting = await current(bridge.id);
      assert.deepEqual([waiting.attempts, waiting.doneAt, waiting.nextAttemptAt], [0, null, bridge.nextAttemptAt], 'not claimed, still due');
      const bridges = scripted(() => ({ kind: 'done' }));
      assert.deepEqual(await runDueJobs(deps, { 'bridge-call': bridges.handler }), { done: 1, failed: 0 });
      assert.deepEqual(bridges.ran.map((j) => j.id), [bridge.id]);
    });

    test('a failed attempt retries on the backoff schedule, until the job\'s own attempt limit', async () => {
      const failing = scripted(() => ({ kind: 'retry', error: 'carrier busy', httpStatus: 429 }));
      const handlers: JobHandlers = { 'send-message': failing.handler };
      const job = await enqueue({ kind: 'send-message', maxAttempts: 3 });
      assert.deepEqual(await runDueJobs(deps, handlers, 20, noRandom), { done: 0, failed: 1 });
      const start = deps.clock.now().getTime();
      assert.deepEqual([(await current(job.id)).attempts, (await current(job.id)).nextAttemptAt.getTime()], [1, start + 1_000]);
      deps.clock.advance(0.999);
      assert.deepEqual(await runDueJobs(deps, handlers, 20, noRandom), { done: 0, failed: 0 }, 'not due before its time');
      deps.clock.advance(0.001);
      assert.deepEqual(await runDueJobs(deps, handlers, 20, noRandom), { done: 0, failed: 1 });
      assert.equal((await current(job.id)).nextAttemptAt.getTime(), start + 1_000 + 2_000);
      deps.clock.advance(2);
      assert.deepEqual(await runDueJobs(deps, handlers, 20, noRandom), { done: 0, failed: 1 });
      const after = await current(job.id);
      assert.deepEqual([after.attempts, after.lastError, after.givenUpAt], [3, 'carrier busy', deps.clock.now()], 'given up at its third attempt, not the setting\'s twelfth');
      deps.clock.advance(3_600);
      assert.deepEqual(await runDueJobs(deps, handlers), { done: 0, failed: 0 });
      assert.equal(failing.ran.length, 3);
      assert.deepEqual((await store.listJobAttempts(job.id)).map((a) => [a.httpStatus, a.error]), Array(3).fill([429, 'carrier busy']));
    });

    test('a give-up answer ends the job at once; a handler that throws is a failed attempt, retried', async () => {
      const refused = await enqueue({ kind: 'bridge-call' });
      const thrown = await enqueue({ kind: 'send-message' });
      const handlers: JobHandlers = {
        'bridge-call': scripted(() => ({ kind: 'give-up', error: 'number not reachable' })).handler,
        'send-message': scripted(() => { throw new Error('carrier account misconfigured'); }).handler,
      };
      assert.deepEqual(await runDueJobs(deps, handlers, 20, noRandom), { done: 0, failed: 2 });
      const gone = await current(refused.id);
      assert.deepEqual([gone.attempts, gone.lastError, gone.givenUpAt], [1, 'number not reachable', deps.clock.now()]);
      const again = await current(thrown.id);
      assert.deepEqual([again.attempts, again.lastError, again.givenUpAt, again.nextAttemptAt.getTime()],
        [1, 'carrier account misconfigured', null, deps.clock.now().getTime() + 1_000]);
    });

    test('a job being run is not claimed by another pass until its lease runs out', async () => {
      let finish: (result: JobResult) => void = () => {};
      const slow = scripted(() => new Promise<JobResult>((resolve) => { finish = resolve; }));
      const quick = scripted(() => ({ kind: 'done' }));
      const job = await enqueue();
      const first = runDueJobs(deps, { callback: slow.handler });
      while (slow.ran.length === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(await runDueJobs(deps, { callback: quick.handler }), { done: 0, failed: 0 }, 'leased to the first pass');
      assert.equal(await runJobNow(deps, { callback: quick.handler }, job.id), null);
      // The first worker is stuck (or died): once the lease ends, another runs the job.
      deps.clock.advance(leaseMs(deps) / 1000);
      assert.deepEqual(await runDueJobs(deps, { callback: quick.handler }), { done: 1, failed: 0 });
      finish({ kind: 'done' });
      assert.deepEqual(await first, { done: 1, failed: 0 });
      assert.equal((await store.listJobAttempts(job.id)).length, 2, 'both attempts recorded: at least once');
    });

    test('runJobNow runs a just-committed job at once, and only once', async () => {
      const sends = scripted(() => ({ kind: 'done' }));
      const handlers: JobHandlers = { 'send-message': sends.handler };
      const job = await enqueue({ kind: 'send-message' });
      assert.deepEqual(await runJobNow(deps, handlers, job.id), { kind: 'done' });
      assert.deepEqual([(await current(job.id)).doneAt, (await current(job.id)).attempts], [deps.clock.now(), 1]);
      assert.equal(await runJobNow(deps, handlers, job.id), null, 'already done');
      assert.deepEqual(await runDueJobs(deps, handlers), { done: 0, failed: 0 });
      assert.equal(sends.ran.length, 1);
    });

    test('runJobNow leaves a job it has no handler for to the worker, once its lease runs out', async () => {
      const job = await enqueue({ kind: 'bridge-call' });
      assert.equal(await runJobNow(deps, {}, job.id), null);
      const bridges = scripted(() => ({ kind: 'retry', error: 'busy' }));
      assert.deepEqual(await runDueJobs(deps, { 'bridge-call': bridges.handler }), { done: 0, failed: 0 }, 'still leased');
      deps.clock.advance(leaseMs(deps) / 1000);
      assert.deepEqual(await runDueJobs(deps, { 'bridge-call': bridges.handler }, 20, noRandom), { done: 0, failed: 1 });
      assert.deepEqual(await runJobNow(deps, { 'bridge-call': bridges.handler }, job.id), null, 'not due again before its retry time');
      deps.clock.advance(1);
      assert.deepEqual(await runJobNow(deps, { 'bridge-call': bridges.handler }, job.id), { kind: 'retry', error: 'busy' });
      assert.equal((await current(job.id)).attempts, 2);
    });
  });
}

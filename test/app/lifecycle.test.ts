// The background tasks' lifecycle: passes never overlap, a backlog drains at once, failures are counted
// and shown until a pass succeeds, and stopping waits for the pass in flight.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLifecycle } from '../../src/app/lifecycle.ts';
import { periodicTask } from '../../src/app/periodic-task.ts';

const clock = { now: () => new Date('2026-12-04T12:00:00Z') };

/** Resolves once `check` holds, polling the event loop (no timing assertion: it only waits). */
const eventually = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 2_000 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.ok(check(), 'the condition never held');
};

test('a pass that reports more work is followed at once by the next; passes never overlap', async () => {
  let active = 0;
  let maxActive = 0;
  let passes = 0;
  const task = periodicTask({
    name: 'drain', intervalMs: 5, clock, onError: () => undefined,
    pass: async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      passes += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      active -= 1;
      return passes < 5 ? 'more' : 'done';
    },
  });
  task.start();
  await eventually(() => passes >= 5 && task.health().lastSuccessAt !== null);
  await task.stop();
  assert.equal(maxActive, 1);
  assert.equal(task.health().running, false);
});

test('failures are counted and shown until a pass succeeds again', async () => {
  let fail = true;
  const reported: unknown[] = [];
  const task = periodicTask({
    name: 'flaky', intervalMs: 2, clock, onError: (err) => reported.push(err),
    pass: async () => {
      if (fail) throw new Error('database unavailable: connection refused');
      return 'done';
    },
  });
  task.start();
  await eventually(() => task.health().failuresInARow >= 2);
  assert.match(task.health().lastError ?? '', /connection refused/);
  assert.ok(reported.length >= 2);
  fail = false;
  await eventually(() => task.health().failuresInARow === 0);
  assert.equal(task.health().lastError, null);
  assert.deepEqual(task.health().lastSuccessAt, clock.now());
  await task.stop();
});

test('the lifecycle starts every task, reports them all, and stop waits for the pass in flight', async () => {
  let release: () => void = () => undefined;
  let finished = false;
  let started = false;
  const slow = periodicTask({
    name: 'slow', intervalMs: 2, clock, onError: () => undefined,
    pass: async () => {
      started = true;
      await new Promise<void>((resolve) => { release = resolve; });
      finished = true;
      return 'done';
    },
  });
  const idle = periodicTask({ name: 'idle', intervalMs: 60_000, clock, onError: () => undefined, pass: async () => 'done' });
  const lifecycle = createLifecycle([slow, idle]);
  lifecycle.start();
  assert.deepEqual(lifecycle.health().map((h) => [h.name, h.running]), [['slow', true], ['idle', true]]);
  await eventually(() => started);
  const stopping = lifecycle.stop();
  release();
  await stopping;
  assert.equal(finished, true, 'stop resolved only after the pass in flight finished');
  assert.deepEqual(lifecycle.health().map((h) => h.running), [false, false]);
});

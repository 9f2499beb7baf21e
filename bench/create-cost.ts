// What a session create costs without HTTP, and how much of that is SQLite: the create use case with two
// new participants (two real allocations), run sequentially in process on a seeded SQLite database, with
// every better-sqlite3 statement timed. SQLite's share is a floor no HTTP server of masq's design can go
// under: it bounds the session-create target (BENCHMARKS.md, "What bounds what is left").
//   npx tsx bench/create-cost.ts [--sessions 100000] [--creates 2000] [--concurrency 32]
import { randomBytes } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import { createSession } from '../src/app/create-session.ts';
import { openBenchHandle } from '../src/storage/bench-handle.ts';
import { testDeps } from '../test/support/app-deps.ts';
import { analyzeMasqTables, freshDatabase } from './databases.ts';
import { seedPool } from './seed.ts';
import { machine, median, option, writeResult } from './support.ts';

const sessions = Number(option('sessions') ?? 100_000);
const creates = Number(option('creates') ?? 2000);
// The second phase keeps this many creates in flight, as an HTTP server under load does: SQLite then
// commits the transactions that arrive together in one COMMIT (sqlite/transaction-batch.ts).
const concurrency = Number(option('concurrency') ?? 32);

// Every statement masq runs on SQLite goes through these four methods of one shared prototype.
const clock = { sqliteNs: 0n, statements: 0 };
/** Time per SQL text, for the breakdown printed at the end. */
const bySql = new Map<string, { ns: bigint; runs: number }>();
const sourceOf = (statement: unknown): string => {
  const source: unknown = typeof statement === 'object' && statement !== null ? Reflect.get(statement, 'source') : undefined;
  return typeof source === 'string' ? source : '?';
};
const probe = new Sqlite(':memory:');
const prototype: object = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();
for (const method of ['run', 'all', 'get', 'iterate'] as const) {
  const original: unknown = Reflect.get(prototype, method);
  if (typeof original !== 'function') throw new Error(`better-sqlite3 Statement has no ${method}`);
  Reflect.set(prototype, method, function timed(this: unknown, ...args: unknown[]): unknown {
    const started = process.hrtime.bigint();
    try {
      return Reflect.apply(original, this, args);
    } finally {
      const took = process.hrtime.bigint() - started;
      clock.sqliteNs += took;
      clock.statements += 1;
      const entry = bySql.get(sourceOf(this)) ?? { ns: 0n, runs: 0 };
      bySql.set(sourceOf(this), { ns: entry.ns + took, runs: entry.runs + 1 });
    }
  });
}

const db = await freshDatabase('sqlite');
try {
  // Background checkpoints, as `masq serve` opens its database: commits never checkpoint inline.
  const handle = await openBenchHandle(db.url, { backgroundCheckpoints: true });
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const serviceSid = `KS${randomBytes(16).toString('hex')}`;
  await seedPool(handle, { accountSid, serviceSid, sessions, numbers: 10_000, carrier: 'twilio' });
  await analyzeMasqTables(handle.kysely);
  const service = await handle.store.findService(accountSid, serviceSid);
  if (!service) throw new Error('seeded service missing');
  const deps = testDeps(handle.store);
  // Two people the pool has never seen, as the HTTP benchmark's creates (valid NANP numbers).
  const identifier = (i: number) => `+1646${2_000_000 + i}`;
  bySql.clear();
  const walls: number[] = [];
  const sqliteMs: number[] = [];
  const statements: number[] = [];
  for (let i = 0; i < creates; i++) {
    const ns = clock.sqliteNs, count = clock.statements;
    const started = process.hrtime.bigint();
    await createSession(deps, service, { participants: [{ identifier: identifier(2 * i) }, { identifier: identifier(2 * i + 1) }] });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    sqliteMs.push(Number(clock.sqliteNs - ns) / 1e6);
    statements.push(clock.statements - count);
  }
  // Concurrent: the same number of creates again, `concurrency` at a time; per-create figures are totals / creates.
  bySql.clear();
  const concurrentNs = clock.sqliteNs;
  const concurrentStarted = process.hrtime.bigint();
  let next = creates;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < 2 * creates; i = next++) {
      await createSession(deps, service, { participants: [{ identifier: identifier(2 * i) }, { identifier: identifier(2 * i + 1) }] });
    }
  }));
  const concurrentResult = {
    concurrency,
    wallMsPerCreate: Number(process.hrtime.bigint() - concurrentStarted) / 1e6 / creates,
    sqliteMsPerCreate: Number(clock.sqliteNs - concurrentNs) / 1e6 / creates,
  };
  await handle.close();
  // The first tenth warms caches and compiles statements; the figures are of the rest.
  const steady = (xs: readonly number[]) => xs.slice(Math.floor(xs.length / 10));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const result = {
    sessions, creates,
    wallMs: { p50: median(steady(walls)), mean: mean(steady(walls)) },
    sqliteMs: { p50: median(steady(sqliteMs)), mean: mean(steady(sqliteMs)) },
    statementsPerCreate: median(steady(statements)),
    concurrent: concurrentResult,
  };
  const path = writeResult('create-cost', { machine: machine(), ...result });
  console.log(`session create, 2 new participants, ${sessions.toLocaleString('en')} active sessions, in process, sequential (${path}):`);
  console.log(`  whole use case  p50 ${result.wallMs.p50.toFixed(3)} ms  mean ${result.wallMs.mean.toFixed(3)} ms  (${Math.round(1000 / result.wallMs.mean)} creates/s on one core)`);
  console.log(`  SQLite alone    p50 ${result.sqliteMs.p50.toFixed(3)} ms  mean ${result.sqliteMs.mean.toFixed(3)} ms  (${Math.round(1000 / result.sqliteMs.mean)} creates/s if nothing else ran)`);
  console.log(`  statements per create: ${result.statementsPerCreate}`);
  console.log(`${concurrency} at a time (transactions committed together):`);
  console.log(`  whole use case  ${concurrentResult.wallMsPerCreate.toFixed(3)} ms per create  (${Math.round(1000 / concurrentResult.wallMsPerCreate)} creates/s on one core)`);
  console.log(`  SQLite alone    ${concurrentResult.sqliteMsPerCreate.toFixed(3)} ms per create  (${Math.round(1000 / concurrentResult.sqliteMsPerCreate)} creates/s if nothing else ran)`);
  console.log(`  SQLite time by statement, ${concurrency} at a time:`);
  const total = [...bySql.values()].reduce((a, e) => a + e.ns, 0n);
  for (const [text, e] of [...bySql].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 14)) {
    const share = Number((e.ns * 1000n) / (total === 0n ? 1n : total)) / 10;
    console.log(`  ${share.toFixed(1).padStart(5)} %  ${(Number(e.ns) / 1e3 / e.runs).toFixed(1).padStart(7)} us x ${String(e.runs).padStart(5)}  ${text.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
} finally {
  await db.cleanup();
}

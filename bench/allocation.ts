// Allocation benchmark: how long choosing and binding a proxy number takes as the pool and the number of
// active sessions grow. Each case seeds a fresh database in bulk (bench/seed.ts), then times
//   - "choose": the allocator's decision alone (candidate queries + pure ranking), in a read transaction;
//   - "session": a whole session create with one participant through the use case (allocation + writes).
// Identifiers alternate between people the pool has never seen and people with history and live bindings.
//
//   npx tsx bench/allocation.ts [--quick] [--dialect sqlite|postgres|both]   (npm run bench runs it with the rest)
import { randomBytes } from 'node:crypto';
import { chooseProxyNumber } from '../src/app/allocate-proxy-number.ts';
import { createSession } from '../src/app/create-session.ts';
import { geoTiers } from '../src/domain/geo-match.ts';
import { parseIdentifier } from '../src/domain/phone-number.ts';
import { openBenchHandle, type BenchHandle } from '../src/storage/bench-handle.ts';
import { testDeps } from '../test/support/app-deps.ts';
import { freshDatabase, type Dialect, analyzeMasqTables } from './databases.ts';
import { seededIdentifier, seedPool } from './seed.ts';
import { flag, machine, median, option, summarise, timeEach, writeResult, type LatencySummary } from './support.ts';

interface Case { readonly numbers: number; readonly sessions: number }

// The pool grows a thousandfold while everything else stays put: the cost must not follow it.
const FULL: readonly Case[] = [
  { numbers: 100, sessions: 10_000 },
  { numbers: 10_000, sessions: 10_000 },
  { numbers: 100_000, sessions: 10_000 },
];
// A smoke test of the same code path, small enough for `--quick`; the figures to quote come from FULL.
const QUICK: readonly Case[] = [
  { numbers: 100, sessions: 1_000 },
  { numbers: 1_000, sessions: 1_000 },
  { numbers: 10_000, sessions: 1_000 },
];

const openFresh = async (dialect: Dialect): Promise<{ handle: BenchHandle; cleanup(): Promise<void> }> => {
  const db = await freshDatabase(dialect);
  return { handle: await openBenchHandle(db.url), cleanup: () => db.cleanup() };
};

/** A seeded participant's identifier (see bench/seed.ts): someone with history and a live binding. */
const seededOf = (i: number, sessions: number) => seededIdentifier((i * 7919) % (2 * sessions));
/** Someone the pool has never seen: a fresh 646 number per op, offset per run. */
const newIdentifier = (runOffset: number, i: number) => `+1646${2_000_000 + runOffset + i}`;

export interface AllocationCase extends Case {
  readonly seedMillis: number;
  /** Medians over the repetitions of each repetition's figures. */
  readonly choose: LatencySummary;
  readonly session: LatencySummary;
  readonly runs: readonly { readonly choose: LatencySummary; readonly session: LatencySummary }[];
}

const medianSummary = (runs: readonly LatencySummary[]): LatencySummary => ({
  n: runs.reduce((a, r) => a + r.n, 0),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  opsPerSec: median(runs.map((r) => r.opsPerSec)),
});

const runCase = async (dialect: Dialect, c: Case, ops: number, reps: number): Promise<AllocationCase> => {
  const { handle, cleanup } = await openFresh(dialect);
  try {
    const accountSid = `AC${randomBytes(16).toString('hex')}`;
    const serviceSid = `KS${randomBytes(16).toString('hex')}`;
    const seeded = await seedPool(handle, { accountSid, serviceSid, numbers: c.numbers, sessions: c.sessions });
    // Fresh statistics, as autovacuum would have them on a database that grew to this size.
    await analyzeMasqTables(handle.kysely);
    const deps = testDeps(handle.store);
    const service = await handle.store.findService(accountSid, serviceSid);
    if (!service) throw new Error('seeded service missing');
    const runOffset = randomBytes(2).readUInt16BE(0) * 10;
    const chooseFor = (identifier: string) => {
      const parsed = parseIdentifier(identifier);
      if (parsed.kind !== 'phone') throw new Error('phone expected');
      return handle.store.transaction((tx) => chooseProxyNumber(tx, {
        service, identifier: parsed.e164, tiers: geoTiers(parsed, service.geoMatchLevel), mode: 'voice-and-message', counterpartNumberSid: null,
      }));
    };
    const identifierAt = (i: number) => (i % 2 === 0 ? newIdentifier(runOffset, i) : seededOf(i, c.sessions));
    // Unmeasured warm-up (SQLite's page cache, V8's compiled code), on identifiers no measured op uses: without
    // it the first repetition of every case was up to 2.5x slower than the last, and sub-millisecond medians
    // compared warm-up more than pool size.
    const warmups = Math.min(ops, 200);
    await timeEach(warmups, (i) => chooseFor(newIdentifier(runOffset + 5_000_000, i)));
    await timeEach(warmups, (i) => createSession(deps, service, { participants: [{ identifier: newIdentifier(runOffset + 5_000_000, warmups + i) }] }));
    const runs = [];
    for (let rep = 0; rep < reps; rep++) {
      // Each repetition takes identifiers of its own: a new person stays new, a seeded one keeps its history.
      const base = 2 * rep * ops;
      const choose = summarise(await timeEach(ops, (i) => chooseFor(identifierAt(base + i))));
      const session = summarise(await timeEach(ops, (i) => createSession(deps, service, { participants: [{ identifier: identifierAt(base + ops + i) }] })));
      runs.push({ choose, session });
    }
    return { ...c, seedMillis: seeded.millis, choose: medianSummary(runs.map((r) => r.choose)), session: medianSummary(runs.map((r) => r.session)), runs };
  } finally {
    await handle.close();
    await cleanup();
  }
};

const fmt = (s: LatencySummary) => `${s.p50.toFixed(3).padStart(8)} ${s.p99.toFixed(3).padStart(8)}`;

/** `--cases 100x1000,100000x1000000`: numbers x active sessions, for one-off runs beyond FULL. */
const parseCases = (raw: string): Case[] => raw.split(',').map((pair) => {
  const [numbers, sessions] = pair.split('x').map(Number);
  if (!Number.isInteger(numbers) || !Number.isInteger(sessions)) throw new Error(`--cases: bad pair ${pair}`);
  return { numbers: numbers ?? 0, sessions: sessions ?? 0 };
});

export const benchAllocation = async (quick: boolean, dialects: readonly Dialect[], log: (line: string) => void = console.log, custom?: { cases: readonly Case[]; ops: number; reps: number }) => {
  const cases = custom?.cases ?? (quick ? QUICK : FULL);
  const ops = custom?.ops ?? (quick ? 60 : 1000);
  const reps = custom?.reps ?? (quick ? 1 : 3);
  const results: Partial<Record<Dialect, AllocationCase[]>> = {};
  for (const dialect of dialects) {
    log(`\nallocation on ${dialect} (${reps} x ${ops} ops per case, sequential, in process; ms)`);
    log('  numbers  sessions   seed(s) | choose p50      p99 | session p50     p99');
    const rows: AllocationCase[] = [];
    for (const c of cases) {
      const r = await runCase(dialect, c, ops, reps);
      rows.push(r);
      log(`${String(c.numbers).padStart(9)} ${String(c.sessions).padStart(9)} ${(r.seedMillis / 1000).toFixed(1).padStart(9)} | ${fmt(r.choose)} | ${fmt(r.session)}`);
    }
    results[dialect] = rows;
  }
  return { ops, reps, results };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = option('dialect') ?? 'both';
  const dialects: Dialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which === 'postgres' ? 'postgres' : 'sqlite'];
  const quick = flag('quick');
  const casesOption = option('cases');
  const custom = casesOption ? { cases: parseCases(casesOption), ops: Number(option('ops') ?? 500), reps: Number(option('reps') ?? 1) } : undefined;
  const result = await benchAllocation(quick, dialects, console.log, custom);
  const name = custom ? 'allocation-custom' : quick ? 'allocation-quick' : 'allocation';
  console.log(`\nwritten to ${writeResult(name, { machine: machine(), ...result })}`);
}

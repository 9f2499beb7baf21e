// Allocation benchmark: how long choosing and binding a proxy number takes as the pool and the number of
// active sessions grow. Each case seeds a fresh database in bulk (bench/seed.ts), then times
//   - "choose": the allocator's decision alone (candidate queries + pure ranking), in a read transaction;
//   - "session": a whole session create with one participant through the use case (allocation + writes).
// Identifiers alternate between people the pool has never seen and people with history and live bindings.
//
//   npm run bench -- allocation [--quick] [--dialect sqlite|postgres|both]
import { randomBytes } from 'node:crypto';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { chooseProxyNumber } from '../src/app/allocate-proxy-number.ts';
import { createSession } from '../src/app/create-session.ts';
import { geoTiers } from '../src/domain/geo-match.ts';
import { parseIdentifier } from '../src/domain/phone-number.ts';
import { openBenchHandle, type BenchHandle } from '../src/storage/bench-handle.ts';
import { testDeps } from '../test/support/app-deps.ts';
import { seedPool } from './seed.ts';
import { flag, machine, option, summarise, timeEach, writeResult, type LatencySummary } from './support.ts';

const POSTGRES_URL = process.env.MASQ_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Case { readonly numbers: number; readonly sessions: number }

const FULL: readonly Case[] = [
  { numbers: 100, sessions: 1_000 },
  { numbers: 10_000, sessions: 1_000 },
  { numbers: 100_000, sessions: 1_000 },
  { numbers: 100, sessions: 100_000 },
  { numbers: 10_000, sessions: 100_000 },
  { numbers: 100_000, sessions: 100_000 },
  { numbers: 100_000, sessions: 1_000_000 },
];
const QUICK: readonly Case[] = [
  { numbers: 100, sessions: 1_000 },
  { numbers: 10_000, sessions: 1_000 },
  { numbers: 10_000, sessions: 10_000 },
];

const openFresh = async (dialect: 'sqlite' | 'postgres'): Promise<{ handle: BenchHandle; cleanup(): Promise<void> }> => {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'masq-bench-'));
    const handle = await openBenchHandle(`sqlite:${join(dir, 'bench.db')}`);
    return { handle, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = await openBenchHandle(url.toString());
  return {
    handle,
    cleanup: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
};

/** A seeded participant's identifier (see bench/seed.ts): someone with history and a live binding. */
const seededIdentifier = (i: number, sessions: number) => `+1917${String(1_000_000 + ((i * 7919) % (2 * sessions))).padStart(7, '0')}`;
/** Someone the pool has never seen: a fresh 646 number per op, offset per run. */
const newIdentifier = (runOffset: number, i: number) => `+1646${2_000_000 + runOffset + i}`;

const runCase = async (dialect: 'sqlite' | 'postgres', c: Case, ops: number) => {
  const { handle, cleanup } = await openFresh(dialect);
  try {
    const accountSid = `AC${randomBytes(16).toString('hex')}`;
    const serviceSid = `KS${randomBytes(16).toString('hex')}`;
    const seeded = await seedPool(handle, { accountSid, serviceSid, numbers: c.numbers, sessions: c.sessions });
    // Fresh statistics, as autovacuum would have them on a database that grew to this size.
    await sql`analyze`.execute(handle.kysely);
    const deps = testDeps(handle.store);
    const service = await handle.store.findService(accountSid, serviceSid);
    if (!service) throw new Error('seeded service missing');
    const runOffset = randomBytes(2).readUInt16BE(0) * 10;
    const identifierAt = (i: number) => (i % 2 === 0 ? newIdentifier(runOffset, i) : seededIdentifier(i, c.sessions));
    const choose = summarise(await timeEach(ops, (i) => {
      const parsed = parseIdentifier(identifierAt(i));
      if (parsed.kind !== 'phone') throw new Error('phone expected');
      return handle.store.transaction((tx) => chooseProxyNumber(tx, {
        service, identifier: parsed.e164, tiers: geoTiers(parsed, service.geoMatchLevel), mode: 'voice-and-message', counterpartNumberSid: null,
      }));
    }));
    const session = summarise(await timeEach(ops, (i) => createSession(deps, service, { participants: [{ identifier: identifierAt(i + ops) }] })));
    return { ...c, seedMillis: seeded.millis, choose, session };
  } finally {
    await handle.close();
    await cleanup();
  }
};

const fmt = (s: LatencySummary) => `${s.p50.toFixed(3).padStart(8)} ${s.p99.toFixed(3).padStart(8)}`;

export const benchAllocation = async (quick: boolean, dialects: readonly ('sqlite' | 'postgres')[]) => {
  const cases = quick ? QUICK : FULL;
  const ops = quick ? 300 : 2000;
  const results: Record<string, unknown[]> = {};
  for (const dialect of dialects) {
    console.log(`\nallocation on ${dialect} (${ops} ops per case; ms)`);
    console.log('  numbers  sessions   seed(s) | choose p50      p99 | session p50     p99');
    const rows = [];
    for (const c of cases) {
      const r = await runCase(dialect, c, ops);
      rows.push(r);
      console.log(`${String(c.numbers).padStart(9)} ${String(c.sessions).padStart(9)} ${(r.seedMillis / 1000).toFixed(1).padStart(9)} | ${fmt(r.choose)} | ${fmt(r.session)}`);
    }
    results[dialect] = rows;
  }
  const path = writeResult(quick ? 'allocation-quick' : 'allocation', { machine: machine(), ops, results });
  console.log(`\nwritten to ${path}`);
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = option('dialect') ?? 'both';
  const dialects = which === 'both' ? (['sqlite', 'postgres'] as const) : [which === 'postgres' ? 'postgres' as const : 'sqlite' as const];
  await benchAllocation(flag('quick'), dialects);
}

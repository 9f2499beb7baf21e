// Number inventory listing benchmark (issue 12): one account holding N numbers, at two sizes in one run,
// through the use case (listIncomingNumbers, the store masq serve opens) and over HTTP (the real Fastify
// app, inject(), Basic auth, GET /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json). Cases, 50 a page:
//   - first page;
//   - deep page: the page after the (N-50)th number, by PageToken (built from the keyset: the last page);
//   - filtered first pages: PhoneNumber=415 (about a sixth match), FriendlyName shared by a tenth, and
//     PhoneNumber = one number's digits (one match: the walk reads every number of the account).
// Both databases (sizes) are seeded first, then measured in alternating rounds, so both see the same
// machine state; figures are medians after a warm-up. The plan of every case is EXPLAINed and printed.
//
//   npx tsx bench/numbers-listing.ts [--dialect sqlite|postgres] [--sizes 10000,100000] [--reps 200] [--rounds 5]
import { sql } from 'kysely';
import { listIncomingNumbers, type IncomingNumberFilter } from '../src/app/incoming-numbers.ts';
import { defaultConfig } from '../src/config/load-config.ts';
import { buildApp, type MasqApp } from '../src/http/build-app.ts';
import { encodePageToken } from '../src/http/paging.ts';
import type { PageRequest } from '../src/ports/store.ts';
import { createRuntime, type Runtime } from '../src/runtime.ts';
import { openBenchHandle, type BenchHandle } from '../src/storage/bench-handle.ts';
import { analyzeMasqTables, freshDatabase, type Dialect, type FreshDatabase } from './databases.ts';
import { listingPlan, type ListingPlan } from './listing-plan.ts';
import { INVENTORY_SHARED_NAME, seededInventoryCreated, seededInventoryNumber, seedInventory } from './seed.ts';
import { machine, median, option, timeEach, writeResult } from './support.ts';

const ACCOUNT = `AC${'c'.repeat(32)}`;
const TOKEN = 'bench-listing-token';
const AUTH = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
const PAGE = 50;

const dialect: Dialect = option('dialect') === 'postgres' ? 'postgres' : 'sqlite';
const sizes = (option('sizes') ?? '10000,100000').split(',').map(Number);
const reps = Number(option('reps') ?? 200);
const rounds = Number(option('rounds') ?? 5);

interface Case {
  readonly name: string;
  readonly filter: IncomingNumberFilter;
  /** The page request, given the seeded sids of this size. */
  readonly page: (sids: readonly string[]) => PageRequest;
  /** The HTTP query string for the same page. */
  readonly query: (sids: readonly string[]) => string;
}

/** The cursor of the (N-50)th number: the token of the page after it, which is the last page. */
const deepCursor = (sids: readonly string[]) => {
  const i = sids.length - PAGE - 1;
  return { dateCreated: seededInventoryCreated(i), sid: sids[i] ?? '' };
};

/** One number present at every size (the middle of the smallest): its digits match it alone. */
const oneNumber = seededInventoryNumber(Math.floor(Math.min(...sizes) / 2)).e164.slice(1);

const CASES: readonly Case[] = [
  { name: 'first page', filter: {}, page: () => ({ pageSize: PAGE }), query: () => `PageSize=${PAGE}` },
  {
    name: 'deep page (PageToken after the (N-50)th)', filter: {},
    page: (sids) => ({ pageSize: PAGE, after: deepCursor(sids) }),
    query: (sids) => `PageSize=${PAGE}&Page=${sids.length / PAGE - 1}&PageToken=${encodeURIComponent(encodePageToken('after', deepCursor(sids)))}`,
  },
  { name: 'PhoneNumber=415 (many match)', filter: { phoneNumber: '415' }, page: () => ({ pageSize: PAGE }), query: () => `PageSize=${PAGE}&PhoneNumber=415` },
  {
    name: `FriendlyName="${INVENTORY_SHARED_NAME}" (a tenth match)`, filter: { friendlyName: INVENTORY_SHARED_NAME }, page: () => ({ pageSize: PAGE }),
    query: () => `PageSize=${PAGE}&FriendlyName=${encodeURIComponent(INVENTORY_SHARED_NAME)}`,
  },
  {
    name: `PhoneNumber=${oneNumber} (one match)`, filter: { phoneNumber: oneNumber }, page: () => ({ pageSize: PAGE }),
    query: () => `PageSize=${PAGE}&PhoneNumber=${oneNumber}`,
  },
];

interface Size {
  readonly n: number;
  readonly db: FreshDatabase;
  readonly handle: BenchHandle;
  readonly runtime: Runtime;
  readonly app: MasqApp;
  readonly sids: readonly string[];
  readonly seedMillis: number;
}

/** The runtime first (it migrates and provisions the account with TOKEN), then the numbers in bulk. */
const prepare = async (n: number): Promise<Size> => {
  const db = await freshDatabase(dialect);
  const runtime = await createRuntime(defaultConfig({ databaseUrl: db.url, accountSid: ACCOUNT, authToken: TOKEN }), { sweepIntervalMs: 0, jobIntervalMs: 0 });
  const app = await buildApp({ deps: runtime.deps, publicUrl: 'http://masq.invalid', sandbox: runtime.sandbox, logLevel: 'silent' });
  const handle = await openBenchHandle(db.url);
  const { sids, millis } = await seedInventory(handle, { accountSid: ACCOUNT, count: n });
  // Planner statistics as autovacuum (PostgreSQL) or an ANALYZE (SQLite) would leave them on a live database.
  await sql`analyze numbers`.execute(handle.kysely);
  await analyzeMasqTables(handle.kysely);
  return { n, db, handle, runtime, app, sids, seedMillis: millis };
};

const viaApp = (s: Size, c: Case) => () => listIncomingNumbers(s.runtime.deps, ACCOUNT, c.filter, c.page(s.sids));

const viaHttp = (s: Size, c: Case) => async () => {
  const res = await s.app.inject({ method: 'GET', url: `/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json?${c.query(s.sids)}`, headers: { authorization: AUTH } });
  if (res.statusCode !== 200) throw new Error(`${c.name}: HTTP ${res.statusCode} ${res.body}`);
  return res;
};

/** What a user would notice if the bench measured the wrong thing: the deep page is the last 50 numbers. */
const check = async (s: Size): Promise<void> => {
  const deep = CASES[1];
  if (!deep) return;
  const page = await viaApp(s, deep)();
  const expected = s.sids.slice(-PAGE);
  if (page.hasMore || page.items.map((x) => x.sid).join() !== expected.join()) throw new Error(`deep page at ${s.n} is not the last ${PAGE} numbers`);
  const body: unknown = JSON.parse((await viaHttp(s, deep)()).body);
  const first = typeof body === 'object' && body !== null && 'incoming_phone_numbers' in body && Array.isArray(body.incoming_phone_numbers) ? body.incoming_phone_numbers[0] : null;
  if (typeof first !== 'object' || first === null || !('sid' in first) || first.sid !== expected[0]) throw new Error(`HTTP deep page at ${s.n} starts elsewhere`);
};

type Samples = Map<string, number[]>;
const key = (n: number, c: Case, via: string) => `${n}|${c.name}|${via}`;

/** Rounds alternate the sizes, so both are measured under the same load; each batch is warmed first. */
const measure = async (all: readonly Size[]): Promise<Samples> => {
  const samples: Samples = new Map();
  const per = Math.max(1, Math.round(reps / rounds));
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 === 0 ? all : [...all].reverse()) {
      for (const c of CASES) {
        for (const [via, op] of [['app', viaApp(s, c)], ['http', viaHttp(s, c)]] as const) {
          await timeEach(Math.min(10, per), op);
          const list = samples.get(key(s.n, c, via)) ?? [];
          list.push(...(await timeEach(per, op)));
          samples.set(key(s.n, c, via), list);
        }
      }
    }
  }
  return samples;
};

const planOf = (p: ListingPlan): string =>
  `${p.usesIndex ? 'numbers_account_created_idx' : 'NOT the listing index'}${p.scansTable ? ', table scan' : ''}${p.sorts ? ', sort' : ''}`;

const report = async (all: readonly Size[], samples: Samples) => {
  const small = all[0];
  const big = all[all.length - 1];
  if (!small || !big) return [];
  const rows = [];
  for (const c of CASES) {
    const plans = await Promise.all(all.map((s) => listingPlan(s.handle, ACCOUNT, c.filter, c.page(s.sids))));
    const at = (s: Size, via: string) => median(samples.get(key(s.n, c, via)) ?? []);
    const row = {
      case: c.name,
      app: all.map((s) => at(s, 'app')), http: all.map((s) => at(s, 'http')),
      appRatio: at(big, 'app') / at(small, 'app'), httpRatio: at(big, 'http') / at(small, 'http'),
      plan: plans.map(planOf), planLines: plans.map((p) => p.lines),
    };
    rows.push(row);
  }
  return rows;
};

const print = (all: readonly Size[], rows: Awaited<ReturnType<typeof report>>) => {
  const ms = (x: number) => x.toFixed(3);
  const n = all.map((s) => s.n.toLocaleString('en'));
  console.log(`\n| case | use case ms (${n.join(' / ')}) | ratio | HTTP ms (${n.join(' / ')}) | ratio | plan (${n.join(' / ')}) |`);
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(`| ${r.case} | ${r.app.map(ms).join(' / ')} | ${r.appRatio.toFixed(2)} | ${r.http.map(ms).join(' / ')} | ${r.httpRatio.toFixed(2)} | ${r.plan.join(' / ')} |`);
  }
  for (const r of rows) console.log(`\nEXPLAIN, ${r.case}, ${n[n.length - 1]} numbers:\n  ${(r.planLines[r.planLines.length - 1] ?? []).join('\n  ')}`);
};

const startMachine = machine();
const all: Size[] = [];
try {
  for (const n of sizes) {
    const s = await prepare(n);
    all.push(s);
    console.log(`${dialect}: seeded ${n.toLocaleString('en')} inventory numbers in ${s.seedMillis} ms`);
  }
  for (const s of all) await check(s);
  const samples = await measure(all);
  const rows = await report(all, samples);
  print(all, rows);
  const path = writeResult(`numbers-listing-${dialect}`, {
    dialect, sizes, reps, rounds, machine: { start: startMachine, end: machine() }, seedMillis: all.map((s) => s.seedMillis), rows,
  });
  console.log(`\nresults: ${path}`);
} finally {
  for (const s of all) {
    await s.app.close();
    await s.runtime.close();
    await s.handle.close();
    await s.db.cleanup();
  }
}

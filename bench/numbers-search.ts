// Number search benchmark: how long an AvailablePhoneNumbers search takes on the sandbox's simulated plan
// (a computed plan of tens of millions of numbers) with an empty inventory and with 100,000 numbers of
// the searched area already bought. Searches of 50 results each, through the sandbox's numbers port:
//   - "area code": AreaCode=415 (US local);
//   - "near": NearLatLong at 415's main rate center, Distance=50 miles (the Bay Area's codes, nearest first);
//   - "GB mobile LOVE": a vanity Contains over the UK's 1.6 million mobiles (one line in 10,000 matches);
//   - "short codes": US short codes containing 77.
// Then describePlanNumber (what the sandbox looks up when a number is bought) for numbers of every kind.
// Bought numbers are spread evenly over area code 415's stock (~180,000 numbers: 100,000 is more than half
// of it), so both searches meet them at that density and skip them through the inventory lookup.
// Seeded through the Store (createNumber), so the lookup is the one masq serve uses.
//
//   npx tsx bench/numbers-search.ts [--quick] [--dialect sqlite|postgres]   (--quick: 10,000 bought numbers)
import { randomBytes } from 'node:crypto';
import { inventoryRecord } from '../src/app/inventory-records.ts';
import { SandboxNumbers } from '../src/carriers/sandbox/numbers.ts';
import { hash32 } from '../src/domain/numbering-plan/hash.ts';
import { describePlanNumber, searchPlan } from '../src/domain/numbering-plan/plan.ts';
import { parseNumberSearch } from '../src/domain/numbering-plan/query.ts';
import type { NumberSearch } from '../src/domain/numbering-plan/types.ts';
import { createSidGenerator } from '../src/domain/sid.ts';
import { openBenchHandle, type BenchHandle } from '../src/storage/bench-handle.ts';
import { freshDatabase, type Dialect } from './databases.ts';
import { seedPool } from './seed.ts';
import { flag, median, option, timeEach } from './support.ts';

const ACCOUNT = `AC${'b'.repeat(32)}`;
const RUNS = 30;
const SEARCHES: readonly { name: string; query: NumberSearch }[] = [
  { name: 'area code 415', query: parseNumberSearch({ AreaCode: '415' }, 'US', 'local') },
  // Centred on 415's main rate center, so this search too walks through the bought numbers first.
  { name: 'near 37.9867,-122.6796 within 50 mi', query: parseNumberSearch({ NearLatLong: '37.9867,-122.6796', Distance: '50' }, 'US', 'local') },
  { name: 'GB mobile Contains=LOVE', query: parseNumberSearch({ Contains: 'LOVE' }, 'GB', 'mobile') },
  { name: 'US short codes Contains=77', query: parseNumberSearch({ Contains: '77' }, 'US', 'short-code') },
];

/** A few numbers of each kind the plan describes: US local, toll-free and short codes, GB local and mobile, NL M2M. */
const DESCRIBED: readonly NumberSearch[] = [
  parseNumberSearch({ AreaCode: '212' }, 'US', 'local'), parseNumberSearch({}, 'US', 'toll-free'), parseNumberSearch({}, 'US', 'short-code'),
  parseNumberSearch({}, 'GB', 'local'), parseNumberSearch({}, 'GB', 'mobile'), parseNumberSearch({}, 'NL', 'machine-to-machine'),
];

/** Median microseconds to describe one number, over numbers of every kind (after one warm-up pass). */
const describeMicros = (): number => {
  const numbers = DESCRIBED.flatMap((query) => [...take(searchPlan(query), 200)].map((n) => n.e164));
  for (const e164 of numbers) describePlanNumber(e164);
  const latencies = numbers.map((e164) => {
    const started = performance.now();
    describePlanNumber(e164);
    return (performance.now() - started) * 1000;
  });
  return median(latencies);
};

function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}

/** Area code 415's stock in plan order (about 180,000 numbers, enumerated lazily). */
const stockOf415 = () => searchPlan({ ...parseNumberSearch({ AreaCode: '415' }, 'US', 'local'), limit: Number.MAX_SAFE_INTEGER });

/** `count` of area code 415's plan numbers, spread evenly over its whole stock (hash-picked), not its first lines. */
const boughtNumbers = (count: number): string[] => {
  if (count === 0) return [];
  let stock = 0;
  for (const _ of stockOf415()) stock++;
  const perMille = Math.min(1000, Math.ceil((count / stock) * 1000) + 5);
  const bought: string[] = [];
  for (const n of stockOf415()) {
    if (bought.length >= count) break;
    if (hash32(`bought:${n.e164}`) % 1000 < perMille) bought.push(n.e164);
  }
  return bought;
};

const seed = async (handle: BenchHandle, count: number): Promise<void> => {
  const sids = createSidGenerator((n) => randomBytes(n));
  const now = new Date();
  // The account row the numbers belong to (bench/seed.ts writes it; no pool numbers, no sessions).
  await seedPool(handle, { accountSid: ACCOUNT, serviceSid: `KS${'b'.repeat(32)}`, numbers: 0, sessions: 0 });
  // Bought numbers are inventory records (live), as a purchase makes them: what the sandbox's search skips.
  for (const e164 of boughtNumbers(count)) {
    await handle.store.createInventoryNumber(inventoryRecord({
      sid: sids('phoneNumber'), accountSid: ACCOUNT, e164, state: 'active', origin: 'purchased', carrier: 'sandbox', carrierRef: e164,
      type: 'local', place: null, capabilities: { voice: true, sms: true, mms: true, fax: false }, monthlyCost: null, friendlyName: null, now,
    }));
  }
};

/** Untimed searches first: the first searches of a process pay for JIT and the statement cache. */
const WARM_UP_RUNS = 10;

const measure = async (dialect: Dialect, inventory: number): Promise<void> => {
  const db = await freshDatabase(dialect);
  const handle = await openBenchHandle(db.url);
  try {
    const started = performance.now();
    await seed(handle, inventory);
    const seeded = Math.round(performance.now() - started);
    const numbers = new SandboxNumbers(async (e164) => (await handle.store.findLiveNumber(e164)) !== null);
    for (const { name, query } of SEARCHES) {
      const found = await numbers.search(query);
      await timeEach(WARM_UP_RUNS, () => numbers.search(query));
      const latencies = await timeEach(RUNS, () => numbers.search(query));
      console.log(`${dialect} inventory ${inventory.toLocaleString('en')} (seeded in ${seeded} ms) | ${name}: ${found.length} results, median ${median(latencies).toFixed(2)} ms`);
    }
  } finally {
    await handle.close();
    await db.cleanup();
  }
};

const dialect: Dialect = option('dialect') === 'postgres' ? 'postgres' : 'sqlite';
for (const inventory of [0, flag('quick') ? 10_000 : 100_000]) await measure(dialect, inventory);
console.log(`describePlanNumber: median ${describeMicros().toFixed(1)} µs per number (US local, toll-free, short code; GB local, mobile; NL M2M)`);

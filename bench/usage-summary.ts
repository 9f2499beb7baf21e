// Monthly usage summary over many cost records (issue 13, "Done when"): N records (default 10 million) over
// 13 months for a few hundred accounts, one of them big (a tenth of all records), loaded with batched
// multi-row inserts in transactions. Then, the medians of R runs of the store's summarizeUsage (what every
// Usage Records page and `masq usage` read):
//   - the big account, one month (granularity month), and a year (granularity month: 12 rows per category);
//   - a typical account, one month;
//   - the whole installation (every account), one month.
// Each case's SQL is captured as the store compiles it and EXPLAINed, to show the index it walks: migration
// 012's covering index. Then that index is swapped for the narrow (account_sid, occurred_at, sid) one and the
// cases measured again, so both plans and timings can be compared on the same data. The secondary indexes are
// dropped for the bulk load and built afterwards (timed): loading through them is what made 10M slow.
//
//   npx tsx bench/usage-summary.ts [--dialect sqlite|postgres] [--records 10000000] [--accounts 300] [--runs 5]
// PostgreSQL: MASQ_BENCH_POSTGRES_URL (default the test server). The database is a temp file / schema, dropped at the end.
import { sql } from 'kysely';
import type { UsageQuery } from '../src/ports/store/costs.ts';
import { openBenchHandle, type BenchHandle } from '../src/storage/bench-handle.ts';
import { freshDatabase, type Dialect } from './databases.ts';
import { capturedSql, explainLines } from './listing-plan.ts';
import { machine, median, option, timeEach, writeResult } from './support.ts';

const dialect: Dialect = option('dialect') === 'postgres' ? 'postgres' : 'sqlite';
const RECORDS = Number(option('records') ?? 10_000_000);
const ACCOUNTS = Number(option('accounts') ?? 300);
const RUNS = Number(option('runs') ?? 5);
const ROWS_PER_INSERT = 1000;
const INSERTS_PER_TRANSACTION = 10;
const START = Date.UTC(2025, 2, 1);
const END = Date.UTC(2026, 3, 1); // 13 months
const BIG_SHARE = 0.1;

const accountSid = (i: number): string => `AC${i.toString(16).padStart(32, '0')}`;
const BIG = accountSid(0);
const TYPICAL = accountSid(1);

/** Roughly the traffic mix of a masking platform: mostly SMS, then calls, a few MMS and leases. */
const MIX: readonly (readonly [string, string, number, number])[] = [
  ['sms-outbound-longcode', 'segments', 8300, 45], ['sms-inbound-longcode', 'segments', 8300, 30], ['calls-inbound-local', 'seconds', 8500, 10],
  ['calls-outbound', 'seconds', 14000, 8], ['mms-outbound', 'messages', 20000, 4], ['sms-outbound-tollfree', 'segments', 8300, 2], ['phonenumbers-local', 'numbers', 1_150_000, 1],
];
const WEIGHTS = MIX.flatMap((m, i) => Array.from({ length: m[3] }, () => i));

/** A deterministic generator, so both databases hold the same records. */
const random = (() => {
  let state = 0x2545f491;
  return (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
})();

const row = (i: number) => {
  const kind = MIX[WEIGHTS[Math.floor(random() * WEIGHTS.length)] ?? 0] ?? MIX[0];
  const [category, unit, rate] = kind ?? ['sms-outbound-longcode', 'segments', 8300];
  const account = random() < BIG_SHARE ? BIG : accountSid(1 + Math.floor(random() * (ACCOUNTS - 1)));
  const quantity = unit === 'seconds' ? 1 + Math.floor(random() * 600) : 1;
  const billable = unit === 'seconds' ? Math.ceil(quantity / 60) * 60 : quantity;
  const amount = unit === 'seconds' ? (billable / 60) * rate : rate;
  // Records arrive in time order, as traffic writes them.
  const occurredAt = new Date(START + Math.floor(((END - START) * i) / RECORDS)).toISOString();
  const sid = `CR${i.toString(16).padStart(32, '0')}`;
  return {
    sid, account_sid: account, category, event_key: `${sid}:e`, resource_sid: `KI${i.toString(16).padStart(32, '0')}`,
    number_sid: `PN${(i % 5000).toString(16).padStart(32, '0')}`, phone_number: `+1415${String(i % 10_000_000).padStart(7, '0')}`, service_sid: null,
    carrier: 'sandbox', quantity, unit, billable_quantity: billable, rate_micros: rate, amount_micros: amount, currency: 'usd',
    occurred_at: occurredAt, rate_card_version: 'bench-1',
  };
};

const load = async (h: BenchHandle): Promise<number> => {
  const started = performance.now();
  for (let a = 0; a < ACCOUNTS; a += 1) {
    await h.store.upsertAccount({ sid: accountSid(a), friendlyName: `bench ${a}`, authToken: 'x', dateCreated: new Date(START), dateUpdated: new Date(START) });
  }
  const perTransaction = ROWS_PER_INSERT * INSERTS_PER_TRANSACTION;
  for (let done = 0; done < RECORDS; done += perTransaction) {
    await h.kysely.transaction().execute(async (tx) => {
      for (let k = done; k < Math.min(done + perTransaction, RECORDS); k += ROWS_PER_INSERT) {
        const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, RECORDS - k) }, (_, j) => row(k + j));
        await tx.insertInto('cost_records').values(rows).execute();
      }
    });
    if ((done / perTransaction) % 100 === 0) process.stderr.write(`  loaded ${done + perTransaction} / ${RECORDS} (${Math.round((performance.now() - started) / 1000)} s)\n`);
  }
  return (performance.now() - started) / 1000;
};

const month = (y: number, m: number): Date => new Date(Date.UTC(y, m - 1, 1));
const CASES: readonly (readonly [string, UsageQuery])[] = [
  ['big account, one month', { accountSids: [BIG], from: month(2026, 2), until: month(2026, 3), granularity: 'month' }],
  ['big account, a year by month', { accountSids: [BIG], from: month(2025, 3), until: month(2026, 3), granularity: 'month' }],
  ['typical account, one month', { accountSids: [TYPICAL], from: month(2026, 2), until: month(2026, 3), granularity: 'month' }],
  ['installation, one month', { accountSids: Array.from({ length: ACCOUNTS }, (_, i) => accountSid(i)), from: month(2026, 2), until: month(2026, 3), granularity: 'month' }],
];

/** The plan of the SQL summarizeUsage really sends for `query`. */
const planOf = async (h: BenchHandle, query: UsageQuery): Promise<string[]> => {
  const seen = await capturedSql(h, (store) => store.summarizeUsage(query));
  const summary = seen.find((q) => /from "cost_records"/.test(q.sql));
  if (!summary) throw new Error('summarizeUsage sent no query on cost_records');
  return explainLines(h, summary);
};

const measure = async (h: BenchHandle, label: string) => {
  const out = [];
  for (const [name, query] of CASES) {
    await h.store.summarizeUsage(query); // warm-up
    const times = await timeEach(RUNS, () => h.store.summarizeUsage(query));
    const rows = (await h.store.summarizeUsage(query)).length;
    const plan = await planOf(h, query);
    out.push({ name, medianMs: Math.round(median(times) * 10) / 10, rows, plan });
    process.stdout.write(`\n[${label}] ${name}: median ${median(times).toFixed(1)} ms over ${RUNS} runs (${rows} rows)\n${plan.map((l) => `    ${l}`).join('\n')}\n`);
  }
  return out;
};

const analyze = async (h: BenchHandle): Promise<void> => {
  if (h.dialect === 'postgres') await sql`vacuum analyze cost_records`.execute(h.kysely);
  else await sql`analyze cost_records`.execute(h.kysely);
};

/** The migration's secondary indexes, dropped for the bulk load and built once afterwards (timed). */
const dropIndexes = async (h: BenchHandle): Promise<void> => {
  await sql`drop index cost_records_account_time_idx`.execute(h.kysely);
  await sql`drop index cost_records_event_key_uq`.execute(h.kysely);
};

const buildIndexes = async (h: BenchHandle): Promise<number> => {
  const started = performance.now();
  // As migration 012 creates them.
  await sql`create unique index cost_records_event_key_uq on cost_records (event_key)`.execute(h.kysely);
  await sql`create index cost_records_account_time_idx on cost_records (account_sid, occurred_at, sid, category, currency, billable_quantity, amount_micros)`.execute(h.kysely);
  return (performance.now() - started) / 1000;
};

const main = async (): Promise<void> => {
  const db = await freshDatabase(dialect);
  const h = await openBenchHandle(db.url);
  try {
    process.stdout.write(`usage summary on ${dialect}: ${RECORDS} records, ${ACCOUNTS} accounts, 13 months\n`);
    await dropIndexes(h);
    const loadSeconds = await load(h);
    process.stdout.write(`loaded in ${loadSeconds.toFixed(0)} s (${Math.round(RECORDS / loadSeconds)} records/s)\n`);
    const indexSeconds = await buildIndexes(h);
    process.stdout.write(`indexes built in ${indexSeconds.toFixed(0)} s\n`);
    await analyze(h);
    const withCover = await measure(h, 'covering index (migration 012)');
    // For comparison: the narrow index a summary would otherwise walk, visiting the table for every record.
    await sql`drop index cost_records_account_time_idx`.execute(h.kysely);
    await sql`create index cost_records_narrow_idx on cost_records (account_sid, occurred_at, sid)`.execute(h.kysely);
    await analyze(h);
    const withNarrow = await measure(h, 'narrow index (account_sid, occurred_at, sid)');
    const path = writeResult(`usage-summary-${dialect}`, { machine: machine(), dialect, records: RECORDS, accounts: ACCOUNTS, runs: RUNS, loadSeconds, indexSeconds, withCover, withNarrow });
    process.stdout.write(`\nresults in ${path}\n`);
  } finally {
    await h.close();
    await db.cleanup();
  }
};

await main();

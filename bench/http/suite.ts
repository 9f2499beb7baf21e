// The HTTP benchmarks, per database: the ceiling, inbound SMS routing through a real `masq serve` at
// each session count, session create with two participants, two masq processes on one PostgreSQL, and
// the server's memory at the largest session count. Every figure is the median of repeated runs; each
// run is a fresh load-generator process with its own warm-up.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { openBenchHandle } from '../../src/storage/bench-handle.ts';
import { freshDatabase, type Dialect, type FreshDatabase, analyzeMasqTables } from '../databases.ts';
import { seedPool, type PoolShape } from '../seed.ts';
import { median } from '../support.ts';
import { createRequest, smsRequest, SMS_PATH, type CreateLoad, type LoadResult, type SmsLoad } from './load.ts';
import { cpuSecondsOf, memoryOf, postgresCpuSeconds, runLoad, startCeiling, startMasq, type Memory, type ServerProcess } from './processes.ts';

export interface HttpSettings {
  readonly reps: number;
  /** Repetitions at the largest session count (seeding dominates there; the brief allows fewer). */
  readonly largeReps: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly connections: number;
  /** Active sessions per routing case, ascending; the create and two-process cases run at the middle one. */
  readonly sizes: readonly number[];
  readonly pool: PoolShape;
  readonly cpuProfDir?: string;
  readonly log: (line: string) => void;
}

export interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU milliseconds per request. */
  readonly cpuMs: number;
  /** PostgreSQL CPU milliseconds per request (NaN on SQLite, where the database runs inside the server). */
  readonly dbCpuMs: number;
  readonly runs: readonly LoadResult[];
}

export interface RoutingCase {
  readonly sessions: number;
  readonly seedMillis: number;
  readonly one: Figures;
  /** Interactions in the database after the runs, against 2xx answers sent (warm-ups included). */
  readonly interactions: { readonly written: number; readonly answered: number };
}

export interface DialectResult {
  readonly dialect: Dialect;
  readonly ceiling: Figures;
  readonly routing: readonly RoutingCase[];
  readonly create: { readonly sessions: number; readonly one: Figures; readonly two: Figures | null };
  readonly routingTwo: { readonly sessions: number; readonly one: Figures; readonly two: Figures } | null;
  readonly memory: { readonly sessions: number } & Memory;
}

const figures = (runs: readonly LoadResult[]): Figures => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  cpuMs: median(runs.map((r) => r.serverCpuMs ?? Number.NaN)),
  dbCpuMs: median(runs.map((r) => r.dbCpuMs ?? Number.NaN)),
  runs,
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const fmt = (f: LoadResult) => `${String(f.rps).padStart(6)} req/s  p50 ${f.p50.toFixed(2).padStart(7)} ms  p99 ${f.p99.toFixed(2).padStart(7)} ms`
  + `  load ${f.loadavg ?? '?'}  server cpu ${f.serverCpuMs?.toFixed(3) ?? '?'} ms/req${f.dbCpuMs === undefined ? '' : `  db cpu ${f.dbCpuMs.toFixed(3)} ms/req`}${f.non2xx + f.errors + f.timeouts > 0 ? `  (non-2xx ${f.non2xx}, errors ${f.errors}, timeouts ${f.timeouts})` : ''}  load-gen cpu ${f.loadGenCpu}`;

/**
 * Identifier ranges for session creates: each run gets a fresh block, so no identifier is used twice. Valid
 * NANP subscriber numbers (exchange 200-999), like real participants'.
 */
let identifierBlock = 0;
const nextIdentifierBase = () => 2_000_000 + 300_000 * (identifierBlock++ % 25);

interface Installation {
  readonly accountSid: string;
  readonly authToken: string;
  readonly serviceSid: string;
  readonly twilioAccountSid: string;
  readonly twilioAuthToken: string;
  readonly publicUrl: string;
}

export const newInstallation = (): Installation => ({
  accountSid: `AC${hex(16)}`,
  authToken: hex(16),
  serviceSid: `KS${hex(16)}`,
  twilioAccountSid: `AC${hex(16)}`,
  twilioAuthToken: hex(16),
  // What Twilio would have been told to call; every instance behind it verifies signatures against it.
  publicUrl: 'https://masq.bench.invalid',
});

export const masqEnv = (i: Installation): Record<string, string> => ({
  MASQ_ACCOUNT_SID: i.accountSid,
  MASQ_AUTH_TOKEN: i.authToken,
  MASQ_PUBLIC_URL: i.publicUrl,
  MASQ_TWILIO_ACCOUNT_SID: i.twilioAccountSid,
  MASQ_TWILIO_AUTH_TOKEN: i.twilioAuthToken,
  // Never reached: Twilio numbers forward in the TwiML answer. A closed local port, so nothing leaves the machine.
  MASQ_TWILIO_API_URL: 'http://127.0.0.1:9',
  MASQ_DEFAULT_CARRIER: 'twilio',
});

export const smsLoad = (i: Installation, sessions: number, pool: PoolShape): SmsLoad => ({
  kind: 'sms', publicUrl: i.publicUrl, authToken: i.twilioAuthToken, twilioAccountSid: i.twilioAccountSid, sessions, pool,
});

export const createLoad = (i: Installation): CreateLoad => ({
  kind: 'create', serviceSid: i.serviceSid, accountSid: i.accountSid, authToken: i.authToken, identifierBase: nextIdentifierBase(),
});

/** One request by hand before measuring: the server must answer what a benchmark claims it does. */
const smoke = async (server: ServerProcess, i: Installation, sessions: number, pool: PoolShape): Promise<void> => {
  const sms = smsRequest(smsLoad(i, sessions, pool))();
  const routed = await fetch(`${server.url}${SMS_PATH}`, { method: 'POST', headers: sms.headers, body: sms.body });
  const twiml = await routed.text();
  if (routed.status !== 200 || !twiml.includes('<Message to="+1917')) throw new Error(`SMS was not forwarded (${routed.status}): ${twiml}\n${server.tail()}`);
  const create = createRequest({ ...createLoad(i), identifierBase: 9_900_000 + Math.floor(Math.random() * 90_000) })();
  const created = await fetch(`${server.url}${create.path}`, { method: 'POST', headers: create.headers, body: create.body });
  if (created.status !== 201) throw new Error(`session create failed (${created.status}): ${await created.text()}`);
};

export const runHttpSuite = async (dialect: Dialect, s: HttpSettings): Promise<DialectResult> => {
  // Server CPU per request is the figure least disturbed by other work on a shared machine: it is what
  // an optimisation changes, whatever the neighbours do to wall-clock throughput.
  const pids = new Map<string, number>();
  const run = async (urls: readonly string[], load: SmsLoad | CreateLoad): Promise<LoadResult> => {
    const cpu = () => urls.reduce((a, u) => a + cpuSecondsOf(pids.get(u) ?? 0), 0);
    const db = () => (dialect === 'postgres' ? postgresCpuSeconds() : 0);
    const before = cpu();
    const dbBefore = db();
    const r = await runLoad({ urls, connections: s.connections, durationSec: s.durationSec, warmupSec: s.warmupSec, load });
    const perRequest = (seconds: number) => Math.round((seconds * 1000 / Math.max(1, r.requests + r.warmupRequests)) * 1000) / 1000;
    // The 1-minute load average after the run: how busy the shared machine was around this figure.
    return { ...r, serverCpuMs: perRequest(cpu() - before), ...(dialect === 'postgres' && { dbCpuMs: perRequest(Math.max(0, db() - dbBefore)) }), loadavg: Math.round(loadavg()[0] ?? 0) };
  };
  const repeat = async (label: string, times: number, once: () => Promise<LoadResult>): Promise<Figures> => {
    const runs: LoadResult[] = [];
    for (let k = 0; k < times; k++) {
      const r = await once();
      s.log(`  ${label.padEnd(34)} ${fmt(r)}`);
      runs.push(r);
    }
    return figures(runs);
  };

  s.log(`\n== ${dialect} ==`);
  // The ceiling runs beside masq for the whole block and is measured again before every case, so drift on
  // a shared machine (other processes come and go) lands in the ceiling's spread, not in one ratio.
  const ceilingServer = await startCeiling();
  pids.set(ceilingServer.url, ceilingServer.pid);
  const ceilingRuns: LoadResult[] = [];
  const ceilingLoad = smsLoad(newInstallation(), 1000, s.pool);
  const ceilingRep = async (always = false): Promise<void> => {
    // The quick run measures the ceiling once: it is a smoke test, not a figure to quote.
    if (!always && s.reps < 2) return;
    const r = await run([ceilingServer.url], ceilingLoad);
    s.log(`  ${'ceiling (bare Fastify)'.padEnd(34)} ${fmt(r)}`);
    ceilingRuns.push(r);
  };

  const routing: RoutingCase[] = [];
  let create: DialectResult['create'] | null = null;
  let routingTwo: DialectResult['routingTwo'] = null;
  let memory: DialectResult['memory'] | null = null;
  const middle = s.sizes[Math.floor(s.sizes.length / 2)] ?? s.sizes[0];
  const largest = s.sizes[s.sizes.length - 1];
  try {
    await ceilingRep(true);
    for (const sessions of s.sizes) {
      const install = newInstallation();
      const db: FreshDatabase = await freshDatabase(dialect);
      const servers: ServerProcess[] = [];
      try {
        const handle = await openBenchHandle(db.url);
        // A throwaway database: SQLite may keep the whole index set in memory and skip fsync while seeding
        // (a million sessions are ~5 million index-scattered rows; with the default cache they took minutes).
        if (dialect === 'sqlite') await sql`pragma cache_size = -1048576`.execute(handle.kysely);
        const seeded = await seedPool(handle, { accountSid: install.accountSid, serviceSid: install.serviceSid, sessions, carrier: 'twilio', ...s.pool });
        // Fresh statistics, as autovacuum would have them on a database that grew to this size.
        await analyzeMasqTables(handle.kysely);
        await handle.close();
        s.log(`  seeded ${sessions.toLocaleString('en')} sessions, ${s.pool.numbers.toLocaleString('en')} numbers in ${(seeded.millis / 1000).toFixed(1)} s`);
        const start = (n: number) => startMasq({ databaseUrl: db.url, env: masqEnv(install), name: `masq-${dialect}-${sessions}-${n}`, ...(s.cpuProfDir !== undefined && { cpuProfDir: s.cpuProfDir }) });
        const first = await start(1);
        pids.set(first.url, first.pid);
        servers.push(first);
        await smoke(first, install, sessions, s.pool);
        const reps = sessions === largest && s.sizes.length > 1 ? s.largeReps : s.reps;
        const sms = smsLoad(install, sessions, s.pool);
        await ceilingRep();
        const one = await repeat(`routing ${sessions.toLocaleString('en')} sessions`, reps, () => run([first.url], sms));
        const count = await openBenchHandle(db.url, { migrate: false });
        const written = await count.kysely.selectFrom('interactions').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
        await count.close();
        // +1: the smoke test's message.
        routing.push({ sessions, seedMillis: seeded.millis, one, interactions: { written: Number(written.n), answered: 1 + one.runs.reduce((a, r) => a + r.requests + r.warmupRequests, 0) } });
        if (sessions === largest) memory = { sessions, ...memoryOf(first.pid) };
        if (sessions !== middle) continue;

        if (dialect !== 'postgres') {
          await ceilingRep();
          create = { sessions, one: await repeat('create with 2 participants', s.reps, () => run([first.url], createLoad(install))), two: null };
          continue;
        }
        // Two processes on one database, connections split over both. One and two alternate within each
        // repetition, so drift on a shared machine affects both alike.
        const second = await start(2);
        pids.set(second.url, second.pid);
        servers.push(second);
        const routeOne: LoadResult[] = [];
        const routeTwo: LoadResult[] = [];
        const createOne: LoadResult[] = [];
        const createTwo: LoadResult[] = [];
        for (let k = 0; k < s.reps; k++) {
          await ceilingRep();
          const r1 = await run([first.url], sms);
          const r2 = await run([first.url, second.url], sms);
          const c1 = await run([first.url], createLoad(install));
          const c2 = await run([first.url, second.url], createLoad(install));
          s.log(`  ${'routing, 1 process'.padEnd(34)} ${fmt(r1)}\n  ${'routing, 2 processes'.padEnd(34)} ${fmt(r2)}`);
          s.log(`  ${'create 2 participants, 1 process'.padEnd(34)} ${fmt(c1)}\n  ${'create 2 participants, 2 processes'.padEnd(34)} ${fmt(c2)}`);
          routeOne.push(r1); routeTwo.push(r2); createOne.push(c1); createTwo.push(c2);
        }
        routingTwo = { sessions, one: figures(routeOne), two: figures(routeTwo) };
        create = { sessions, one: figures(createOne), two: figures(createTwo) };
      } finally {
        for (const server of servers) await server.stop();
        await db.cleanup();
      }
    }
  } finally {
    await ceilingServer.stop();
  }
  const ceiling = figures(ceilingRuns);
  if (!create || !memory) throw new Error('no session sizes given');
  return { dialect, ceiling, routing, create, routingTwo, memory };
};

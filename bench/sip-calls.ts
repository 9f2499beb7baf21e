// SIP calls set up per second through masq (issue 15), against SIPp as the real caller and callee. Three
// kinds of process, on loopback, as an operator runs them:
//   - masq: `node bin/masq.js serve`, configured only through MASQ_* variables, with one SIP carrier account
//     listening on 127.0.0.1 (UDP), its trunk the SIPp callee, on a fresh SQLite file or PostgreSQL schema;
//   - the SIPp callee (UAS, test/peers/sip/callee-answers.xml) on 127.0.0.3: 183 and 200 with SDP at once,
//     then waits for the BYE (its masking checks are left out: the SIP suites assert those; here each call
//     goes to another participant);
//   - the SIPp caller (UAC, test/peers/sip/caller-hangs-up.xml) on 127.0.0.2, placing calls at a fixed rate
//     (-r), each from a masked session's participant to their proxy number (an injection file, round-robin
//     over the sessions), holding --hold-ms after the answer, then BYE.
// Each call is a real masked call: masq authorises the caller by address, routes the INVITE into the session
// (an interaction written), places the B-leg through the trunk from the partner's proxy number, relays the
// answer, the BYE, and records both legs' statuses. SIPp measures the setup time (INVITE sent -> 200
// received, its rtd) per call (-trace_rtt) and counts successful and failed calls (-trace_stat). masq's CPU
// comes from /proc/<pid>/stat. Nothing here is asserted: figures go to BENCHMARKS.md.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALLEE_ADDRESS, CALLER_ADDRESS, freePort, runSipp, startSipp, type SippResult } from '../test/support/sipp.ts';
import { freshDatabase, type Dialect } from './databases.ts';
import { cpuSecondsOf, postgresCpuSeconds, startMasq, type ServerProcess } from './http/processes.ts';
import { flag, machine, option, percentile, writeResult } from './support.ts';

const HELP = `SIP calls set up per second through masq, SIPp caller -> masq -> SIPp callee (test/peers/sip)

  npx tsx bench/sip-calls.ts [options]

  --dialect sqlite|postgres   database (default sqlite; postgres: MASQ_BENCH_POSTGRES_URL, a fresh schema per case)
  --rates 10,25,50            calls per second offered by the SIPp caller (-r), one case each (default 10,25,50)
  --seconds S                 each case offers rate x S calls (default 20)
  --hold-ms MS                how long each call lasts after the answer (default 1000)
  --warmup N                  calls placed first at 10/s and not counted (default 50)
  --sessions N                masked sessions the calls go round (default 50)
  --numbers N                 proxy numbers declared on the SIP account (default 10)
  --help                      this text

Results: bench/results/sip-calls-<dialect>-r<rates>.json, and a Markdown table on stdout.
Needs sipp (apt-get install sip-tester) and a built dist/ (npm run build).`;

const ACCOUNT_SID = `AC${'6'.repeat(32)}`;
const AUTH_TOKEN = 'sip-bench-token';
const AUTH = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
const MASQ_ADDRESS = '127.0.0.1';
const IDLE_MS = 5_000;

interface Options {
  readonly dialect: Dialect;
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly holdMs: number;
  readonly warmup: number;
  readonly sessions: number;
  readonly numbers: number;
}

const whole = (name: string, fallback: number, min: number): number => {
  const raw = option(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, got ${raw ?? ''}`);
  return value;
};

const optionsOf = (): Options => {
  const dialect = option('dialect') ?? 'sqlite';
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--dialect must be sqlite or postgres');
  const rates = (option('rates') ?? '10,25,50').split(',').map(Number);
  if (rates.some((r) => !Number.isInteger(r) || r < 1 || r > 2000)) throw new Error('--rates must list whole numbers from 1 to 2000');
  return {
    dialect, rates, seconds: whole('seconds', 20, 1), holdMs: whole('hold-ms', 1000, 0), warmup: whole('warmup', 50, 0),
    sessions: whole('sessions', 50, 1), numbers: whole('numbers', 10, 2),
  };
};

const progress = (line: string): void => { process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`); };
const round = (x: number, places = 2): number => Math.round(x * 10 ** places) / 10 ** places;

// ---- masq, set up through its API ------------------------------------------------------------------

const post = async (base: string, path: string, fields: Readonly<Record<string, string>>): Promise<Record<string, unknown>> => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
  });
  const body: unknown = await response.json();
  if (!response.ok || typeof body !== 'object' || body === null) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(body)}`);
  return Object.fromEntries(Object.entries(body));
};

const stringField = (record: Readonly<Record<string, unknown>>, key: string): string => {
  const value = record[key];
  if (typeof value !== 'string') throw new Error(`expected a string at ${key}: ${JSON.stringify(record)}`);
  return value;
};

const proxyNumber = (i: number): string => `+1415555${String(7000 + i).padStart(4, '0')}`;
const subscriber = (side: 0 | 1, i: number): string => `+1${side === 0 ? '628' : '669'}${String(2_000_000 + i)}`;

/** The sessions' callers and the proxy number each dials, as SIPp's injection file (-inf) reads them. */
const setUpSessions = async (base: string, o: Options): Promise<string> => {
  const service = stringField(await post(base, '/v1/Services', { UniqueName: 'sip-bench' }), 'sid');
  for (let i = 1; i <= o.numbers; i++) {
    const added = await post(base, `/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: proxyNumber(i) });
    await post(base, `/masq/v1/PhoneNumbers/${stringField(added, 'sid')}`, { Carrier: 'trunk' });
  }
  const lines = ['SEQUENTIAL'];
  for (let i = 0; i < o.sessions; i++) {
    const session = stringField(await post(base, `/v1/Services/${service}/Sessions`, { UniqueName: `bench-${i}`, Mode: 'voice-only' }), 'sid');
    const add = async (identifier: string) =>
      stringField(await post(base, `/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: identifier }), 'proxy_identifier');
    const caller = subscriber(0, i);
    lines.push(`${caller};${await add(caller)};`);
    await add(subscriber(1, i));
  }
  const file = join(tmpdir(), `masq-sip-bench-${process.pid}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

// ---- one case ---------------------------------------------------------------------------------------

interface CaseResult {
  readonly dialect: Dialect;
  readonly offeredPerSec: number;
  readonly calls: number;
  readonly successful: number;
  readonly failed: number;
  /** SIPp's reasons for the failed calls (its FailedXxx(C) counters that are not 0). */
  readonly failures: Readonly<Record<string, number>>;
  /** Calls answered per second at the caller: answers / (last 200 received - first INVITE sent). */
  readonly setUpPerSec: number;
  /** INVITE sent -> 200 received at the SIPp caller (its rtd), in steps of SIPp's clock (4 ms here: a coarse clock). */
  readonly setupP50Ms: number;
  readonly setupP90Ms: number;
  readonly setupP99Ms: number;
  /** The mean of the same: steps of a coarse clock average out over many calls. */
  readonly setupMeanMs: number;
  readonly masqCpuMsPerCall: number;
  /** masq's CPU with no call in progress (timers, job worker, lease renewals), measured for IDLE_MS before the case. */
  readonly masqIdleCpuMsPerSec: number;
  /** masqCpuMsPerCall less that idle share over the case's duration: what one more call costs. */
  readonly masqNetCpuMsPerCall: number;
  readonly sippCpuMsPerCall: number;
  readonly postgresCpuMsPerCall: number | null;
  readonly seconds: number;
  readonly loadavg: readonly number[];
}

/** The last row of SIPp's -trace_stat CSV, by column name. */
const lastStats = (result: SippResult): Record<string, string> => {
  const csv = Object.entries(result.files).find(([name]) => name.endsWith('_.csv'))?.[1] ?? '';
  const rows = csv.trim().split('\n');
  const header = rows[0]?.split(';') ?? [];
  const last = rows.at(-1)?.split(';') ?? [];
  return Object.fromEntries(header.map((name, i) => [name, last[i] ?? '']));
};

const failureReasons = (stats: Readonly<Record<string, string>>): Record<string, number> =>
  Object.fromEntries(Object.entries(stats)
    .filter(([name, value]) => /^Failed.+\(C\)$/.test(name) && name !== 'FailedCall(C)' && Number(value) > 0)
    .map(([name, value]) => [name.slice('Failed'.length, -'(C)'.length), Number(value)]));

/** The kinds of SIPp's complaints (-trace_err), first line of each, counted: what failed calls got instead. */
const complaints = (result: SippResult): string => {
  const counts = new Map<string, number>();
  for (const match of result.errors.matchAll(/(Aborting call[^:]*: while expecting '[^']*'[^,]*, received '([^\r\n]*)|Aborting call[^\r\n]*|[^\r\n]*(?:retransmission|timeout)[^\r\n]*)/gi)) {
    const kind = match[0].replace(/Call-Id '[^']*'/i, "Call-Id '...'").replace(/\(index \d+\)/, '(index n)').slice(0, 160);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([kind, n]) => `    ${n} x ${kind}`).join('\n');
};

/** Each call's setup (rtd 1) from SIPp's -trace_rtt CSV: when it ended (ms from SIPp's start) and how long it took. */
const setups = (result: SippResult): { at: number; ms: number }[] => {
  const csv = Object.entries(result.files).find(([name]) => name.endsWith('_rtt.csv'))?.[1] ?? '';
  return csv.trim().split('\n').slice(1).map((line) => line.split(';').map(Number)).filter(([, , rtd]) => rtd === 1).map(([at = 0, ms = 0]) => ({ at, ms }));
};

/** The caller's CPU, sampled while it runs (its /proc entry goes when it exits). */
const sampleCpu = (pid: number): { stop(): number } => {
  let last = 0;
  const read = () => { try { last = cpuSecondsOf(pid); } catch { /* exited */ } };
  read();
  const timer = setInterval(read, 200);
  return { stop: () => { clearInterval(timer); return last; } };
};

const waitForSip = async (target: string): Promise<void> => {
  const until = Date.now() + 20_000;
  for (;;) {
    const probe = await runSipp({ scenario: 'caller-options', params: { PROXY: proxyNumber(1), CALLER: subscriber(0, 0) }, address: CALLER_ADDRESS, remote: target, timeoutSeconds: 2, traceMessages: false });
    if (probe.code === 0) return;
    if (Date.now() > until) throw new Error('masq\'s SIP account never answered OPTIONS');
  }
};

const callerRun = (target: string, injection: string, o: Options, calls: number, rate: number, extraArgs: readonly string[] = []) =>
  startSipp({
    scenario: 'caller-hangs-up', params: { CALLER: '[field0]', PROXY: '[field1]', HOLD_MS: String(o.holdMs) }, address: CALLER_ADDRESS, remote: target,
    calls, rate, timeoutSeconds: Math.ceil(calls / rate + o.holdMs / 1000) + 90, traceMessages: false, extraArgs: ['-inf', injection, ...extraArgs],
  });

const runCase = async (o: Options, rate: number): Promise<CaseResult> => {
  const db = await freshDatabase(o.dialect);
  const sipPort = await freePort(MASQ_ADDRESS);
  const trunkPort = await freePort(CALLEE_ADDRESS);
  const target = `${MASQ_ADDRESS}:${sipPort}`;
  const callee = await startSipp({
    scenario: 'callee-answers', params: { CALLED: 'bench' }, omit: ['masking-checks'], address: CALLEE_ADDRESS, port: trunkPort,
    calls: 0, timeoutSeconds: 3600, traceMessages: false,
  });
  let masq: ServerProcess | null = null;
  try {
    masq = await startMasq({
      name: `sip-r${rate}`, databaseUrl: db.url,
      env: {
        MASQ_ACCOUNT_SID: ACCOUNT_SID, MASQ_AUTH_TOKEN: AUTH_TOKEN, MASQ_LOG_LEVEL: 'warn',
        MASQ_CARRIERS: JSON.stringify([{
          type: 'sip', name: 'trunk', listenAddress: MASQ_ADDRESS, listenPort: String(sipPort), transports: 'udp',
          allowedPeers: `${CALLER_ADDRESS},${CALLEE_ADDRESS}`, trunk: `${CALLEE_ADDRESS}:${trunkPort}`,
          numbers: `${proxyNumber(1)}-${proxyNumber(o.numbers)}`, country: 'US',
        }]),
      },
    });
    await waitForSip(target);
    progress(`${rate}/s: masq listening; creating ${o.sessions} sessions over ${o.numbers} SIP numbers`);
    const injection = await setUpSessions(masq.url, o);
    if (o.warmup > 0) {
      progress(`${rate}/s: warm-up, ${o.warmup} calls at 10/s`);
      const warm = await (await callerRun(target, injection, o, o.warmup, 10)).done;
      if (warm.code !== 0) progress(`  warm-up: SIPp exit code ${String(warm.code)}`);
    }
    const idleFrom = cpuSecondsOf(masq.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleCpuMsPerSec = ((cpuSecondsOf(masq.pid) - idleFrom) * 1000) / (IDLE_MS / 1000);
    const calls = rate * o.seconds;
    progress(`${rate}/s: masq idle ${round(idleCpuMsPerSec, 1)} ms CPU/s; measuring ${calls} calls`);
    const before = { masq: cpuSecondsOf(masq.pid), callee: cpuSecondsOf(callee.pid), postgres: o.dialect === 'postgres' ? postgresCpuSeconds() : 0 };
    const started = performance.now();
    const caller = await callerRun(target, injection, o, calls, rate, ['-trace_rtt', '-rtt_freq', '1', '-trace_stat', '-fd', '1']);
    const callerCpu = sampleCpu(caller.pid);
    const result = await caller.done;
    const seconds = (performance.now() - started) / 1000;
    const perCall = (now: number, then: number): number => round(((now - then) * 1000) / calls, 3);
    const masqCpu = perCall(cpuSecondsOf(masq.pid), before.masq);
    const stats = lastStats(result);
    const timed = setups(result);
    const latencies = timed.map((t) => t.ms).sort((a, b) => a - b);
    const first = Math.min(...timed.map((t) => t.at - t.ms));
    const last = Math.max(...timed.map((t) => t.at));
    const out: CaseResult = {
      dialect: o.dialect, offeredPerSec: rate, calls,
      successful: Number(stats['SuccessfulCall(C)'] ?? 0), failed: Number(stats['FailedCall(C)'] ?? 0), failures: failureReasons(stats),
      setUpPerSec: round(timed.length / ((last - first) / 1000), 1),
      setupP50Ms: round(percentile(latencies, 50), 1), setupP90Ms: round(percentile(latencies, 90), 1), setupP99Ms: round(percentile(latencies, 99), 1),
      setupMeanMs: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 1),
      masqCpuMsPerCall: masqCpu,
      masqIdleCpuMsPerSec: round(idleCpuMsPerSec, 1),
      masqNetCpuMsPerCall: round(masqCpu - (idleCpuMsPerSec * seconds) / calls, 3),
      sippCpuMsPerCall: perCall(callerCpu.stop() + cpuSecondsOf(callee.pid), before.callee),
      postgresCpuMsPerCall: o.dialect === 'postgres' ? perCall(postgresCpuSeconds(), before.postgres) : null,
      seconds: round(seconds, 1), loadavg: machine().loadavg,
    };
    if (out.failed > 0) progress(`  failed calls: ${JSON.stringify(out.failures)}; SIPp's first complaints:\n${complaints(result)}`);
    progress(`${rate}/s: ${out.successful}/${calls} calls, ${out.setUpPerSec} set up/s, setup p50 ${out.setupP50Ms} ms p99 ${out.setupP99Ms} ms, masq ${out.masqCpuMsPerCall} ms CPU/call`);
    return out;
  } finally {
    await masq?.stop();
    await callee.stop();
    await db.cleanup();
  }
};

const table = (results: readonly CaseResult[]): string => [
  '| dialect | offered calls/s | calls | successful | failed | set up/s | setup p50 ms | p90 ms | p99 ms | mean ms | masq CPU ms/call | masq idle CPU ms/s | masq net CPU ms/call | SIPp CPU ms/call | PostgreSQL CPU ms/call |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.dialect} | ${r.offeredPerSec} | ${r.calls} | ${r.successful} | ${r.failed} | ${r.setUpPerSec} | ${r.setupP50Ms} | ${r.setupP90Ms} | ${r.setupP99Ms} | ${r.setupMeanMs} | ${r.masqCpuMsPerCall} | ${r.masqIdleCpuMsPerSec} | ${r.masqNetCpuMsPerCall} | ${r.sippCpuMsPerCall} | ${r.postgresCpuMsPerCall ?? ''} |`),
].join('\n');

const main = async (): Promise<void> => {
  if (flag('help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const o = optionsOf();
  const results: CaseResult[] = [];
  for (const rate of o.rates) results.push(await runCase(o, rate));
  const path = writeResult(`sip-calls-${o.dialect}-r${o.rates.join('-')}`, { machine: machine(), options: o, results });
  process.stdout.write(`${table(results)}\n\nresults: ${path}\n`);
};

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

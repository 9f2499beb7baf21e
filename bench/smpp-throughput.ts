// SMPP throughput through masq (issue 15): how many mobile-originated messages per second a masked
// session forwards over an SMPP bind, and how long each takes from the SMSC's deliver_sm to masq's
// submit_sm of the forward. Three processes on 127.0.0.1, as an operator runs them:
//   - the SMSC: test/peers/smsc.pl (Net::SMPP, Debian's libnet-smpp-perl), the independent peer masq's
//     SMPP tests bind to; this script drives it over stdin (deliver_sm) and reads its stdout events;
//   - masq: `node bin/masq.js serve`, configured only through MASQ_* variables, with one SMPP carrier
//     account (transceiver bind) on that SMSC, on a fresh SQLite file or PostgreSQL schema;
//   - this script: sets masq up through its REST API (a service, a pool of numbers moved to the SMPP
//     account, masked sessions whose two participants are both SMPP subscribers), then fires the MOs.
// Each MO goes from participant A to A's proxy number; masq routes it, acknowledges the deliver_sm, and
// its job worker sends the forward to participant B from B's proxy number as a submit_sm (a durable job,
// issue 15). The body names the message ("bench 123"), so each submit is matched to its MO.
//
// Timestamps are taken here when the SMSC's event lines arrive (the MO's `deliver_sent`, its
// `deliver_sm_resp`, the forward's `submit`): both ends of a latency cross the same pipe. MOs are sent one
// at a time (each command waits for the SMSC's `deliver_sent`: smsc.pl reads stdin line by line), as
// fast as masq acknowledges them with at most --mo-window unacknowledged (closed loop), or paced by --rate. Nothing here is asserted: figures go to BENCHMARKS.md.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type Dialect } from './databases.ts';
import { cpuSecondsOf, postgresCpuSeconds, startMasq, type ServerProcess } from './http/processes.ts';
import { flag, machine, option, percentile, writeResult } from './support.ts';

const HELP = `SMPP messages per second through masq, against the Net::SMPP SMSC (test/peers/smsc.pl)

  npx tsx bench/smpp-throughput.ts [options]

  --dialect sqlite|postgres   database (default sqlite; postgres: MASQ_BENCH_POSTGRES_URL, a fresh schema per case)
  --windows 1,10,50           the SMPP account's windowSize, one case each (default 1,10,50)
  --messages N                MOs measured per case (default 2000)
  --warmup N                  MOs sent first and not counted (default 100)
  --sessions N                masked sessions, both participants on SMPP (default 100)
  --numbers N                 SMPP proxy numbers in the service's pool (default 10)
  --rate R                    MOs per second offered, open loop (default 0: closed loop, see --mo-window)
  --mo-window K               with --rate 0: the SMSC keeps at most K deliver_sm unacknowledged, as an SMSC's
                              own window does (default 10; 0: no window, every MO sent at once: an overload test)
  --help                      this text

Results: bench/results/smpp-throughput-<dialect>-w<windows>[-rate<R>].json, and a Markdown table on stdout.
Needs perl with Net::SMPP (apt-get install libnet-smpp-perl) and a built dist/ (npm run build).`;

const SMSC_SCRIPT = fileURLToPath(new URL('../test/peers/smsc.pl', import.meta.url));
const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'smpp-bench-token';
const CREDENTIALS = { systemId: 'masq', password: 'bench' };
const AUTH = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
/** How long the last forwards may take to arrive after the last MO was sent. */
const DRAIN_MS = 60_000;

interface Options {
  readonly dialect: Dialect;
  readonly windows: readonly number[];
  readonly messages: number;
  readonly warmup: number;
  readonly sessions: number;
  readonly numbers: number;
  readonly rate: number;
  readonly moWindow: number;
}

const positive = (name: string, fallback: number): number => {
  const raw = option(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw ?? ''}`);
  return value;
};

const optionsOf = (): Options => {
  const dialect = option('dialect') ?? 'sqlite';
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--dialect must be sqlite or postgres');
  const windows = (option('windows') ?? '1,10,50').split(',').map(Number);
  if (windows.some((w) => !Number.isInteger(w) || w < 1 || w > 1000)) throw new Error('--windows must list whole numbers from 1 to 1000');
  return {
    dialect, windows,
    messages: positive('messages', 2000), warmup: positive('warmup', 100), sessions: Math.max(1, positive('sessions', 100)),
    numbers: Math.max(2, positive('numbers', 10)), rate: positive('rate', 0), moWindow: positive('mo-window', 10),
  };
};

const progress = (line: string): void => { process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`); };

// ---- the SMSC -------------------------------------------------------------------------------------

type SmscEvent = Readonly<Record<string, unknown>> & { readonly event: string };

interface Smsc {
  readonly port: number;
  readonly pid: number;
  /** Sends one deliver_sm; resolves with its sequence number once the SMSC has written it to the socket. */
  deliver(fields: Readonly<Record<string, unknown>>): Promise<number>;
  /** Called with every event line and the moment (performance.now()) it arrived. */
  onEvent(listener: (event: SmscEvent, at: number) => void): void;
  stop(): Promise<void>;
}

const isEvent = (value: unknown): value is SmscEvent =>
  typeof value === 'object' && value !== null && 'event' in value && typeof value.event === 'string';

const startSmsc = async (): Promise<Smsc> => {
  const child: ChildProcessWithoutNullStreams = spawn('perl', [SMSC_SCRIPT, '0', CREDENTIALS.systemId, CREDENTIALS.password]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const listeners: ((event: SmscEvent, at: number) => void)[] = [];
  // smsc.pl answers a deliver command with exactly one `deliver_sent` (or `error`), in order.
  const pending: { resolve: (seq: number) => void; reject: (err: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = performance.now();
    const parsed: unknown = JSON.parse(line);
    if (!isEvent(parsed)) return;
    if (parsed.event === 'deliver_sent') pending.shift()?.resolve(Number(parsed.seq));
    if (parsed.event === 'error') pending.shift()?.reject(new Error(`the SMSC: ${String(parsed.error)}`));
    for (const listener of listeners) listener(parsed, at);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the SMSC did not start: ${stderr}`)), 10_000);
    listeners.push((event) => {
      if (event.event !== 'listening') return;
      clearTimeout(timer);
      resolve(Number(event.port));
    });
  });
  return {
    port, pid: child.pid ?? 0,
    deliver: (fields) => new Promise<number>((resolve, reject) => {
      pending.push({ resolve, reject });
      child.stdin.write(`${JSON.stringify({ cmd: 'deliver', ...fields })}\n`);
    }),
    onEvent: (listener) => { listeners.push(listener); },
    stop: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};

// ---- masq, set up through its API ------------------------------------------------------------------

const api = async (base: string, path: string, fields: Readonly<Record<string, string>>): Promise<Record<string, unknown>> => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
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

/** One masked pair: the MO goes from `from` to `fromProxy`; its forward from `toProxy` to `to`. */
interface Pair {
  readonly from: string;
  readonly fromProxy: string;
  readonly to: string;
  readonly toProxy: string;
}

const digits = (e164: string): string => e164.slice(1);
const proxyNumber = (i: number): string => `+1415555${String(7000 + i).padStart(4, '0')}`;
const subscriber = (side: 0 | 1, i: number): string => `+1${side === 0 ? '628' : '669'}${String(2_000_000 + i)}`;

const setUpSessions = async (base: string, o: Options): Promise<Pair[]> => {
  const service = stringField(await api(base, '/v1/Services', { UniqueName: 'smpp-bench' }), 'sid');
  for (let i = 1; i <= o.numbers; i++) {
    const added = await api(base, `/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: proxyNumber(i) });
    await api(base, `/masq/v1/PhoneNumbers/${stringField(added, 'sid')}`, { Carrier: 'smsc' });
  }
  const pairs: Pair[] = [];
  for (let i = 0; i < o.sessions; i++) {
    const session = stringField(await api(base, `/v1/Services/${service}/Sessions`, { UniqueName: `bench-${i}` }), 'sid');
    const [a, b] = [subscriber(0, i), subscriber(1, i)];
    const added = async (identifier: string) =>
      stringField(await api(base, `/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: identifier }), 'proxy_identifier');
    pairs.push({ from: a, fromProxy: await added(a), to: b, toProxy: await added(b) });
  }
  return pairs;
};

// ---- one case ---------------------------------------------------------------------------------------

interface CaseResult {
  readonly dialect: Dialect;
  readonly windowSize: number;
  /** MOs per second offered; 0: closed loop with `moWindow` unacknowledged at most. */
  readonly rate: number;
  readonly moWindow: number;
  readonly messages: number;
  readonly forwarded: number;
  /** Forwarded submit_sm per second at the SMSC: messages / (last submit - first MO sent). */
  readonly submitsPerSec: number;
  /** MOs per second the SMSC got masq's deliver_sm_resp for. */
  readonly mosAckedPerSec: number;
  readonly moToSubmitP50: number;
  readonly moToSubmitP99: number;
  readonly moToAckP50: number;
  readonly moToAckP99: number;
  readonly masqCpuMsPerMessage: number;
  readonly smscCpuMsPerMessage: number;
  readonly postgresCpuMsPerMessage: number | null;
  readonly seconds: number;
  readonly loadavg: readonly number[];
}

const round = (x: number, places = 2): number => Math.round(x * 10 ** places) / 10 ** places;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the SMSC saw of the messages numbered from `first`: when each MO left, was acknowledged, was forwarded. */
interface Timeline {
  readonly sentAt: Map<number, number>;
  readonly ackedAt: Map<number, number>;
  readonly submittedAt: Map<number, number>;
}

const BODY = /^bench (\d+)$/;

interface Watched extends Timeline {
  record(seq: number, message: number, at: number): void;
  /** Resolves once fewer than `window` MOs await their deliver_sm_resp. */
  roomFor(window: number): Promise<void>;
}

const watch = (smsc: Smsc): Watched => {
  const timeline = { sentAt: new Map<number, number>(), ackedAt: new Map<number, number>(), submittedAt: new Map<number, number>() };
  const messageOfSeq = new Map<number, number>();
  let outstanding = 0;
  let waiters: (() => void)[] = [];
  smsc.onEvent((event, at) => {
    if (event.event === 'deliver_sm_resp') {
      const message = messageOfSeq.get(Number(event.seq));
      if (message === undefined) return;
      messageOfSeq.delete(Number(event.seq));
      outstanding -= 1;
      for (const wake of waiters.splice(0)) wake();
      if (Number(event.status) === 0) timeline.ackedAt.set(message, at);
    } else if (event.event === 'submit') {
      const text = Buffer.from(String(event.short_message_hex), 'hex').toString('latin1');
      const match = BODY.exec(text);
      if (match) timeline.submittedAt.set(Number(match[1]), at);
    }
  });
  return {
    ...timeline,
    record: (seq, message, at) => {
      messageOfSeq.set(seq, message);
      outstanding += 1;
      timeline.sentAt.set(message, at);
    },
    roomFor: async (window) => {
      while (outstanding >= window) await new Promise<void>((resolve) => { waiters = [...waiters, resolve]; });
    },
  };
};

/** Sends MOs `first` .. `first + count - 1`, round-robin over the pairs, paced by `rate` (0: unpaced). */
const fire = async (smsc: Smsc, timeline: Watched, pairs: readonly Pair[], first: number, count: number, o: Options): Promise<void> => {
  const rate = o.rate;
  const start = performance.now();
  for (let k = 0; k < count; k++) {
    if (rate > 0) {
      const due = start + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await pause(wait);
    } else if (o.moWindow > 0) {
      await timeline.roomFor(o.moWindow);
    }
    const message = first + k;
    const pair = pairs[message % pairs.length];
    if (!pair) throw new Error('no session to send through');
    const seq = await smsc.deliver({
      source_addr: digits(pair.from), destination_addr: digits(pair.fromProxy), source_addr_ton: 1, dest_addr_ton: 1,
      short_message_hex: Buffer.from(`bench ${message}`, 'latin1').toString('hex'),
    });
    timeline.record(seq, message, performance.now());
    if (k > 0 && k % 500 === 0) progress(`  ${k}/${count} MOs sent, ${countFrom(timeline.submittedAt, first)} forwarded`);
  }
};

const countFrom = (times: ReadonlyMap<number, number>, first: number): number => [...times.keys()].filter((m) => m >= first).length;

const waitForForwards = async (timeline: Timeline, first: number, count: number): Promise<void> => {
  const until = Date.now() + DRAIN_MS;
  let last = -1;
  while (Date.now() < until) {
    const got = countFrom(timeline.submittedAt, first);
    if (got >= count) return;
    if (got !== last && got % 200 < 20) progress(`  ${got}/${count} forwarded`);
    last = got;
    await pause(50);
  }
  progress(`  gave up waiting: ${countFrom(timeline.submittedAt, first)}/${count} forwarded after ${DRAIN_MS / 1000} s`);
};

const latencies = (from: ReadonlyMap<number, number>, to: ReadonlyMap<number, number>, first: number): number[] =>
  [...from].filter(([m]) => m >= first).flatMap(([m, at]) => {
    const end = to.get(m);
    return end === undefined ? [] : [end - at];
  }).sort((a, b) => a - b);

const runCase = async (o: Options, windowSize: number): Promise<CaseResult> => {
  const db = await freshDatabase(o.dialect);
  const smsc = await startSmsc();
  let masq: ServerProcess | null = null;
  try {
    const bound = new Promise<void>((resolve) => smsc.onEvent((e) => { if (e.event === 'bound' && e.ok === true) resolve(); }));
    masq = await startMasq({
      name: `smpp-w${windowSize}`, databaseUrl: db.url,
      env: {
        MASQ_ACCOUNT_SID: ACCOUNT_SID, MASQ_AUTH_TOKEN: AUTH_TOKEN, MASQ_LOG_LEVEL: 'warn',
        MASQ_CARRIERS: JSON.stringify([{
          type: 'smpp', name: 'smsc', host: '127.0.0.1', port: String(smsc.port), systemId: CREDENTIALS.systemId,
          password: CREDENTIALS.password, messageIdFormat: 'hex', windowSize: String(windowSize),
        }]),
      },
    });
    await Promise.race([bound, pause(15_000).then(() => { throw new Error('masq never bound to the SMSC'); })]);
    progress(`window ${windowSize}: masq bound; creating ${o.sessions} sessions over ${o.numbers} SMPP numbers`);
    const pairs = await setUpSessions(masq.url, o);
    const timeline = watch(smsc);

    progress(`window ${windowSize}: warm-up, ${o.warmup} MOs`);
    await fire(smsc, timeline, pairs, 0, o.warmup, o);
    await waitForForwards(timeline, 0, o.warmup);

    progress(`window ${windowSize}: measuring ${o.messages} MOs${o.rate > 0 ? ` at ${o.rate}/s` : `, closed loop (${o.moWindow} unacknowledged at most)`}`);
    const first = o.warmup;
    const cpu = { masq: cpuSecondsOf(masq.pid), smsc: cpuSecondsOf(smsc.pid), postgres: o.dialect === 'postgres' ? postgresCpuSeconds() : 0 };
    const started = performance.now();
    await fire(smsc, timeline, pairs, first, o.messages, o);
    await waitForForwards(timeline, first, o.messages);
    const seconds = (performance.now() - started) / 1000;
    const perMessage = (now: number, then: number): number => round(((now - then) * 1000) / o.messages, 3);

    const sent = [...timeline.sentAt].filter(([m]) => m >= first).map(([, at]) => at);
    const submitted = [...timeline.submittedAt].filter(([m]) => m >= first).map(([, at]) => at);
    const acked = [...timeline.ackedAt].filter(([m]) => m >= first).map(([, at]) => at);
    const firstSent = Math.min(...sent);
    const toSubmit = latencies(timeline.sentAt, timeline.submittedAt, first);
    const toAck = latencies(timeline.sentAt, timeline.ackedAt, first);
    const result: CaseResult = {
      dialect: o.dialect, windowSize, rate: o.rate, moWindow: o.moWindow, messages: o.messages, forwarded: submitted.length,
      submitsPerSec: Math.round(submitted.length / ((Math.max(...submitted) - firstSent) / 1000)),
      mosAckedPerSec: Math.round(acked.length / ((Math.max(...acked) - firstSent) / 1000)),
      moToSubmitP50: round(percentile(toSubmit, 50)), moToSubmitP99: round(percentile(toSubmit, 99)),
      moToAckP50: round(percentile(toAck, 50)), moToAckP99: round(percentile(toAck, 99)),
      masqCpuMsPerMessage: perMessage(cpuSecondsOf(masq.pid), cpu.masq),
      smscCpuMsPerMessage: perMessage(cpuSecondsOf(smsc.pid), cpu.smsc),
      postgresCpuMsPerMessage: o.dialect === 'postgres' ? perMessage(postgresCpuSeconds(), cpu.postgres) : null,
      seconds: round(seconds, 1), loadavg: machine().loadavg,
    };
    progress(`window ${windowSize}: ${result.submitsPerSec} forwards/s, MO->submit p50 ${result.moToSubmitP50} ms p99 ${result.moToSubmitP99} ms`);
    return result;
  } finally {
    await masq?.stop();
    await smsc.stop();
    await db.cleanup();
  }
};

const table = (results: readonly CaseResult[]): string => [
  '| dialect | windowSize | MOs offered | MOs | forwarded | submit_sm/s | MO->submit p50 ms | MO->submit p99 ms | MO->deliver_sm_resp p50 ms | p99 ms | masq CPU ms/msg | SMSC CPU ms/msg | PostgreSQL CPU ms/msg |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.dialect} | ${r.windowSize} | ${r.rate > 0 ? r.rate : `closed loop, ${r.moWindow > 0 ? `${r.moWindow} unacked` : 'no window'}`} | ${r.messages} | ${r.forwarded} | ${r.submitsPerSec} | ${r.moToSubmitP50} | ${r.moToSubmitP99} | ${r.moToAckP50} | ${r.moToAckP99} | ${r.masqCpuMsPerMessage} | ${r.smscCpuMsPerMessage} | ${r.postgresCpuMsPerMessage ?? ''} |`),
].join('\n');

const main = async (): Promise<void> => {
  if (flag('help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const o = optionsOf();
  const results: CaseResult[] = [];
  for (const windowSize of o.windows) results.push(await runCase(o, windowSize));
  const path = writeResult(`smpp-throughput-${o.dialect}-w${o.windows.join('-')}${o.rate > 0 ? `-rate${o.rate}` : `-mo${o.moWindow}`}`, { machine: machine(), options: o, results });
  process.stdout.write(`${table(results)}\n\nresults: ${path}\n`);
};

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

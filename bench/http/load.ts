// The load generator: its own process (so its CPU is never the server's), autocannon with a fixed number
// of keep-alive connections for a fixed duration, after a warm-up run whose figures are discarded.
// Every request is built in setupRequest: an inbound SMS gets a unique MessageSid, a random bound
// (From, To) pair of the seeded sessions and its own X-Twilio-Signature; a session create gets two
// identifiers no one has used. Latencies are kept at full resolution (autocannon's histogram rounds to
// whole milliseconds). Prints one line of JSON: LoadResult.
//   node --import tsx bench/http/load.ts '<LoadSpec as JSON>'
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { twilioSignature } from '../../src/domain/twilio-signature.ts';
import { seededParticipant, type PoolShape } from '../seed.ts';
import { percentile } from '../support.ts';

export const SMS_PATH = '/webhooks/twilio/sms';

export interface SmsLoad {
  readonly kind: 'sms';
  /** The URL Twilio signs: MASQ_PUBLIC_URL + path, the same for every instance behind one public URL. */
  readonly publicUrl: string;
  readonly authToken: string;
  readonly twilioAccountSid: string;
  readonly sessions: number;
  readonly pool: PoolShape;
}

export interface CreateLoad {
  readonly kind: 'create';
  readonly serviceSid: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** First subscriber number used; each run gets its own range so identifiers are never reused. */
  readonly identifierBase: number;
}

export interface LoadSpec {
  /** The connections are split evenly over these (two masq processes: two URLs). */
  readonly urls: readonly string[];
  readonly connections: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly load: SmsLoad | CreateLoad;
  /**
   * Requests per second over all connections, instead of as fast as the server answers. At a fixed rate,
   * CPU per request compares servers fairly: a server answering faster also batches more work per
   * event-loop turn and per socket wake-up, which lowers its cost per request by itself.
   */
  readonly rate?: number;
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly requests: number;
  /** 2xx answers during the discarded warm-up (every one of them wrote an interaction too). */
  readonly warmupRequests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
  /** Server CPU time per request (warm-up included), filled in by the caller, which can see the server. */
  readonly serverCpuMs?: number;
  /** The machine's 1-minute load average after the run, filled in by the caller. */
  readonly loadavg?: number;
  /** PostgreSQL's CPU time per request, the same way (PostgreSQL runs only). */
  readonly dbCpuMs?: number;
  /** CPU the load generator itself used, as a share of one core: near 1.0 means it, not the server, was the limit. */
  readonly loadGenCpu: number;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A real Messaging webhook's parameters (Twilio sends all of these for an SMS to a US number). */
export const smsRequest = (load: SmsLoad) => {
  const run = randomBytes(4).toString('hex');
  const url = `${load.publicUrl}${SMS_PATH}`;
  let counter = 0;
  return () => {
    counter += 1;
    const messageSid = `SM${run}${hex(counter, 24)}`;
    const session = Math.floor(Math.random() * load.sessions);
    const { identifier, proxy } = seededParticipant(session, Math.random() < 0.5 ? 0 : 1, load.pool);
    const params: Record<string, string> = {
      ToCountry: 'US', ToState: 'CA', SmsMessageSid: messageSid, NumMedia: '0', ToCity: 'SAN FRANCISCO', FromZip: '10001',
      SmsSid: messageSid, FromState: 'NY', SmsStatus: 'received', FromCity: 'NEW YORK', Body: `On my way, see you in 5 (${counter})`,
      FromCountry: 'US', To: proxy, ToZip: '94105', NumSegments: '1', MessageSid: messageSid, AccountSid: load.twilioAccountSid,
      From: identifier, ApiVersion: '2010-04-01',
    };
    return {
      method: 'POST' as const,
      path: SMS_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(load.authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    };
  };
};

/** POST /v1/Services/{sid}/Sessions with two Participants, as twilio-node sends them (repeated JSON). */
export const createRequest = (load: CreateLoad) => {
  const authorization = `Basic ${Buffer.from(`${load.accountSid}:${load.authToken}`).toString('base64')}`;
  const path = `/v1/Services/${load.serviceSid}/Sessions`;
  let counter = load.identifierBase;
  return () => {
    counter += 1;
    const subscriber = String(counter).padStart(7, '0');
    const body = new URLSearchParams([
      ['Participants', JSON.stringify({ Identifier: `+1415${subscriber}` })],
      ['Participants', JSON.stringify({ Identifier: `+1628${subscriber}` })],
    ]).toString();
    return { method: 'POST' as const, path, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization }, body };
  };
};

interface Measured {
  readonly latencies: number[];
  readonly seconds: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

const runOne = (url: string, connections: number, seconds: number, next: () => autocannon.Request, latencies: number[], rate: number | undefined) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    const paced = rate === undefined ? {} : { overallRate: rate };
    const instance = autocannon({ url, connections, duration: seconds, ...paced, requests: [{ setupRequest: () => next() }] },
      (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });

/** One autocannon instance per URL, each with its share of the connections, run side by side in this process. */
const runOnce = async (spec: LoadSpec, seconds: number, next: () => autocannon.Request): Promise<Measured> => {
  const latencies: number[] = [];
  const share = Math.max(1, Math.round(spec.connections / spec.urls.length));
  const rate = spec.rate === undefined ? undefined : Math.max(1, Math.round(spec.rate / spec.urls.length));
  const results = await Promise.all(spec.urls.map((url) => runOne(url, share, seconds, next, latencies, rate)));
  const sum = (pick: (r: autocannon.Result) => number) => results.reduce((a, r) => a + pick(r), 0);
  return {
    latencies,
    seconds: Math.max(...results.map((r) => r.duration)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
};

/** The spec comes from the parent's JSON.stringify(LoadSpec); checked just enough to fail clearly. */
const parseSpec = (text: string): LoadSpec => {
  const value: unknown = JSON.parse(text);
  const ok = typeof value === 'object' && value !== null && 'urls' in value && Array.isArray(value.urls)
    && 'load' in value && typeof value.load === 'object' && value.load !== null && 'kind' in value.load;
  if (!ok || !isSpec(value)) throw new Error(`bad load spec: ${text}`);
  return value;
};

const isSpec = (value: object): value is LoadSpec =>
  ['connections', 'durationSec', 'warmupSec'].every((k) => k in value && typeof Reflect.get(value, k) === 'number');

const main = async (): Promise<void> => {
  const spec = parseSpec(process.argv[2] ?? '');
  const next = spec.load.kind === 'sms' ? smsRequest(spec.load) : createRequest(spec.load);
  const warmup = spec.warmupSec > 0 ? await runOnce(spec, spec.warmupSec, next) : null;
  const cpuBefore = process.cpuUsage();
  const { latencies, seconds, non2xx, errors, timeouts } = await runOnce(spec, spec.durationSec, next);
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const out: LoadResult = {
    rps: Math.round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    requests: sorted.length,
    warmupRequests: warmup?.latencies.length ?? 0,
    non2xx,
    errors,
    timeouts,
    seconds,
    loadGenCpu: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
};

if (import.meta.url === `file://${process.argv[1]}`) await main();

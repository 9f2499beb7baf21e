import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { openBenchHandle } from '../src/storage/bench-handle.ts';
import { freshDatabase } from './databases.ts';
import { seedPool } from './seed.ts';
import { cpuSecondsOf, runLoad, startMasq } from './http/processes.ts';
const hex = (n: number) => randomBytes(n).toString('hex');
const i = { accountSid: `AC${hex(16)}`, authToken: hex(16), serviceSid: `KS${hex(16)}`, twilioAccountSid: `AC${hex(16)}`, twilioAuthToken: hex(16), publicUrl: 'https://masq.bench.invalid' };
const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const kind = process.argv[3] ?? 'sms';
const seconds = Number(process.argv[4] ?? 15);
const db = await freshDatabase(dialect);
const h = await openBenchHandle(db.url);
await seedPool(h, { accountSid: i.accountSid, serviceSid: i.serviceSid, sessions: 10000, numbers: 1000, carrier: 'twilio' });
await sql`analyze`.execute(h.kysely);
await h.close();
const server = await startMasq({ databaseUrl: db.url, name: `probe-${dialect}-${kind}`, cpuProfDir: process.env.PROF, env: { MASQ_ACCOUNT_SID: i.accountSid, MASQ_AUTH_TOKEN: i.authToken, MASQ_PUBLIC_URL: i.publicUrl, MASQ_TWILIO_ACCOUNT_SID: i.twilioAccountSid, MASQ_TWILIO_AUTH_TOKEN: i.twilioAuthToken, MASQ_TWILIO_API_URL: 'http://127.0.0.1:9', MASQ_DEFAULT_CARRIER: 'twilio', ...(process.env.LOGLEVEL ? { MASQ_LOG_LEVEL: process.env.LOGLEVEL } : {}) } });
const load = kind === 'sms'
  ? { kind: 'sms' as const, publicUrl: i.publicUrl, authToken: i.twilioAuthToken, twilioAccountSid: i.twilioAccountSid, sessions: 10000, pool: { numbers: 1000 } }
  : { kind: 'create' as const, serviceSid: i.serviceSid, accountSid: i.accountSid, authToken: i.authToken, identifierBase: 1_000_000 };
const c0 = cpuSecondsOf(server.pid);
const r = await runLoad({ urls: [server.url], connections: 32, durationSec: seconds, warmupSec: 2, load });
const used = cpuSecondsOf(server.pid) - c0;
console.log(JSON.stringify(r), 'cpu ms/req', (used * 1000 / (r.requests + r.warmupRequests)).toFixed(3));
await server.stop();
if (r.non2xx) console.log(server.tail().slice(-1500));
await db.cleanup();

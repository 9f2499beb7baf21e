import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { openBenchHandle } from '../src/storage/bench-handle.ts';
import { freshDatabase } from './databases.ts';
import { seedPool, seededParticipant } from './seed.ts';
import { createRuntime } from '../src/runtime.ts';
import { routeInbound } from '../src/app/route-inbound.ts';
import { loadConfig } from '../src/config/load-config.ts';
const hex = (n: number) => randomBytes(n).toString('hex');
const accountSid = `AC${hex(16)}`, serviceSid = `KS${hex(16)}`;
const db = await freshDatabase('sqlite');
const h = await openBenchHandle(db.url);
await seedPool(h, { accountSid, serviceSid, sessions: 10000, numbers: 1000, carrier: 'twilio' });
await sql`analyze`.execute(h.kysely);
await h.close();
const config = loadConfig({ env: { MASQ_DATABASE_URL: db.url, MASQ_TWILIO_ACCOUNT_SID: `AC${hex(16)}`, MASQ_TWILIO_AUTH_TOKEN: hex(16), MASQ_DEFAULT_CARRIER: 'twilio', MASQ_ACCOUNT_SID: accountSid, MASQ_AUTH_TOKEN: hex(16) }, argv: [] });
const rt = await createRuntime(config, { sweepIntervalMs: 0, webhookIntervalMs: 0 });
const store = rt.deps.store;
const time = async (label: string, f: () => Promise<unknown>) => { const t = performance.now(); const N = Number(process.env.N ?? 200); for (}
let k = 0; k < N; k++) await f(); console.log(label, ((performance.now() - t) / N).toFixed(3), 'ms'); };
const pair = seededParticipant(5, 0, { numbers: 1000 });
if (!process.env.ONLY) {
await time('findBoundParticipant', () => store.findBoundParticipant(pair.proxy, pair.identifier));
await time('findInteractionByInboundResource', () => store.findInteractionByInboundResource('SMxx'));
await time('empty transaction', () => store.transaction(async () => undefined));
await time('tx + 1 select', () => store.transaction(async (tx) => tx.getAccount(accountSid)));
}
let k = 0;
await time('routeInbound', () => routeInbound(rt.deps, { channel: 'message', carrier: 'twilio', resourceSid: `SM${hex(16)}`, from: pair.identifier, to: pair.proxy, body: `hi ${k++}`, mediaUrls: [], carrierParams: {} }));
await rt.close();
await db.cleanup();

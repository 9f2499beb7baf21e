// One HTTP case, for iterating on a hot path: seeds a fresh database, starts one `masq serve`, and runs
// the load generator against it (warm-up discarded), printing req/s, latency and server CPU per request.
//   npx tsx bench/probe.ts routing|create [--dialect sqlite|postgres] [--sessions 100000] [--duration 8]
//                                         [--warmup 3] [--profile <dir>] [--processes 1|2]
// The quoted figures come from `npm run bench`, which measures every case beside the ceiling.
import { openBenchHandle } from '../src/storage/bench-handle.ts';
import { analyzeMasqTables, freshDatabase, type Dialect } from './databases.ts';
import { cpuSecondsOf, postgresCpuSeconds, runLoad, startMasq, type ServerProcess } from './http/processes.ts';
import { createLoad, fmt, masqEnv, newInstallation, smsLoad } from './http/suite.ts';
import { seedPool } from './seed.ts';
import { option } from './support.ts';

const which = process.argv[2] === 'create' ? 'create' : 'routing';
const dialect: Dialect = option('dialect') === 'postgres' ? 'postgres' : 'sqlite';
const sessions = Number(option('sessions') ?? 100_000);
const durationSec = Number(option('duration') ?? 8);
const warmupSec = Number(option('warmup') ?? 3);
const processes = Number(option('processes') ?? 1);
const cpuProfDir = option('profile');
const pool = { numbers: 10_000 };

const install = newInstallation();
const db = await freshDatabase(dialect);
try {
  const handle = await openBenchHandle(db.url);
  const seeded = await seedPool(handle, { accountSid: install.accountSid, serviceSid: install.serviceSid, sessions, carrier: 'twilio', ...pool });
  await analyzeMasqTables(handle.kysely);
  await handle.close();
  console.log(`seeded ${sessions.toLocaleString('en')} sessions in ${(seeded.millis / 1000).toFixed(1)} s`);
  const servers: ServerProcess[] = [];
  for (let n = 1; n <= processes; n++) {
    servers.push(await startMasq({ databaseUrl: db.url, env: masqEnv(install), name: `probe-${which}-${n}`, ...(cpuProfDir !== undefined && { cpuProfDir }) }));
  }
  try {
    const cpu = () => servers.reduce((a, s) => a + cpuSecondsOf(s.pid), 0);
    const before = cpu();
    const dbBefore = dialect === 'postgres' ? postgresCpuSeconds() : 0;
    const load = which === 'create' ? createLoad(install) : smsLoad(install, sessions, pool);
    const r = await runLoad({ urls: servers.map((s) => s.url), connections: 32, durationSec, warmupSec, load });
    const per = (seconds: number) => (seconds * 1000) / Math.max(1, r.requests + r.warmupRequests);
    console.log(fmt({ ...r, serverCpuMs: per(cpu() - before), ...(dialect === 'postgres' && { dbCpuMs: per(postgresCpuSeconds() - dbBefore) }) }));
  } finally {
    for (const s of servers) await s.stop();
  }
} finally {
  await db.cleanup();
}

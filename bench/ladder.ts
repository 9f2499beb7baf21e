// What bounds SMS routing on SQLite, measured: the ceiling, then the floor server's rungs (floor-server.ts:
// the ceiling plus masq's essential work, one piece at a time, with masq's own components), then `masq serve`,
// all on one seeded database and measured in the same run, alternating, so each difference is what one
// piece of work costs on this machine. Results: bench/results/ladder.json and a table on stdout.
//   npx tsx bench/ladder.ts [--sessions 100000] [--reps 3] [--duration 8] [--warmup 3] [--rate 1500]
import { openBenchHandle } from '../src/storage/bench-handle.ts';
import { analyzeMasqTables, freshDatabase } from './databases.ts';
import { RUNGS } from './http/floor-server-rungs.ts';
import { cpuSecondsOf, runLoad, startCeiling, startFloor, startMasq, type ServerProcess } from './http/processes.ts';
import type { LoadResult } from './http/load.ts';
import { fmt, masqEnv, newInstallation, smsLoad } from './http/suite.ts';
import { seedPool } from './seed.ts';
import { machine, median, option, writeResult } from './support.ts';

const sessions = Number(option('sessions') ?? 100_000);
const reps = Number(option('reps') ?? 3);
const durationSec = Number(option('duration') ?? 8);
const warmupSec = Number(option('warmup') ?? 3);
const pool = { numbers: 10_000 };
// --rate N: every step at N requests/s (autocannon's overallRate), below what masq can answer, so the CPU
// per request of each step is comparable: unpaced, a faster server batches more per event-loop turn and
// per socket wake-up, and that alone lowers its CPU per request.
const rateOption = option('rate');
const rate = rateOption === undefined ? undefined : Number(rateOption);
// --steps ceiling,read,masq: only those steps (rung names, `ceiling`, `masq`); --profile <dir>: V8 CPU profiles of the servers.
const only = option('steps')?.split(',');
const wanted = (name: string): boolean => only === undefined || only.includes(name);
const cpuProfDir = option('profile');

interface Step { readonly name: string; readonly server: ServerProcess; readonly runs: (LoadResult & { readonly cpuMs: number })[] }

const install = newInstallation();
const db = await freshDatabase('sqlite');
const steps: Step[] = [];
try {
  const handle = await openBenchHandle(db.url);
  await seedPool(handle, { accountSid: install.accountSid, serviceSid: install.serviceSid, sessions, carrier: 'twilio', ...pool });
  await analyzeMasqTables(handle.kysely);
  await handle.close();
  if (wanted('ceiling')) steps.push({ name: 'ceiling: bare Fastify + formbody', server: await startCeiling(), runs: [] });
  for (const rung of RUNGS.filter(wanted)) {
    const server = await startFloor({ rung, databaseUrl: db.url, twilioAuthToken: install.twilioAuthToken, publicUrl: install.publicUrl, ...(cpuProfDir !== undefined && { cpuProfDir }) });
    steps.push({ name: `floor: + ${rung}`, server, runs: [] });
  }
  if (wanted('masq')) steps.push({ name: 'masq serve', server: await startMasq({ databaseUrl: db.url, env: masqEnv(install), name: 'ladder-masq', ...(cpuProfDir !== undefined && { cpuProfDir }) }), runs: [] });
  const load = smsLoad(install, sessions, pool);
  for (let rep = 0; rep < reps; rep++) {
    for (const step of steps) {
      const before = cpuSecondsOf(step.server.pid);
      const r = await runLoad({ urls: [step.server.url], connections: 32, durationSec, warmupSec, load, ...(rate !== undefined && { rate }) });
      const cpuMs = ((cpuSecondsOf(step.server.pid) - before) * 1000) / Math.max(1, r.requests + r.warmupRequests);
      if (r.non2xx + r.errors > 0) throw new Error(`${step.name}: ${r.non2xx} non-2xx, ${r.errors} errors\n${step.server.tail()}`);
      step.runs.push({ ...r, cpuMs });
      console.log(`  ${step.name.padEnd(34)} ${fmt({ ...r, serverCpuMs: cpuMs })}`);
    }
  }
} finally {
  for (const step of steps) await step.server.stop();
  await db.cleanup();
}

const ceiling = median(steps[0]?.runs.map((r) => r.rps) ?? []); // the first step: the ceiling unless --steps left it out
const rows = steps.map((s, i) => {
  const cpuMs = median(s.runs.map((r) => r.cpuMs));
  const previous = i === 0 ? null : median(steps[i - 1]?.runs.map((r) => r.cpuMs) ?? []);
  return {
    step: s.name, rps: median(s.runs.map((r) => r.rps)), p50: median(s.runs.map((r) => r.p50)), p99: median(s.runs.map((r) => r.p99)),
    xCeiling: Math.round((median(s.runs.map((r) => r.rps)) / ceiling) * 100) / 100,
    cpuMs: Math.round(cpuMs * 1000) / 1000, addedCpuMs: previous === null ? null : Math.round((cpuMs - previous) * 1000) / 1000,
  };
});
const path = writeResult(rate === undefined ? 'ladder' : 'ladder-paced', { machine: machine(), sessions, rate: rate ?? null, reps, durationSec, warmupSec, rows, runs: steps.map((s) => ({ step: s.name, runs: s.runs })) });
console.log(`\n${sessions.toLocaleString('en')} active sessions, ${rate === undefined ? 'as fast as each answers' : `${rate} requests/s`}, ${reps} runs each, medians (${path})\n`);
console.log('| step | req/s | p50 ms | p99 ms | x ceiling | server CPU ms/req | added by this step |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.step} | ${r.rps.toLocaleString('en')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.xCeiling.toFixed(2)} | ${r.cpuMs.toFixed(3)} | ${r.addedCpuMs === null ? '' : `${r.addedCpuMs >= 0 ? '+' : ''}${r.addedCpuMs.toFixed(3)}`} |`);
}

// `npm run bench`: the whole suite, in one run, so every ratio compares figures taken on the same machine
// state. `npm run bench -- --quick` runs a small version of every benchmark (under a minute).
//   --dialect sqlite|postgres|both   (default both; PostgreSQL at MASQ_BENCH_POSTGRES_URL or the local test database)
//   --only http|allocation           (default both)
//   --profile <dir>                  write a V8 CPU profile of every masq serve process there (bench/profile-summary.ts reads them)
//   --sizes 100000 --reps 1 --duration 8 --warmup 3
//                                    override the run's shape, to iterate on one case (the results file is then
//                                    suite-custom, so the quoted full run is never overwritten)
// Results: bench/results/suite[-quick].json and a Markdown summary beside it, quoted in BENCHMARKS.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAllocation, type AllocationCase } from './allocation.ts';
import type { Dialect } from './databases.ts';
import { runHttpSuite, type DialectResult, type Figures, type HttpSettings } from './http/suite.ts';
import { flag, machine, option, writeResult } from './support.ts';

const quick = flag('quick');
const which = option('dialect') ?? 'both';
const dialects: Dialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which === 'postgres' ? 'postgres' : 'sqlite'];
const only = option('only');
const profileDir = option('profile');

const settings: HttpSettings = quick
  ? { reps: 1, largeReps: 1, durationSec: 1, warmupSec: 0, connections: 32, sizes: [1_000, 3_000, 10_000], pool: { numbers: 1_000 }, log: console.log }
  : { reps: 3, largeReps: 2, durationSec: 10, warmupSec: 3, connections: 32, sizes: [10_000, 100_000, 1_000_000], pool: { numbers: 10_000 }, log: console.log };
const numberOption = (name: string): number | undefined => {
  const value = option(name);
  return value === undefined ? undefined : Number(value);
};
const sizes = option('sizes')?.split(',').map(Number);
const reps = numberOption('reps');
const durationSec = numberOption('duration');
const warmupSec = numberOption('warmup');
const custom = sizes !== undefined || reps !== undefined || durationSec !== undefined || warmupSec !== undefined;
const shaped: HttpSettings = {
  ...settings,
  ...(sizes && { sizes }),
  ...(reps !== undefined && { reps, largeReps: reps }),
  ...(durationSec !== undefined && { durationSec }),
  ...(warmupSec !== undefined && { warmupSec }),
};
const withProfile: HttpSettings = profileDir ? { ...shaped, cpuProfDir: profileDir } : shaped;

const started = Date.now();
const startMachine = machine();
const http: DialectResult[] = [];
if (only !== 'allocation') for (const dialect of dialects) http.push(await runHttpSuite(dialect, withProfile));
const allocation = only !== 'http' ? await benchAllocation(quick, dialects) : null;

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const n = (x: number) => x.toLocaleString('en');

interface Target { readonly name: string; readonly value: number; readonly goal: string; readonly met: boolean }

const targets = (): Target[] => {
  const out: Target[] = [];
  for (const d of http) {
    const mid = d.routing[Math.floor(d.routing.length / 2)];
    const first = d.routing[0];
    const last = d.routing[d.routing.length - 1];
    if (mid) {
      const r = ratio(mid.one.rps, d.ceiling.rps);
      out.push({ name: `${d.dialect}: routing at ${n(mid.sessions)} sessions / ceiling (req/s)`, value: r, goal: '>= 0.5', met: r >= 0.5 });
    }
    const c = ratio(d.create.one.rps, d.ceiling.rps);
    out.push({ name: `${d.dialect}: session create (2 participants) / ceiling (req/s)`, value: c, goal: '>= 0.2', met: c >= 0.2 });
    if (first && last && first !== last) {
      const p = ratio(last.one.p99, first.one.p99);
      out.push({ name: `${d.dialect}: routing p99 at ${n(last.sessions)} / at ${n(first.sessions)} sessions`, value: p, goal: '<= 1.5', met: p <= 1.5 });
    }
    if (d.routingTwo) {
      const t = ratio(d.routingTwo.two.rps, d.routingTwo.one.rps);
      out.push({ name: `${d.dialect}: routing, 2 processes / 1 process (req/s)`, value: t, goal: '> 1', met: t > 1 });
    }
    if (d.create.two) {
      const t = ratio(d.create.two.rps, d.create.one.rps);
      out.push({ name: `${d.dialect}: session create, 2 processes / 1 process (req/s)`, value: t, goal: '> 1', met: t > 1 });
    }
  }
  for (const [dialect, rows] of Object.entries(allocation?.results ?? {})) {
    const small: AllocationCase | undefined = rows[0];
    const big: AllocationCase | undefined = rows[rows.length - 1];
    if (!small || !big) continue;
    for (const what of ['choose', 'session'] as const) {
      const p = ratio(big[what].p50, small[what].p50);
      out.push({ name: `${dialect}: allocation (${what}) p50 at ${n(big.numbers)} / at ${n(small.numbers)} numbers`, value: p, goal: '<= 1.5', met: p <= 1.5 });
    }
  }
  return out;
};

const markdown = (t: Target[]): string => {
  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
  for (const d of http) {
    lines.push(`\n### ${d.dialect}\n`);
    const pg = d.dialect === 'postgres';
    row(['case', 'req/s', 'p50 ms', 'p99 ms', 'x ceiling', 'server CPU ms/req', ...(pg ? ['PostgreSQL CPU ms/req'] : []), 'runs']);
    row(['---', '---:', '---:', '---:', '---:', '---:', ...(pg ? ['---:'] : []), '---:']);
    const line = (name: string, f: Figures) =>
      row([name, n(f.rps), f.p50.toFixed(2), f.p99.toFixed(2), ratio(f.rps, d.ceiling.rps).toFixed(2), f.cpuMs.toFixed(3), ...(pg ? [Number.isNaN(f.dbCpuMs) ? '-' : f.dbCpuMs.toFixed(3)] : []), f.runs.length]);
    line('ceiling: bare Fastify + formbody', d.ceiling);
    for (const r of d.routing) line(`SMS routing, ${n(r.sessions)} active sessions`, r.one);
    line(`session create, 2 participants (${n(d.create.sessions)} sessions)`, d.create.one);
    if (d.routingTwo) line(`SMS routing, 2 processes (${n(d.routingTwo.sessions)} sessions)`, d.routingTwo.two);
    if (d.routingTwo) line(`SMS routing, 1 process, same reps`, d.routingTwo.one);
    if (d.create.two) line('session create, 2 processes', d.create.two);
    lines.push(`\nServer RSS after routing at ${n(d.memory.sessions)} sessions: ${d.memory.rssMiB} MiB (peak ${d.memory.peakRssMiB} MiB), `
      + `of which ${d.memory.anonMiB} MiB the process's own memory and ${d.memory.fileMiB} MiB mapped files (the database's memory map is page cache the kernel shares and can reclaim).`);
    lines.push(`Interactions written vs 2xx answers: ${d.routing.map((r) => `${n(r.interactions.written)}/${n(r.interactions.answered)}`).join(', ')}.`);
  }
  if (allocation) {
    lines.push(`\n### allocation (in process, ${allocation.reps} x ${allocation.ops} sequential ops per case; medians, ms)\n`);
    row(['dialect', 'numbers', 'sessions', 'choose p50', 'choose p99', 'session p50', 'session p99']);
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']);
    for (const [dialect, rows] of Object.entries(allocation.results)) {
      for (const r of rows) row([dialect, n(r.numbers), n(r.sessions), r.choose.p50.toFixed(3), r.choose.p99.toFixed(3), r.session.p50.toFixed(3), r.session.p99.toFixed(3)]);
    }
  }
  lines.push('\n### targets\n');
  row(['target', 'measured', 'goal', 'met']);
  row(['---', '---:', '---', '---']);
  for (const x of t) row([x.name, x.value.toFixed(2), x.goal, x.met ? 'yes' : '**no**']);
  return lines.join('\n');
};

const t = targets();
const name = custom ? 'suite-custom' : quick ? 'suite-quick' : 'suite';
const path = writeResult(name, { machine: startMachine, machineAtEnd: machine(), quick, settings: { ...shaped, log: undefined }, http, allocation, targets: t, minutes: Math.round((Date.now() - started) / 600) / 100 });
const md = markdown(t);
writeFileSync(join(import.meta.dirname, 'results', `${name}.md`), `${md}\n`);
console.log(md);
console.log(`\n${path} (${((Date.now() - started) / 60_000).toFixed(1)} min)`);

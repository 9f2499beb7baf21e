// Server processes for the HTTP benchmarks: the ceiling and real `masq serve` processes, each started
// the way an operator would (node, the bin shim, environment variables), plus the load generator.
// Output is drained continuously (a full pipe would stall the server) and only its tail is kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/e2e/serve-process.ts';
import type { LoadResult, LoadSpec } from './load.ts';

const BIN = new URL('../../bin/masq.js', import.meta.url).pathname;
const CEILING = new URL('./ceiling-server.ts', import.meta.url).pathname;
const FLOOR = new URL('./floor-server.ts', import.meta.url).pathname;
const LOAD = new URL('./load.ts', import.meta.url).pathname;

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** The last few KB the process printed, for error messages. */
  readonly tail: () => string;
  stop(): Promise<void>;
}

const TAIL_BYTES = 8192;

const collect = (child: ChildProcess): (() => string) => {
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out;
};

const started = (child: ChildProcess, tail: () => string, ready: RegExp, timeoutMs = 60_000): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${tail()}`)), timeoutMs);
    const check = () => {
      if (!ready.test(tail())) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve();
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${tail()}`));
    });
  });

const stopper = (child: ChildProcess) => async (): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // SIGTERM is a clean shutdown, which is also when --cpu-prof writes its profile.
  child.kill('SIGTERM');
  await exited;
};

/** One directory per server: V8 writes a profile per thread (tsx's loader runs on its own), the main one is `*.0.001.cpuprofile`. */
const nodeFlags = (cpuProfDir: string | undefined, name: string): string[] =>
  cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, name)}`] : [];

/** A benchmark server script (run with tsx) that prints "listening <url>" when ready; `args` follow its port. */
const startScript = async (script: string, args: readonly string[], profile?: { readonly dir: string; readonly name: string }): Promise<ServerProcess> => {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags(profile?.dir, profile?.name ?? ''), '--import', 'tsx', script, String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = collect(child);
  await started(child, tail, /listening /);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, tail, stop: stopper(child) };
};

export const startCeiling = (): Promise<ServerProcess> => startScript(CEILING, []);

/** One rung of the floor (floor-server.ts): the ceiling plus masq's essential work up to `rung`, on a seeded SQLite database. */
export const startFloor = (o: { readonly rung: string; readonly databaseUrl: string; readonly twilioAuthToken: string; readonly publicUrl: string; readonly cpuProfDir?: string }): Promise<ServerProcess> =>
  startScript(FLOOR, [o.rung, o.databaseUrl, o.twilioAuthToken, o.publicUrl], o.cpuProfDir === undefined ? undefined : { dir: o.cpuProfDir, name: `floor-${o.rung}` });

export interface MasqOptions {
  readonly databaseUrl: string;
  /** MASQ_* settings on top of the database URL, port and host. */
  readonly env: Readonly<Record<string, string>>;
  /** Write a V8 CPU profile of the server here on shutdown. */
  readonly cpuProfDir?: string;
  readonly name: string;
}

export const startMasq = async (o: MasqOptions): Promise<ServerProcess> => {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('MASQ_') && !key.startsWith('TWILIO_')) env[key] = value;
  }
  const child = spawn(process.execPath, [...nodeFlags(o.cpuProfDir, o.name), BIN, 'serve'], {
    env: { ...env, ...o.env, MASQ_DATABASE_URL: o.databaseUrl, MASQ_PORT: String(port), MASQ_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = collect(child);
  await started(child, tail, /Account SID:.*\n/);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, tail, stop: stopper(child) };
};

export interface Memory {
  /** Resident set size now, and its peak over the process's life (MiB). */
  readonly rssMiB: number;
  readonly peakRssMiB: number;
  /** Of rssMiB: the process's own memory (RssAnon), and files mapped into it (RssFile: SQLite's memory map). */
  readonly anonMiB: number;
  readonly fileMiB: number;
}

const statusKiB = (status: string, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);

/** Linux only: /proc/<pid>/status. */
export const memoryOf = (pid: number): Memory => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) => Math.round(statusKiB(status, field) / 1024);
  return { rssMiB: mib('VmRSS'), peakRssMiB: mib('VmHWM'), anonMiB: mib('RssAnon'), fileMiB: mib('RssFile') };
};

/** CPU seconds (user + system) the process has used so far. Linux only: /proc/<pid>/stat, in clock ticks of 1/100 s. */
export const cpuSecondsOf = (pid: number): number => {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * CPU seconds used so far by every PostgreSQL server process on this machine (postmaster, backends, WAL
 * writer...): on a two-core machine the database competes with masq for the same cores. Backends that
 * exit between two readings take their time with them, so this slightly under-counts.
 */
export const postgresCpuSeconds = (): number => {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      total += cpuSecondsOf(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
};

const isLoadResult = (value: unknown): value is LoadResult =>
  typeof value === 'object' && value !== null && 'rps' in value && typeof value.rps === 'number' && 'p99' in value;

/** Runs the load generator in its own process and returns what it measured. */
export const runLoad = (spec: LoadSpec): Promise<LoadResult> => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', LOAD, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString('utf8'); });
  child.once('exit', (code) => {
    const last = out.trim().split('\n').pop() ?? '';
    try {
      const parsed: unknown = JSON.parse(last);
      if (code === 0 && isLoadResult(parsed)) return resolve(parsed);
    } catch {
      // reported below with the process's own output
    }
    reject(new Error(`load generator failed (exit ${code}):\n${out}\n${err}`));
  });
});

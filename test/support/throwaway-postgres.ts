// A private PostgreSQL cluster for tests that stop, kill or restart the database: the machine's shared
// server (MASQ_TEST_POSTGRES_URL) serves other suites at the same time and must never be touched.
// initdb into a temp dir, pg_ctl on a free loopback port with its socket in that dir. PostgreSQL refuses
// to run as root, so as root every command runs as the `postgres` OS user, who owns the temp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/serve-process.ts';

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** pg_ctl start; waits until the server accepts connections. */
  start(): void;
  /** pg_ctl stop -m immediate: every backend dies at once, as in a crash or a power cut. */
  stopImmediate(): void;
  /** Stops the server if it runs and deletes the cluster. Safe to call twice. */
  destroy(): void;
  /** The server's log, for failure messages. */
  log(): string;
}

/** The newest installed server binaries (e.g. /usr/lib/postgresql/16/bin), or null when none are installed. */
export const postgresBinDir = (): string | null => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
};

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary as the postgres OS user when we are root (PostgreSQL refuses root). */
const run = (binary: string, args: readonly string[], timeoutMs = 30_000): void => {
  const [command, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, [...args]];
  const result = spawnSync(command, fullArgs, { encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}):\n${result.stdout}${result.stderr}`);
  }
};

const postgresUid = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
  gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
});

/** initdb + start. The caller must destroy() it (in an `after` hook), whatever happens. */
export const startThrowawayPostgres = async (bin: string): Promise<ThrowawayPostgres> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  let running = false;
  const cluster: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start() {
      // fsync off: this cluster lives for seconds and is thrown away; crash safety is not under test.
      const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
      run(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '20', 'start']);
      running = true;
    },
    stopImmediate() {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    destroy() {
      try {
        if (running) cluster.stopImmediate();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], 60_000);
    cluster.start();
  } catch (err) {
    cluster.destroy();
    throw err;
  }
  return cluster;
};

// Starts a real `masq serve` process for end-to-end suites and reads its banner (URL, credentials).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly output: () => string;
  /** Whether the process is still running (it has neither exited nor been killed). */
  alive(): boolean;
  /** SIGTERM is a clean shutdown; SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServeOptions {
  /** Keep the database in this directory (to restart on it); the caller removes it. Default: a fresh one, removed on stop. */
  readonly dataDir?: string;
  /** Serve on this database instead of a SQLite file in dataDir (e.g. a postgres:// URL). */
  readonly databaseUrl?: string;
}

const BIN = new URL('../../bin/masq.js', import.meta.url).pathname;

/** This process's environment as a fresh shell has it: none of this test run's MASQ_* or TWILIO_* settings (no Twilio region/edge rewriting either). */
export const cleanEnvironment = (): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('MASQ_') && !key.startsWith('TWILIO_')) env[key] = value;
  }
  return env;
};

/** A port that was free a moment ago (the server binds it right after). */
export const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    server.close(() => resolve(port));
  });
});

const waitForBanner = (child: ChildProcess, read: () => string, timeoutMs: number): Promise<void> => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`masq serve did not start:\n${read()}`)), timeoutMs);
  const check = () => {
    if (/Account SID:.*\n/.test(read()) && (/Auth token:.*\n/.test(read()) || !/development/.test(read()))) {
      clearTimeout(timer);
      resolve();
    }
  };
  child.stdout?.on('data', check);
  child.once('exit', (code) => {
    clearTimeout(timer);
    reject(new Error(`masq serve exited with ${code}:\n${read()}`));
  });
});

/** Runs `masq serve` on a fresh SQLite file; with no credentials given, reads the dev ones it prints. */
export const startServe = async (env: Record<string, string> = {}, options: ServeOptions = {}): Promise<Served> => {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'masq-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv = cleanEnvironment();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--public-url', url, '--database-url', options.databaseUrl ?? `sqlite:${join(dir, 'masq.db')}`, '--log-level', 'warn'], {
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  await waitForBanner(child, () => out, 30_000);
  const accountSid = /Account SID:\s+(AC[0-9a-f]{32})/.exec(out)?.[1] ?? env.MASQ_ACCOUNT_SID ?? '';
  const authToken = /Auth token:\s+(\S+)/.exec(out)?.[1] ?? env.MASQ_AUTH_TOKEN ?? '';
  return {
    url,
    accountSid,
    authToken,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      }
      if (options.dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
};

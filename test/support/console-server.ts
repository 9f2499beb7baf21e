// A real `masq serve` for the console's browser suites: a fresh SQLite database, a free port, the dev
// credentials read from its banner (as a new user reads them), and the console built from the current
// sources into a directory of this process's own (MASQ_CONSOLE_DIR), so a suite never runs a stale build
// and parallel suites never rebuild each other's files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type Served } from '../e2e/serve-process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

export interface ConsoleServer {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The banner and logs `masq serve` printed. */
  readonly output: () => string;
  stop(): Promise<void>;
}

let built: string | null = null;

/** Builds the console once per process (Vite, a few seconds) and returns the directory. */
export const buildConsole = (): string => {
  if (built !== null) return built;
  const outDir = mkdtempSync(join(tmpdir(), 'masq-console-build-'));
  const result = spawnSync(process.execPath, [VITE, 'build', join(ROOT, 'console'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the console did not build:\n${result.stdout}\n${result.stderr}`);
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  built = outDir;
  return outDir;
};

export const startConsoleServer = async (env: Record<string, string> = {}): Promise<ConsoleServer> => {
  const served: Served = await startServe({ MASQ_CONSOLE_DIR: buildConsole(), ...env });
  return { url: served.url, accountSid: served.accountSid, authToken: served.authToken, output: served.output, stop: () => served.stop() };
};

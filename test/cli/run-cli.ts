// Runs the `masq` executable (bin/masq.js, the built dist/) as a user would, in a clean environment, and
// captures what it printed and its exit status.
import { execFile } from 'node:child_process';
import { cleanEnvironment } from '../e2e/serve-process.ts';

const BIN = new URL('../../bin/masq.js', import.meta.url).pathname;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const runCli = (args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> => new Promise((resolve, reject) => {
  execFile(process.execPath, [BIN, ...args], { env: { ...cleanEnvironment(), ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
    if (err && typeof err.code !== 'number') {
      reject(err);
      return;
    }
    resolve({ code: err && typeof err.code === 'number' ? err.code : 0, stdout, stderr });
  });
});

/** The JSON a `--json` run printed, as unknown (the test narrows it). */
export const jsonOf = (run: CliRun): unknown => JSON.parse(run.stdout);

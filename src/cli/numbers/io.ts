// Where a `masq numbers` command reads its environment and writes its output. Commands take this instead
// of touching `process`, so tests can run them in-process and see exactly what a user would.
import { clientEnvFromProcess, type ClientEnv } from '../../config/from-process.ts';

export interface CliIo {
  readonly env: ClientEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress bars are drawn only on a terminal: piped or captured stderr stays clean. */
  readonly stderrIsTty: boolean;
}

/** Exit codes (docs/cli.md): an API or network error is 1, a command line masq cannot act on is 2. */
export const EXIT = { ok: 0, apiError: 1, usage: 2 } as const;

/** A command line that cannot be acted on (unknown option, missing value): exit 2 with a hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const processIo = (): CliIo => ({
  env: clientEnvFromProcess(),
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
  stderrIsTty: process.stderr.isTTY === true,
});

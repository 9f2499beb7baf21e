// What every `masq numbers` subcommand shares: its common flags, turning a bad command line into a
// usage error (exit 2) and masq's answer into Twilio's code and message (exit 1), and small value checks.
import type { ParseArgsConfig } from 'node:util';
import { ApiError, UnreachableError } from './client.ts';
import { CONNECTION_OPTIONS } from './connection.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';

export const COMMON_OPTIONS = {
  ...CONNECTION_OPTIONS,
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const COMMON_HELP = `  --json                 print JSON (the API's records) instead of a table
  -h, --help             show this help`;

const isParseArgsError = (err: unknown): err is Error =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS');

/** Runs node:util parseArgs, its complaints (unknown option, missing value) becoming usage errors. */
export const parseCommandLine = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (err) {
    if (isParseArgsError(err)) throw new UsageError(err.message);
    throw err;
  }
};

export const formatApiError = (err: ApiError): string => {
  const head = err.code === null ? `Error: ${err.message}` : `Error ${err.code}: ${err.message}`;
  return `${head}\n${err.moreInfo ? `  more info: ${err.moreInfo}\n` : ''}`;
};

/** One line per failure: what it was about, and masq's code and message. */
export const describeFailure = (err: unknown): string => {
  if (err instanceof ApiError) return err.code === null ? err.message : `error ${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
};

/**
 * Runs a command's work and maps what it throws to the exit codes docs/cli.md lists; `command` is how the
 * user typed it (`masq usage`, `masq numbers buy`), for the usage-error hint.
 */
export const runCliCommand = async (io: CliIo, command: string, work: () => Promise<number>): Promise<number> => {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${command}: ${err.message}\nRun '${command} --help' for the options.\n`);
      return EXIT.usage;
    }
    if (err instanceof ApiError) {
      io.stderr(formatApiError(err));
      return EXIT.apiError;
    }
    if (err instanceof UnreachableError) {
      io.stderr(`Error: ${err.message}\n`);
      return EXIT.apiError;
    }
    throw err;
  }
};

/** Runs a `masq numbers` subcommand's work (see runCliCommand). */
export const runCommand = (io: CliIo, name: string, work: () => Promise<number>): Promise<number> =>
  runCliCommand(io, `masq numbers ${name}`, work);

/** A whole number from 1 to `max`, for --limit and the like. */
export const positiveInt = (flag: string, value: string | undefined, fallback: number, max: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new UsageError(`--${flag}: expected a whole number from 1 to ${max}, got '${value}'`);
  return Number(value);
};

export const printJson = (io: CliIo, value: unknown): void => {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
};

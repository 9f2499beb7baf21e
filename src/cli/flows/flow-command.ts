// What the `masq flows` commands share: their usage-error wrapper, reading a flow file, a refused flow's
// problems one per line, and a flow's one-line summary.
import { readFile } from 'node:fs/promises';
import { ApiError, text, type JsonObject } from '../numbers/client.ts';
import { runCliCommand } from '../numbers/command.ts';
import { EXIT, UsageError, type CliIo } from '../numbers/io.ts';

/** Studio's "Flow definition validation failed". */
const FLOW_INVALID = 81022;

export const FLOW_SID = /^FW[0-9a-fA-F]{32}$/;

/** Runs a `masq flows` subcommand; a refused flow prints each problem on its own line (exit 1). */
export const runFlowCommand = (io: CliIo, name: string, work: () => Promise<number>): Promise<number> =>
  runCliCommand(io, `masq flows ${name}`, async () => {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== FLOW_INVALID) throw err;
      io.stderr(`${problemLines(err.message)}`);
      return EXIT.apiError;
    }
  });

/** masq's message names the problems as "pointer: message" joined by "; ", each pointer starting with '/'. */
const problemLines = (message: string): string => {
  const body = message.replace(/^Flow definition validation failed: /, '');
  return `The flow is not valid (error ${FLOW_INVALID}):\n${body.split(/; (?=\/)/).map((p) => `  ${p}\n`).join('')}`;
};

export const readFlowFile = async (path: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
};

export const flowSidArg = (value: string | undefined, what: string): string => {
  if (value === undefined) throw new UsageError(`which flow? Give ${what} (FW...)`);
  if (!FLOW_SID.test(value)) throw new UsageError(`'${value}' is not a flow SID (FW followed by 32 hex digits)`);
  return value;
};

export const flowLine = (flow: JsonObject): string =>
  `${text(flow, 'sid') ?? '?'} "${text(flow, 'friendly_name') ?? ''}" revision ${String(flow.revision ?? '?')}`;

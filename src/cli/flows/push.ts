// `masq flows validate <file>` and `masq flows push <file>`: a flow document checked by masq (nothing
// saved), or saved: a new flow (its revision 1), or with --flow a new revision of an existing one.
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { MasqClient } from '../numbers/client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, positiveInt, printJson } from '../numbers/command.ts';
import { CONNECTION_HELP, resolveConnection } from '../numbers/connection.ts';
import { EXIT, UsageError, type CliIo } from '../numbers/io.ts';
import { flowLine, flowSidArg, readFlowFile, runFlowCommand } from './flow-command.ts';

export const VALIDATE_HELP = `Usage: masq flows validate <file> [options]

Asks masq to check a flow document (JSON) without saving it. A refused document is listed problem by
problem, each with the JSON Pointer of the bad field, e.g. /nodes/menu/options/1: unknown node "sales".

Options:
${COMMON_HELP}

${CONNECTION_HELP}
`;

export const PUSH_HELP = `Usage: masq flows push <file> [options]

Saves a flow document (JSON): a new flow, or with --flow a new revision of that flow. Every save is a new
revision; numbers pinned to an older one keep it.

Options:
  --flow <FW...>             save as a new revision of this flow (default: create a new flow)
  --name <name>              the flow's name (default for a new flow: the file's name)
  --message <text>           what this revision changes (its commit message)
  --expected-revision <n>    refuse to save if the flow is no longer at revision n (someone else saved)
${COMMON_HELP}

${CONNECTION_HELP}
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  flow: { type: 'string' },
  name: { type: 'string' },
  message: { type: 'string' },
  'expected-revision': { type: 'string' },
} as const;

const onePath = (positionals: readonly string[]): string => {
  const [path, ...extra] = positionals;
  if (path === undefined) throw new UsageError('which file? Give the flow document (JSON)');
  if (extra.length > 0) throw new UsageError(`one file at a time (got ${positionals.length})`);
  return path;
};

export const runValidate = (argv: readonly string[], io: CliIo): Promise<number> => runFlowCommand(io, 'validate', async () => {
  const { values, positionals } = parseCommandLine(() => parseArgs({ args: [...argv], options: COMMON_OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return EXIT.ok;
  }
  const path = onePath(positionals);
  const definition = await readFlowFile(path);
  const client = new MasqClient(resolveConnection(values, io.env));
  const answer = await client.request('POST', client.masqUrl('/masq/v1/Flows/Validate'), new URLSearchParams({ Definition: definition }));
  if (values.json) printJson(io, answer);
  else io.stdout(`${path} is a valid flow.\n`);
  return EXIT.ok;
});

export const runPush = (argv: readonly string[], io: CliIo): Promise<number> => runFlowCommand(io, 'push', async () => {
  const { values, positionals } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    io.stdout(PUSH_HELP);
    return EXIT.ok;
  }
  const path = onePath(positionals);
  const flowSid = values.flow === undefined ? null : flowSidArg(values.flow, '--flow');
  const expected = values['expected-revision'] === undefined ? null : positiveInt('expected-revision', values['expected-revision'], 1, 999_999_999);
  if (flowSid === null && expected !== null) throw new UsageError('--expected-revision goes with --flow');
  const form = new URLSearchParams({ Definition: await readFlowFile(path) });
  if (values.message !== undefined) form.set('CommitMessage', values.message);
  if (flowSid === null) form.set('FriendlyName', values.name ?? basename(path, extname(path)));
  else if (values.name !== undefined) form.set('FriendlyName', values.name);
  if (expected !== null) form.set('ExpectedRevision', String(expected));
  const client = new MasqClient(resolveConnection(values, io.env));
  const flow = await client.request('POST', client.masqUrl(flowSid === null ? '/masq/v1/Flows' : `/masq/v1/Flows/${flowSid}`), form);
  if (values.json) printJson(io, flow);
  else if (flow) io.stdout(`${flowSid === null ? 'Created' : 'Saved'} flow ${flowLine(flow)}.\n`);
  return EXIT.ok;
});

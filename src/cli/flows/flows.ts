// `masq flows`: masq flows on a running masq, over its HTTP API: check a flow document, save it (a new
// flow or a new revision), see what it would do with a call or message, and attach it to a number.
import { EXIT, type CliIo } from '../numbers/io.ts';

interface Subcommand {
  readonly summary: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  validate: { summary: 'check a flow document (a JSON file) without saving it', run: async (argv, io) => (await import('./push.ts')).runValidate(argv, io) },
  push: { summary: 'save a flow document: a new flow, or a new revision of --flow FW...', run: async (argv, io) => (await import('./push.ts')).runPush(argv, io) },
  list: { summary: "the account's flows", run: async (argv, io) => (await import('./list.ts')).runFlowList(argv, io) },
  'dry-run': { summary: 'what a flow would do with a call or message, at a given time: nothing is sent', run: async (argv, io) => (await import('./dry-run.ts')).runDryRun(argv, io) },
  attach: { summary: 'make a flow answer a number (or --detach it)', run: async (argv, io) => (await import('./attach.ts')).runAttach(argv, io) },
};

export const FLOWS_HELP = `Usage: masq flows <command> [options]

Manages masq flows (docs/programmable-numbers.md, "Flows") on a running masq (masq serve), over its HTTP API.

Commands:
${Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

Run 'masq flows <command> --help' for a command's options. Every command takes --json, and finds masq
and the credentials in --url, --account-sid and --auth-token (or --api-key and --api-secret), else in
MASQ_URL, MASQ_ACCOUNT_SID and MASQ_AUTH_TOKEN (masq serve prints the export line to paste).

Exit status: 0 on success, 1 when masq answered with an error (a refused flow lists every problem) or
could not be reached, 2 for a bad command line or an unreadable file.
`;

export const runFlows = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
  if (subcommand) return subcommand.run(rest, io);
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(FLOWS_HELP);
    return EXIT.ok;
  }
  io.stderr(`${name === undefined ? '' : `masq flows: unknown command '${name}'\n\n`}${FLOWS_HELP}`);
  return EXIT.usage;
};

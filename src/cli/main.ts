// The `masq` command: dispatches to a subcommand; each handles its own --help. Subcommands are
// imported only when run: `masq --help` should not load the server, the drivers and the allocator.
import { parseArgs } from 'node:util';
import { masqVersion } from './version.ts';

interface Command {
  readonly summary: string;
  readonly run: (argv: readonly string[]) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: {
    summary: 'run the API server (Twilio Proxy v1 compatible) with the sandbox carrier',
    run: async (argv) => (await import('./serve.ts')).runServe(argv),
  },
  numbers: {
    summary: 'search, buy, list, release and import phone numbers on a running masq',
    run: async (argv) => {
      const { runNumbers } = await import('./numbers/numbers.ts');
      return runNumbers(argv, (await import('./numbers/io.ts')).processIo());
    },
  },
  flows: {
    summary: 'masq flows: validate, save, dry-run and attach no-code routing documents',
    run: async (argv) => {
      const { runFlows } = await import('./flows/flows.ts');
      return runFlows(argv, (await import('./numbers/io.ts')).processIo());
    },
  },
  usage: {
    summary: 'what the account used and what it cost, as a chart, a table, CSV or JSON',
    run: async (argv) => {
      const { runUsage } = await import('./usage/usage.ts');
      return runUsage(argv, (await import('./usage/io.ts')).processUsageIo());
    },
  },
  demo: {
    summary: "replay Twilio's number-management walkthrough in memory and show each allocation",
    run: async (argv) => {
      await (await import('./demo.ts')).runDemo(argv);
      return 0;
    },
  },
};

export const MAIN_HELP = `Usage: masq <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help ('masq <command> --help' for a command's)
  -v, --version  print the version
`;

export const main = async (argv: readonly string[]): Promise<number> => {
  const [name, ...rest] = argv;
  const command = name !== undefined ? COMMANDS[name] : undefined;
  if (command) return command.run(rest);
  let values: { help?: boolean; version?: boolean };
  try {
    values = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } } }).values;
  } catch {
    process.stderr.write(`masq: unknown command '${name ?? ''}'\n\n${MAIN_HELP}`);
    return 2;
  }
  if (values.version) {
    process.stdout.write(`${masqVersion()}\n`);
    return 0;
  }
  if (values.help || name === undefined) {
    process.stdout.write(MAIN_HELP);
    return values.help ? 0 : 2;
  }
  return 2;
};

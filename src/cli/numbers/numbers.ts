// `masq numbers`: manage the account's numbers on a running masq over its HTTP API, as twilio-cli does
// with Twilio's: search, buy, list, release, import. Each subcommand is loaded only when run.
import { EXIT, type CliIo } from './io.ts';

interface Subcommand {
  readonly summary: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  search: { summary: 'numbers for sale, with the carrier that sells each and its price', run: async (argv, io) => (await import('./search.ts')).runSearch(argv, io) },
  buy: { summary: 'buy numbers (or any number in an area code) into the account', run: async (argv, io) => (await import('./buy.ts')).runBuy(argv, io) },
  list: { summary: "the account's numbers (--all-states: every record, quarantined and released too)", run: async (argv, io) => (await import('./list.ts')).runList(argv, io) },
  release: { summary: 'give numbers up (by PN SID or E.164)', run: async (argv, io) => (await import('./release.ts')).runRelease(argv, io) },
  import: { summary: 'bring in the numbers a carrier account already holds', run: async (argv, io) => (await import('./import.ts')).runImport(argv, io) },
};

export const NUMBERS_HELP = `Usage: masq numbers <command> [options]

Manages the account's phone numbers on a running masq (masq serve), over its HTTP API.

Commands:
${Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`).join('\n')}

Run 'masq numbers <command> --help' for a command's options. Every command takes --json, and finds
masq and the credentials in --url, --account-sid and --auth-token (or --api-key and --api-secret), else
in MASQ_URL, MASQ_ACCOUNT_SID and MASQ_AUTH_TOKEN (masq serve prints the export line to paste).

Exit status: 0 on success, 1 when masq answered with an error (its code and message are printed) or
could not be reached, 2 for a bad command line.
`;

export const runNumbers = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
  if (subcommand) return subcommand.run(rest, io);
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(NUMBERS_HELP);
    return EXIT.ok;
  }
  io.stderr(`${name === undefined ? '' : `masq numbers: unknown command '${name}'\n\n`}${NUMBERS_HELP}`);
  return EXIT.usage;
};

// `masq demo`: Twilio's number-management walkthrough, replayed on a fresh in-memory database with the
// sandbox carrier, printed as a table of allocations and the allocator's reasons.
import { defaultConfig } from '../config/load-config.ts';
import { parseArgs } from 'node:util';
import { createRuntime } from '../runtime.ts';
import { renderTable, runWalkthrough } from './demo-walkthrough.ts';

export const DEMO_HELP = `Usage: masq demo [--json] [--width N]

Replays the walkthrough of Twilio's "Phone Number Management" guide against masq, in memory (nothing
is written to disk): a pool of +1 415 555 1212 and +1 415 555 3434 (and a GB number), Customer A with
Driver X, Customer B with Driver Y, Customer C with Driver X (X must get a second number), then a UK
customer with a US driver, each on a number of their own country.

Options:
  --json       print the rows as JSON instead of a table
  --width N    table width in characters (default: the terminal's, or 120)
  -h, --help   show this help
`;

export const runDemo = async (argv: readonly string[]): Promise<void> => {
  const { values } = parseArgs({
    args: [...argv],
    options: { json: { type: 'boolean' }, width: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(DEMO_HELP);
    return;
  }
  const runtime = await createRuntime(
    defaultConfig({ databaseUrl: 'sqlite::memory:' }),
    { sweepIntervalMs: 0 },
  );
  try {
    const rows = await runWalkthrough(runtime.deps, runtime.account.account.sid);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const width = values.width ? Number(values.width) : process.stdout.columns || 120;
    process.stdout.write(`${renderTable(rows, width)}\n`);
  } finally {
    await runtime.close();
  }
};

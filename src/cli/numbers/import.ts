// `masq numbers import`: brings the numbers a carrier account already holds into the account's inventory,
// a page at a time (POST /masq/v1/Numbers/Import) until the carrier's list ends, counting as it goes (the
// carrier does not say how many there are). Numbers masq holds already are skipped, each with the reason.
import { parseArgs } from 'node:util';
import { MasqClient, isRecord, text, type JsonObject } from './client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, printJson, runCommand } from './command.ts';
import { CONNECTION_HELP, resolveConnection } from './connection.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { Progress } from './progress.ts';
import { renderTable } from './table.ts';

const OPTIONS = {
  ...COMMON_OPTIONS,
  carrier: { type: 'string' },
  'point-at-masq': { type: 'boolean' },
  'page-token': { type: 'string' },
} as const;

export const IMPORT_HELP = `Usage: masq numbers import --carrier <account> [options]

Imports the numbers a carrier account (as configured in masq, e.g. twilio) already holds into this
account's inventory, so masq can use them. Numbers masq holds already are skipped, each with the reason.
Only a top-level account can import (the carrier accounts are the installation's).

Options:
  --carrier <account>   the carrier account whose numbers to import (required)
  --point-at-masq       also set each number's voice and messaging webhooks at the carrier to masq's, so
                        its calls and texts route through masq (without it they stay as they are)
  --page-token <token>  resume an import that stopped, from the token it printed
${COMMON_HELP}

${CONNECTION_HELP}
`;

interface Totals {
  readonly imported: JsonObject[];
  readonly skipped: JsonObject[];
}

const rowsOf = (page: JsonObject | null, key: string): JsonObject[] => {
  const rows = page?.[key];
  return Array.isArray(rows) ? rows.filter(isRecord) : [];
};

const printTotals = (io: CliIo, carrier: string, totals: Totals): void => {
  if (totals.imported.length > 0) io.stdout(`Imported:\n${renderTable(['SID', 'Phone number'], totals.imported.map((r) => [text(r, 'sid'), text(r, 'phone_number')]))}`);
  if (totals.skipped.length > 0) io.stdout(`Skipped:\n${renderTable(['Phone number', 'Reason'], totals.skipped.map((r) => [text(r, 'phone_number'), text(r, 'reason')]))}`);
  io.stdout(`${totals.imported.length} imported and ${totals.skipped.length} skipped from carrier account ${carrier}.\n`);
};

export const runImport = (argv: readonly string[], io: CliIo): Promise<number> => runCommand(io, 'import', async () => {
  const { values } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return EXIT.ok;
  }
  const carrier = values.carrier;
  if (carrier === undefined || carrier === '') throw new UsageError('--carrier is required: the carrier account whose numbers to import (e.g. twilio)');
  const client = new MasqClient(resolveConnection(values, io.env));
  const totals: Totals = { imported: [], skipped: [] };
  const progress = new Progress(io, 'Importing: numbers seen', null);
  let token: string | null = values['page-token'] ?? null;
  do {
    const form = new URLSearchParams({ Carrier: carrier, PointAtMasq: values['point-at-masq'] ? 'true' : 'false' });
    if (token !== null) form.set('PageToken', token);
    let page: JsonObject | null;
    try {
      page = await client.request('POST', client.masqUrl('/masq/v1/Numbers/Import'), form);
    } catch (err) {
      progress.stop();
      // What came in stays in: show it, and how to carry on from the page that failed.
      if (totals.imported.length + totals.skipped.length > 0) {
        if (values.json) printJson(io, totals);
        else printTotals(io, carrier, totals);
        if (token !== null) io.stderr(`Stopped. Resume with: masq numbers import --carrier ${carrier} --page-token '${token}'\n`);
      }
      throw err;
    }
    const imported = rowsOf(page, 'imported');
    const skipped = rowsOf(page, 'skipped');
    totals.imported.push(...imported);
    totals.skipped.push(...skipped);
    progress.tick(imported.length + skipped.length, `${totals.imported.length} imported, ${totals.skipped.length} skipped`);
    token = page ? text(page, 'next_page_token') : null;
  } while (token !== null);
  progress.stop();
  if (values.json) printJson(io, totals);
  else printTotals(io, carrier, totals);
  return EXIT.ok;
});

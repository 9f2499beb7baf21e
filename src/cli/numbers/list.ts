// `masq numbers list`: the account's numbers (IncomingPhoneNumbers, the active ones, as Twilio lists
// them), or with --all-states every record masq keeps (GET /masq/v1/Numbers: provisioning, quarantined,
// released...).
import { parseArgs } from 'node:util';
import { ApiError, MasqClient, isRecord, text, type JsonObject } from './client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, positiveInt, printJson, runCommand } from './command.ts';
import { CONNECTION_HELP, resolveConnection } from './connection.ts';
import { incomingTable, listIncoming, type IncomingFilter } from './incoming.ts';
import { EXIT, type CliIo } from './io.ts';

const OPTIONS = {
  ...COMMON_OPTIONS,
  'phone-number': { type: 'string' },
  'friendly-name': { type: 'string' },
  limit: { type: 'string' },
  'all-states': { type: 'boolean' },
} as const;

/** Far more than one screen, far less than a runaway loop. */
const MAX_LIMIT = 100_000;

export const LIST_HELP = `Usage: masq numbers list [options]

Lists the account's numbers (IncomingPhoneNumbers), oldest first.

Options:
  --phone-number <digits>  numbers containing these digits (* for any one digit), e.g. +1415 or 555
  --friendly-name <text>   numbers with exactly this friendly name
  --limit <n>              at most this many numbers [default 50]
  --all-states             every number record masq keeps, whatever its state (provisioning,
                           quarantined, released...), from masq's /masq/v1/Numbers
${COMMON_HELP}

${CONNECTION_HELP}
`;

/** The records of a v1 list page: the key meta.key names, else its one array (twilio-node's rule). */
const recordsOf = (page: JsonObject | null): JsonObject[] => {
  if (page === null) return [];
  const meta = isRecord(page.meta) ? page.meta : {};
  const key = text(meta, 'key') ?? Object.keys(page).find((k) => k !== 'meta' && Array.isArray(page[k]));
  const items = key === undefined ? undefined : page[key];
  return Array.isArray(items) ? items.filter(isRecord) : [];
};

const listAllStates = async (client: MasqClient, filter: IncomingFilter, limit: number): Promise<JsonObject[]> => {
  const query = new URLSearchParams({ PageSize: String(Math.min(limit, 1000)) });
  if (filter.phoneNumber !== undefined) query.set('PhoneNumber', filter.phoneNumber);
  if (filter.friendlyName !== undefined) query.set('FriendlyName', filter.friendlyName);
  const rows: JsonObject[] = [];
  let url: string | null = client.masqUrl('/masq/v1/Numbers', query);
  try {
    while (url !== null && rows.length < limit) {
      const page = await client.request('GET', url);
      const items = recordsOf(page);
      rows.push(...items.slice(0, limit - rows.length));
      const meta = page && isRecord(page.meta) ? page.meta : {};
      const next = text(meta, 'next_page_url');
      url = next !== null && items.length > 0 ? next : null;
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && rows.length === 0) {
      throw new ApiError(404, err.code, 'this masq server has no /masq/v1/Numbers, which --all-states reads (an older masq): list without --all-states', null);
    }
    throw err;
  }
  return rows;
};

export const runList = (argv: readonly string[], io: CliIo): Promise<number> => runCommand(io, 'list', async () => {
  const { values } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  if (values.help) {
    io.stdout(LIST_HELP);
    return EXIT.ok;
  }
  const limit = positiveInt('limit', values.limit, 50, MAX_LIMIT);
  const filter: IncomingFilter = { phoneNumber: values['phone-number'], friendlyName: values['friendly-name'] };
  const client = new MasqClient(resolveConnection(values, io.env));
  const rows = values['all-states'] ? await listAllStates(client, filter, limit) : await listIncoming(client, filter, limit);
  if (values.json) printJson(io, rows);
  else if (rows.length === 0) io.stdout('No numbers.\n');
  else io.stdout(incomingTable(rows));
  return EXIT.ok;
});

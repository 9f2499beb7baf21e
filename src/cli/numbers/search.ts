// `masq numbers search`: numbers for sale through masq's carrier accounts (AvailablePhoneNumbers,
// did-wire-contract §3.2), with each row's carrier account and monthly price (masq_carrier, masq_price).
import { parseArgs } from 'node:util';
import { ApiError, MasqClient, capabilitiesOf, isRecord, text, type JsonObject } from './client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, positiveInt, printJson, runCommand } from './command.ts';
import { CONNECTION_HELP, resolveConnection } from './connection.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { renderTable } from './table.ts';

/** --type values and their 2010 subresources. */
const TYPES: Readonly<Record<string, string>> = {
  local: 'Local',
  'toll-free': 'TollFree',
  mobile: 'Mobile',
  national: 'National',
  'shared-cost': 'SharedCost',
  voip: 'Voip',
  'machine-to-machine': 'MachineToMachine',
  'short-code': 'ShortCode',
};

/** Filter flags and the query parameters they become, as twilio-node sends them. */
const FILTERS = [
  ['area-code', 'AreaCode'], ['contains', 'Contains'], ['region', 'InRegion'], ['postal-code', 'InPostalCode'],
  ['rate-center', 'InRateCenter'], ['lata', 'InLata'], ['locality', 'InLocality'], ['near-number', 'NearNumber'],
  ['near-lat-long', 'NearLatLong'], ['distance', 'Distance'],
] as const;

const CAPABILITY_FLAGS = [['sms', 'SmsEnabled'], ['voice', 'VoiceEnabled'], ['mms', 'MmsEnabled']] as const;

const OPTIONS = {
  ...COMMON_OPTIONS,
  country: { type: 'string' },
  type: { type: 'string' },
  limit: { type: 'string' },
  'area-code': { type: 'string' },
  contains: { type: 'string' },
  region: { type: 'string' },
  'postal-code': { type: 'string' },
  'rate-center': { type: 'string' },
  lata: { type: 'string' },
  locality: { type: 'string' },
  'near-number': { type: 'string' },
  'near-lat-long': { type: 'string' },
  distance: { type: 'string' },
  sms: { type: 'boolean' },
  voice: { type: 'boolean' },
  mms: { type: 'boolean' },
} as const;

export const SEARCH_HELP = `Usage: masq numbers search [options]

Lists numbers for sale through masq's carrier accounts, with the carrier account that sells each and its
monthly price. Buy one with 'masq numbers buy <number>'.

Search:
  --country <CC>         ISO country code [default US]
  --type <type>          ${Object.keys(TYPES).join(' | ')} [default local]
  --area-code <NPA>      NANP area code, e.g. 415
  --contains <pattern>   digits, letters (keypad) and * for any one digit, e.g. 555**** or PIZZA
  --region <code>        state or province (NANP: CA, NY...)
  --postal-code <code>   --rate-center <name>   --lata <code>   --locality <city>
  --near-number <E.164>  --near-lat-long <lat,long>   --distance <miles>  (with either "near" flag)
  --sms, --voice, --mms  only numbers with that capability
  --limit <n>            at most this many numbers [default 20; up to 1000]
${COMMON_HELP}

${CONNECTION_HELP}
`;

const typeSegment = (value: string | undefined): string => {
  const type = (value ?? 'local').toLowerCase();
  const segment = TYPES[type === 'tollfree' ? 'toll-free' : type];
  if (segment === undefined) throw new UsageError(`--type: '${value ?? ''}' is not one of ${Object.keys(TYPES).join(', ')}`);
  return segment;
};

const place = (row: JsonObject): string => [text(row, 'locality'), text(row, 'region')].filter((p) => p !== null).join(', ');

export const searchTable = (rows: readonly JsonObject[]): string => renderTable(
  ['Phone number', 'Type', 'Place', 'Rate center', 'Capabilities', 'Carrier', 'Price/mo'],
  rows.map((r) => [text(r, 'phone_number'), text(r, 'masq_type'), place(r), text(r, 'rate_center'), capabilitiesOf(r), text(r, 'masq_carrier'),
    text(r, 'masq_price') === null ? null : `$${text(r, 'masq_price')}`]),
);

export const runSearch = (argv: readonly string[], io: CliIo): Promise<number> => runCommand(io, 'search', async () => {
  const { values } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  if (values.help) {
    io.stdout(SEARCH_HELP);
    return EXIT.ok;
  }
  const country = (values.country ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new UsageError(`--country: expected a two-letter ISO code, got '${values.country ?? ''}'`);
  const segment = typeSegment(values.type);
  const query = new URLSearchParams();
  for (const [flag, param] of FILTERS) {
    const value = values[flag];
    if (typeof value === 'string') query.set(param, value);
  }
  for (const [flag, param] of CAPABILITY_FLAGS) if (values[flag]) query.set(param, 'true');
  query.set('PageSize', String(positiveInt('limit', values.limit, 20, 1000)));
  const client = new MasqClient(resolveConnection(values, io.env));
  let body: JsonObject | null;
  try {
    body = await client.request('GET', client.accountUrl(`/AvailablePhoneNumbers/${country}/${segment}.json`, query));
  } catch (err) {
    // A country or type no carrier account sells is Twilio's bare 404: say what it means here.
    if (err instanceof ApiError && err.status === 404) {
      throw new ApiError(404, err.code, `masq's carrier accounts sell no ${values.type ?? 'local'} numbers in ${country}`, err.moreInfo);
    }
    throw err;
  }
  const rows = Array.isArray(body?.available_phone_numbers) ? body.available_phone_numbers.filter(isRecord) : [];
  if (values.json) printJson(io, rows);
  else if (rows.length === 0) io.stdout('No numbers for sale match.\n');
  else io.stdout(searchTable(rows));
  return EXIT.ok;
});

// `masq numbers buy`: buys numbers into the account's inventory (POST IncomingPhoneNumbers.json with
// PhoneNumber, or AreaCode for any number there), optionally from a named carrier account (MasqCarrier).
import { parseArgs } from 'node:util';
import { MasqClient, type JsonObject } from './client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, printJson, runCommand } from './command.ts';
import { CONNECTION_HELP, resolveConnection } from './connection.ts';
import { runBatch, reportFailures } from './batch.ts';
import { incomingTable } from './incoming.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';

const OPTIONS = {
  ...COMMON_OPTIONS,
  'area-code': { type: 'string' },
  'friendly-name': { type: 'string' },
  carrier: { type: 'string' },
} as const;

export const BUY_HELP = `Usage: masq numbers buy <E.164>... [options]
       masq numbers buy --area-code <NPA> [options]

Buys each number given (find them with 'masq numbers search'), or any one number in an area code, into
the account's inventory. Several numbers are bought one after the other with a progress bar; a number
that cannot be bought is reported with masq's error code and the others are still bought.

Options:
  --area-code <NPA>        buy any available number in this area code instead of a given one
  --friendly-name <text>   the numbers' friendly name
  --carrier <account>      the carrier account to buy from (MasqCarrier), e.g. twilio [default: masq's choice]
${COMMON_HELP}

Exit status: 0 when every number was bought, 1 when any was not, 2 for a bad command line.

${CONNECTION_HELP}
`;

const E164 = /^\+[1-9]\d{1,14}$/;

const checkedNumbers = (numbers: readonly string[], areaCode: string | undefined): readonly string[] => {
  if (areaCode !== undefined) {
    if (numbers.length > 0) throw new UsageError('give either numbers or --area-code, not both');
    if (!/^\d{3}$/.test(areaCode)) throw new UsageError(`--area-code: expected three digits, got '${areaCode}'`);
    return [];
  }
  if (numbers.length === 0) throw new UsageError('which numbers? Give one or more E.164 numbers (e.g. +14155550123) or --area-code');
  const bad = numbers.find((n) => !E164.test(n));
  if (bad !== undefined) throw new UsageError(`'${bad}' is not an E.164 number (e.g. +14155550123)`);
  return numbers;
};

export const runBuy = (argv: readonly string[], io: CliIo): Promise<number> => runCommand(io, 'buy', async () => {
  const { values, positionals } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    io.stdout(BUY_HELP);
    return EXIT.ok;
  }
  const numbers = checkedNumbers(positionals, values['area-code']);
  const client = new MasqClient(resolveConnection(values, io.env));
  const buyOne = async (field: 'PhoneNumber' | 'AreaCode', value: string): Promise<JsonObject> => {
    const form = new URLSearchParams({ [field]: value });
    if (values['friendly-name'] !== undefined) form.set('FriendlyName', values['friendly-name']);
    if (values.carrier !== undefined) form.set('MasqCarrier', values.carrier);
    const created = await client.request('POST', client.accountUrl('/IncomingPhoneNumbers.json'), form);
    return created ?? {};
  };
  const outcome = values['area-code'] !== undefined
    ? await runBatch(io, 'Buying', [`area code ${values['area-code']}`], () => buyOne('AreaCode', values['area-code'] ?? ''))
    : await runBatch(io, 'Buying', numbers, (n) => buyOne('PhoneNumber', n));
  if (values.json) printJson(io, outcome.done);
  else if (outcome.done.length > 0) io.stdout(incomingTable(outcome.done));
  reportFailures(io, outcome);
  return outcome.failed.length === 0 ? EXIT.ok : EXIT.apiError;
});

// `masq usage`: what the account used and what it cost, from a running masq (Usage Records and masq's cost
// report), as a bar chart and a totals table, or as CSV or JSON. The period defaults to this month so far.
import { parseArgs } from 'node:util';
import { csvLine } from '../../domain/csv.ts';
import { MasqClient } from '../numbers/client.ts';
import { parseCommandLine, printJson, runCliCommand } from '../numbers/command.ts';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnection } from '../numbers/connection.ts';
import { EXIT, UsageError } from '../numbers/io.ts';
import { renderTable } from '../numbers/table.ts';
import { renderChart } from './chart.ts';
import { fetchUsage, USAGE_BY, type UsageBy, type UsageFilter, type UsageLine } from './fetch.ts';
import { DEFAULT_COLUMNS, type UsageIo } from './io.ts';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  category: { type: 'string' },
  'include-subaccounts': { type: 'boolean' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE_HELP = `Usage: masq usage [options]

Shows what the account used and what it cost over a period, as a bar chart and a totals table, from a
running masq (its Usage Records and cost report).

Options:
  --from <date>            first day, YYYY-MM-DD (UTC) or days from today such as -30days [default: the 1st of this month]
  --to <date>              last day, included [default: today]
  --by <what>              day | month | category | number | service [default: category]
  --category <name>        one usage category: sms, calls, mms, phonenumbers, sms-outbound-longcode...
                           (by day or month: the category charted [default: totalprice]; by category: its children)
  --include-subaccounts    add the usage of the account's subaccounts
  --csv                    print the table as CSV (RFC 4180) instead
  --json                   print masq's records as JSON instead
  -h, --help               show this help

${CONNECTION_HELP}

Exit status: 0 on success, 1 when masq answered with an error or could not be reached, 2 for a bad command line.
`;

const DATE = /^(\d{4}-\d{2}-\d{2}|[+-]\d{1,6}days?)$/;

const dateFlag = (name: string, value: string | undefined, fallback: string): string => {
  if (value === undefined) return fallback;
  if (!DATE.test(value)) throw new UsageError(`--${name}: expected YYYY-MM-DD or days from today such as -30days, got '${value}'`);
  return value;
};

const isBy = (value: string): value is UsageBy => USAGE_BY.some((b) => b === value);

const money = (line: UsageLine): string => (line.priceUnit === 'usd' ? `$${line.priceText}` : `${line.priceText} ${line.priceUnit}`.trim());

const tableOf = (by: UsageBy, lines: readonly UsageLine[]): string => {
  const head = { day: 'Day', month: 'Month', category: 'Category', number: 'Number', service: 'Service' }[by];
  const withUsage = by !== 'number' && by !== 'service';
  const headers = withUsage ? [head, 'Count', 'Usage', 'Price'] : [head, 'Price'];
  return renderTable(headers, lines.map((l) => (withUsage ? [l.label, l.count, `${l.usage ?? '-'} ${l.usageUnit ?? ''}`.trim(), money(l)] : [l.label, money(l)])));
};

const totalOf = (lines: readonly UsageLine[]): string => {
  const byUnit = new Map<string, number>();
  for (const l of lines) byUnit.set(l.priceUnit, (byUnit.get(l.priceUnit) ?? 0) + l.price);
  const parts = [...byUnit].map(([unit, sum]) => (unit === 'usd' ? `$${sum.toFixed(4).replace(/\.?0+$/, '')}` : `${sum} ${unit}`));
  return parts.length === 0 ? '$0' : parts.join(' + ');
};

const csvOf = (lines: readonly UsageLine[]): string =>
  csvLine(['label', 'count', 'usage', 'usage_unit', 'price', 'price_unit']) + lines.map((l) => csvLine([l.label, l.count, l.usage, l.usageUnit, l.priceText, l.priceUnit])).join('');

const render = (io: UsageIo, f: UsageFilter, lines: readonly UsageLine[]): void => {
  io.stdout(`Usage from ${f.from} to ${f.to}, by ${f.by}${f.category ? ` (${f.category})` : ''}${f.includeSubaccounts ? ', subaccounts included' : ''}\n\n`);
  if (lines.length === 0) {
    io.stdout('No usage.\n');
    return;
  }
  io.stdout(renderChart(lines.map((l) => ({ label: l.label, value: l.price, text: money(l) })), io.columns ?? DEFAULT_COLUMNS, io.stdoutIsTty));
  io.stdout(`\n${tableOf(f.by, lines)}\nTotal: ${totalOf(lines)}\n`);
};

const todayUtc = (): string => new Date().toISOString().slice(0, 10);

const run = async (argv: readonly string[], io: UsageIo): Promise<number> => {
  const { values } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  if (values.help) {
    io.stdout(USAGE_HELP);
    return EXIT.ok;
  }
  const by = values.by ?? 'category';
  if (!isBy(by)) throw new UsageError(`--by: expected one of ${USAGE_BY.join(', ')}, got '${by}'`);
  if (values.csv && values.json) throw new UsageError('--csv and --json: choose one');
  const today = todayUtc();
  const filter: UsageFilter = {
    from: dateFlag('from', values.from, `${today.slice(0, 8)}01`), to: dateFlag('to', values.to, today), by,
    category: values.category, includeSubaccounts: values['include-subaccounts'] === true,
  };
  const client = new MasqClient(resolveConnection(values, io.env));
  const { raw, lines } = await fetchUsage(client, filter);
  if (values.json) printJson(io, raw);
  else if (values.csv) io.stdout(csvOf(lines));
  else render(io, filter, lines);
  return EXIT.ok;
};

export const runUsage = (argv: readonly string[], io: UsageIo): Promise<number> =>
  runCliCommand(io, 'masq usage', () => run(argv, io));

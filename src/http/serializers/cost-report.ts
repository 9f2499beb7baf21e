// masq's cost report and cost records on the wire: JSON for the report, and the CSV lines of both.
// Amounts are decimal strings (as in Usage Records); CSV cells go through domain/csv.ts, which quotes
// and neutralises spreadsheet formulas.
import { Type } from '@sinclair/typebox';
import type { CostReport, CostReportItem } from '../../app/cost-report.ts';
import { csvLine } from '../../domain/csv.ts';
import { microsToDecimal, type CostCategory, type CostRecord } from '../../domain/usage/cost-record.ts';
import { usageCategory } from '../../domain/usage/usage-categories.ts';
import { formatDay } from '../../domain/usage/usage-periods.ts';
import { Nullable } from './common.ts';
import { decimalQuantity } from './usage-record.ts';

const Money = Type.Object({ price: Type.String(), price_unit: Type.String() });

export const CostReportJson = Type.Object({
  account_sid: Type.String(),
  by: Type.String({ description: 'number or service' }),
  start_date: Type.String(),
  end_date: Type.String(),
  include_subaccounts: Type.Boolean(),
  totals: Type.Array(Money, { description: 'One per currency billed' }),
  items: Type.Array(Type.Object({
    sid: Nullable(Type.String({ description: 'PN... (By=number) or the KS/MG service (By=service); null for costs of no number/service' })),
    phone_number: Nullable(Type.String()),
    totals: Type.Array(Money),
    categories: Type.Array(Type.Object({ category: Type.String(), count: Type.String(), usage: Type.String(), usage_unit: Type.String(), ...Money.properties })),
  })),
});

const moneyOf = (totals: ReadonlyMap<string, number>) => [...totals].map(([currency, micros]) => ({ price: microsToDecimal(micros), price_unit: currency }));

/** Usage as Usage Records show it (call seconds as minutes), and its unit. */
const usageOf = (category: CostCategory, usage: number): { usage: string; unit: string } => {
  const spec = usageCategory(category);
  return { usage: decimalQuantity(usage / (spec?.usagePerUnit ?? 1)), unit: spec?.usageUnit ?? '' };
};

const itemJson = (item: CostReportItem) => ({
  sid: item.key === '' ? null : item.key,
  phone_number: item.phoneNumber,
  totals: moneyOf(item.totals),
  categories: item.lines.map((line) => {
    const { usage, unit } = usageOf(line.category, line.usage);
    return { category: line.category, count: decimalQuantity(line.count), usage, usage_unit: unit, price: microsToDecimal(line.amountMicros), price_unit: line.currency };
  }),
});

export const serializeCostReport = (report: CostReport, accountSid: string, includeSubaccounts: boolean) => ({
  account_sid: accountSid,
  by: report.by,
  start_date: formatDay(report.days.firstDay),
  end_date: formatDay(report.days.lastDay),
  include_subaccounts: includeSubaccounts,
  totals: moneyOf(report.totals),
  items: report.items.map(itemJson),
});

/** The report as CSV: one line per (number or service, category). */
export function* costReportCsv(report: CostReport): Generator<string> {
  yield csvLine([report.by === 'number' ? 'number_sid' : 'service_sid', 'phone_number', 'category', 'count', 'usage', 'usage_unit', 'price', 'price_unit']);
  for (const item of report.items) {
    for (const line of item.lines) {
      const { usage, unit } = usageOf(line.category, line.usage);
      yield csvLine([item.key, item.phoneNumber, line.category, decimalQuantity(line.count), usage, unit, microsToDecimal(line.amountMicros), line.currency]);
    }
  }
}

export const COST_RECORD_CSV_HEADER = csvLine([
  'sid', 'occurred_at', 'account_sid', 'category', 'resource_sid', 'number_sid', 'phone_number', 'service_sid', 'carrier',
  'quantity', 'unit', 'billable_quantity', 'rate', 'amount', 'currency', 'rate_card_version', 'event_key',
]);

export const costRecordCsvLine = (r: CostRecord): string => csvLine([
  r.sid, r.occurredAt.toISOString(), r.accountSid, r.category, r.resourceSid, r.numberSid, r.phoneNumber, r.serviceSid, r.carrier,
  decimalQuantity(r.quantity), r.unit, decimalQuantity(r.billableQuantity), microsToDecimal(r.rateMicros), microsToDecimal(r.amountMicros),
  r.currency, r.rateCardVersion, r.eventKey,
]);

// A 2010 UsageRecord (did-wire-contract §3.3): every quantity a decimal string (twilio-node keeps them
// strings), dates as YYYY-MM-DD and `as_of` as YYYY-MM-DDTHH:MM:SS+00:00, as Twilio answers. `uri` names
// the record's own days and category; `subresource_uris` the same category over the other periods.
import { Type } from '@sinclair/typebox';
import { microsToDecimal } from '../../domain/usage/cost-record.ts';
import { formatAsOf, formatDay, type UsageSubresource } from '../../domain/usage/usage-periods.ts';
import type { UsageRecordValue } from '../../domain/usage/usage-records.ts';
import { Nullable } from './common.ts';

export const UsageRecordJson = Type.Object({
  account_sid: Type.String(),
  api_version: Type.String(),
  as_of: Type.String({ description: 'YYYY-MM-DDTHH:MM:SS+00:00' }),
  category: Type.String(),
  count: Type.String(),
  count_unit: Type.String(),
  description: Type.String(),
  end_date: Type.String({ description: 'YYYY-MM-DD, included' }),
  price: Nullable(Type.String({ description: 'Decimal; null when the records are in more than one currency' })),
  price_unit: Nullable(Type.String()),
  start_date: Type.String({ description: 'YYYY-MM-DD' }),
  subresource_uris: Type.Record(Type.String(), Type.String()),
  uri: Type.String(),
  usage: Type.String(),
  usage_unit: Type.String(),
});

/** A quantity as a decimal string (minutes from seconds are fractions: 90 s is 1.5); float noise below a millionth is not. */
export const decimalQuantity = (value: number): string => String(Math.round(value * 1_000_000) / 1_000_000);

const SUBRESOURCE_KEYS: readonly (readonly [string, UsageSubresource])[] = [
  ['all_time', 'AllTime'], ['today', 'Today'], ['yesterday', 'Yesterday'], ['this_month', 'ThisMonth'],
  ['last_month', 'LastMonth'], ['daily', 'Daily'], ['monthly', 'Monthly'], ['yearly', 'Yearly'],
];

export const usageRecordsPath = (accountSid: string, subresource: UsageSubresource): string =>
  `/2010-04-01/Accounts/${accountSid}/Usage/Records${subresource === 'Records' ? '' : `/${subresource}`}.json`;

export interface UsageRecordContext {
  readonly accountSid: string;
  readonly subresource: UsageSubresource;
  readonly asOf: Date;
}

export const serializeUsageRecord = (record: UsageRecordValue, ctx: UsageRecordContext) => {
  const { category } = record;
  const price = record.amountMicros === null ? null : microsToDecimal(record.amountMicros);
  const name = encodeURIComponent(category.name);
  const [startDate, endDate] = [formatDay(record.days.firstDay), formatDay(record.days.lastDay)];
  return {
    account_sid: ctx.accountSid,
    api_version: '2010-04-01',
    as_of: formatAsOf(ctx.asOf),
    category: category.name,
    count: category.priceOnly ? '0' : decimalQuantity(record.count),
    count_unit: category.countUnit,
    description: category.description,
    end_date: endDate,
    price,
    price_unit: record.currency,
    start_date: startDate,
    subresource_uris: Object.fromEntries(SUBRESOURCE_KEYS.map(([key, sub]) => [key, `${usageRecordsPath(ctx.accountSid, sub)}?Category=${name}`])),
    uri: `${usageRecordsPath(ctx.accountSid, ctx.subresource)}?Category=${name}&StartDate=${startDate}&EndDate=${endDate}`,
    usage: category.priceOnly ? (price ?? '0') : decimalQuantity(record.usage / category.usagePerUnit),
    usage_unit: category.priceOnly ? (record.currency ?? '') : category.usageUnit,
  };
};

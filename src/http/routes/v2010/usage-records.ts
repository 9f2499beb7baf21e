// /2010-04-01/Accounts/{AccountSid}/Usage/Records[.json | /{AllTime|Daily|LastMonth|Monthly|ThisMonth|
// Today|Yearly|Yesterday}.json]: the account's usage by category, as twilio-node's client.usage.records
// lists read it (docs/usage.md "Usage Records"). Filters Category, StartDate, EndDate (YYYY-MM-DD or
// -30days), IncludeSubaccounts (default true, as Twilio); 2010 paging with a PageToken (bad one: 21481).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listUsageRecords, usageRecordCursor } from '../../../app/list-usage-records.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { USAGE_SUBRESOURCES, type UsageSubresource } from '../../../domain/usage/usage-periods.ts';
import { PageEnvelope2010, pageEnvelope2010, parsePageQuery2010 } from '../../paging-2010.ts';
import { PageQuery } from '../../paging.ts';
import { serializeUsageRecord, UsageRecordJson } from '../../serializers/usage-record.ts';
import { ERRORS, mountPathOf, type RouteContext } from '../common.ts';
import { urlAccount } from './url-account.ts';

export const UsageQuery = Type.Object({
  ...PageQuery.properties,
  Category: Type.Optional(Type.String({ description: 'A usage category: sms, sms-outbound-longcode, calls, phonenumbers, totalprice...' })),
  StartDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD (UTC), or days from today such as -30days' })),
  EndDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD (UTC, included), or days from today such as +0days' })),
  IncludeSubaccounts: Type.Optional(Type.String({ description: "true (the default, as Twilio's) adds the subaccounts' usage; false only the account's" })),
});
const Params = Type.Object({ AccountSid: Type.String() });
const RecordList = Type.Object({ ...PageEnvelope2010, usage_records: Type.Array(UsageRecordJson) });

/** Twilio's booleans: true/false in any case; absent means `fallback`. */
export const booleanParam = (name: string, value: string | undefined, fallback: boolean): boolean => {
  if (value === undefined || value === '') return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw invalidParameter(name, 'Expected true or false.');
};

const SUMMARIES: Readonly<Record<UsageSubresource, string>> = {
  Records: 'Usage by category over the period (default: all time)',
  AllTime: 'Usage by category, all time',
  Daily: 'Usage by category and day (default: the last 30 days and today)',
  Monthly: 'Usage by category and month',
  Yearly: 'Usage by category and year',
  Today: 'Usage by category today (UTC)',
  Yesterday: 'Usage by category yesterday (UTC)',
  ThisMonth: 'Usage by category this month so far',
  LastMonth: 'Usage by category last month',
};

export const usageRecordRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Usage'];
  for (const subresource of USAGE_SUBRESOURCES) {
    const path = `/2010-04-01/Accounts/:AccountSid/Usage/Records${subresource === 'Records' ? '' : `/${subresource}`}.json`;
    app.get(path, {
      schema: { tags, summary: SUMMARIES[subresource], params: Params, querystring: UsageQuery, response: { 200: RecordList, ...ERRORS } },
    }, async (request) => {
      const accountSid = await urlAccount(request, ctx, request.params.AccountSid);
      const { query } = request;
      const parsed = parsePageQuery2010(query);
      const result = await listUsageRecords(ctx.deps, {
        accountSid, subresource, category: query.Category, startDate: query.StartDate, endDate: query.EndDate,
        includeSubaccounts: booleanParam('IncludeSubaccounts', query.IncludeSubaccounts, true),
      }, parsed.request);
      const filters = { Category: query.Category, StartDate: query.StartDate, EndDate: query.EndDate, IncludeSubaccounts: query.IncludeSubaccounts };
      const keyed = { items: result.page.items.map(usageRecordCursor), hasMore: result.page.hasMore };
      return {
        ...pageEnvelope2010(mountPathOf(request, ctx), parsed, keyed, filters),
        usage_records: result.page.items.map((record) => serializeUsageRecord(record, { accountSid, subresource, asOf: result.asOf })),
      };
    });
  }
};

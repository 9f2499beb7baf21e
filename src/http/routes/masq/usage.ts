// masq extension: cost reports and exports (docs/usage.md "Cost reports and CSV"), for the account the
// request authenticated as (and its subaccounts with IncludeSubaccounts=true, the default as in Usage Records).
//   GET /masq/v1/Usage/Costs?By=number|service   what each number or service cost, by category (JSON)
//   GET /masq/v1/Usage/Costs.csv                 the same report as CSV
//   GET /masq/v1/Usage/CostRecords.csv           every cost record of the period, streamed page by page
// Filters: StartDate, EndDate (YYYY-MM-DD or -30days; default this month so far), Category (one or a comma list).
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { costReport, type CostReportBy } from '../../../app/cost-report.ts';
import { exportCostRecords } from '../../../app/export-cost-records.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { isCategoryName } from '../../../domain/usage/usage-categories.ts';
import { formatDay, type DayPeriod } from '../../../domain/usage/usage-periods.ts';
import { accountOf } from '../../plugins/auth.ts';
import { COST_RECORD_CSV_HEADER, CostReportJson, costRecordCsvLine, costReportCsv, serializeCostReport } from '../../serializers/cost-report.ts';
import { ERRORS, type RouteContext } from '../common.ts';
import { booleanParam } from '../v2010/usage-records.ts';

const Filters = {
  StartDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD (UTC), or days from today such as -30days; default the 1st of this month' })),
  EndDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD (UTC, included); default today' })),
  Category: Type.Optional(Type.String({ description: 'Usage categories, comma-separated (sms stands for every sms-in/out-*)' })),
  IncludeSubaccounts: Type.Optional(Type.String({ description: 'true (default) or false' })),
};
const ReportQuery = Type.Object({ By: Type.Optional(Type.String({ description: 'number (default) or service' })), ...Filters });
const RecordsQuery = Type.Object(Filters);
type FilterValues = Static<typeof RecordsQuery>;

const CSV_TYPE = 'text/csv; charset=utf-8';
const CSV_DOC = { 200: Type.String({ description: 'text/csv (RFC 4180)' }), ...ERRORS };

const byOf = (value: string | undefined): CostReportBy => {
  if (value === undefined || value === '' || value === 'number') return 'number';
  if (value === 'service') return 'service';
  throw invalidParameter('By', "Expected 'number' or 'service'.");
};

const categoriesOf = (value: string | undefined): string[] | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const bad = names.find((n) => !isCategoryName(n));
  if (bad !== undefined) throw invalidParameter('Category', `'${bad}' is not a usage category name.`);
  return names;
};

const filtersOf = (accountSid: string, query: FilterValues) => ({
  accountSid, startDate: query.StartDate, endDate: query.EndDate, categories: categoriesOf(query.Category),
  includeSubaccounts: booleanParam('IncludeSubaccounts', query.IncludeSubaccounts, true),
});

const sendCsv = (reply: FastifyReply, name: string, days: DayPeriod, lines: AsyncIterable<string> | Iterable<string>) =>
  reply
    .type(CSV_TYPE)
    .header('content-disposition', `attachment; filename="${name}-${formatDay(days.firstDay)}-${formatDay(days.lastDay)}.csv"`)
    .send(Readable.from(lines));

export const masqUsageRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Usage'];

  app.get('/masq/v1/Usage/Costs', {
    schema: { tags, summary: 'What each number or service cost over a period, by category', querystring: ReportQuery, response: { 200: CostReportJson, ...ERRORS } },
  }, async (request) => {
    const filters = filtersOf(accountOf(request).sid, request.query);
    const report = await costReport(ctx.deps, { ...filters, by: byOf(request.query.By) });
    return serializeCostReport(report, filters.accountSid, filters.includeSubaccounts);
  });

  app.get('/masq/v1/Usage/Costs.csv', {
    schema: { tags, summary: 'The cost report as CSV', querystring: ReportQuery, response: CSV_DOC, produces: ['text/csv'] },
  }, async (request, reply) => {
    const report = await costReport(ctx.deps, { ...filtersOf(accountOf(request).sid, request.query), by: byOf(request.query.By) });
    return sendCsv(reply, `costs-by-${report.by}`, report.days, costReportCsv(report));
  });

  app.get('/masq/v1/Usage/CostRecords.csv', {
    schema: { tags, summary: 'Every cost record of the period as CSV, oldest first', querystring: RecordsQuery, response: CSV_DOC, produces: ['text/csv'] },
  }, async (request, reply) => {
    const exported = await exportCostRecords(ctx.deps, filtersOf(accountOf(request).sid, request.query));
    async function* lines(): AsyncGenerator<string> {
      yield COST_RECORD_CSV_HEADER;
      for await (const page of exported.pages) yield page.map(costRecordCsvLine).join('');
    }
    return sendCsv(reply, 'cost-records', exported.days, lines());
  });
};

// The 2010 Usage Records through the official twilio client, on SQLite and PostgreSQL: every subresource
// over its Twilio period, the categories and their parents, IncludeSubaccounts, the filters as the client
// sends them (its dates become YYYY-MM-DD; relative ones pass through), paging with PageToken, and the
// refusals. Cost records are seeded as rating writes them; the clock is fixed at 2026-03-15 10:00 UTC.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import type { CostRecord } from '../../src/domain/usage/cost-record.ts';
import { aCostRecord } from '../support/cost-records.ts';
import { sid } from '../support/fixtures.ts';
import { DIALECTS, startUsageApi, type UsageApi } from '../support/usage-api.ts';
import { ACCOUNT_SID, OTHER_SID } from './support.ts';

const CREATED = new Date('2025-01-10T09:00:00Z');
const NOW = new Date('2026-03-15T10:00:00Z');
const SUB_SID = `AC${'5'.repeat(32)}`;
const SUB_TOKEN = 'sub-token';
const PN_A = sid('phoneNumber');
const PN_B = sid('phoneNumber');

const at = (iso: string): Date => new Date(iso);
const SEED = (): CostRecord[] => [
  aCostRecord(ACCOUNT_SID, { occurredAt: at('2025-12-05T23:59:59Z'), quantity: 2, billableQuantity: 2, amountMicros: 16600, numberSid: PN_A, phoneNumber: '+14155550100' }),
  aCostRecord(ACCOUNT_SID, { occurredAt: at('2025-12-06T00:00:00Z'), numberSid: PN_A, phoneNumber: '+14155550100' }),
  aCostRecord(ACCOUNT_SID, { occurredAt: at('2026-02-10T12:00:00Z'), category: 'calls-inbound-local', unit: 'seconds', quantity: 61, billableQuantity: 120, rateMicros: 8500, amountMicros: 17000, numberSid: PN_A }),
  aCostRecord(ACCOUNT_SID, { occurredAt: at('2026-03-01T00:00:00Z'), category: 'sms-inbound-tollfree', rateMicros: 7900, amountMicros: 7900, numberSid: PN_B }),
  aCostRecord(ACCOUNT_SID, { occurredAt: at('2026-03-14T08:00:00Z'), category: 'phonenumbers-local', unit: 'numbers', rateMicros: 1_150_000, amountMicros: 1_150_000, numberSid: PN_A }),
  aCostRecord(ACCOUNT_SID, { occurredAt: at('2026-03-15T09:59:00Z'), category: 'mms-outbound', unit: 'messages', rateMicros: 20000, amountMicros: 20000, numberSid: PN_B }),
  aCostRecord(SUB_SID, { occurredAt: at('2026-03-10T10:00:00Z') }),
  aCostRecord(OTHER_SID, { occurredAt: at('2026-03-10T10:00:00Z'), amountMicros: 999_000_000 }),
];

/** What the client's record instances share (its typings say `price: number`; on the wire it is a decimal string, kept as is). */
interface UsageRecord { readonly category: string; readonly count: string; readonly usage: string; readonly price: unknown; readonly startDate: Date; readonly endDate: Date }
const byCategory = <T extends { category: string }>(records: readonly T[], category: string): T => {
  const found = records.find((r) => r.category === category);
  assert.ok(found, `no ${category} record`);
  return found;
};
const ymd = (d: Date): string => d.toISOString().slice(0, 10);
const line = (r: UsageRecord): string => `${ymd(r.startDate)}..${ymd(r.endDate)} ${r.category} ${r.count}/${r.usage}/${String(r.price)}`;

const failure = async (work: Promise<unknown>): Promise<{ status: number; code: number | undefined }> => {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof twilio.RestException, String(err));
    return { status: err.status, code: err.code };
  }
  throw new Error('expected the request to fail');
};

for (const dialect of DIALECTS) {
  describe(`Usage Records (${dialect})`, () => {
    let api: UsageApi;
    let client: ReturnType<typeof twilio>;

    before(async () => {
      api = await startUsageApi(dialect, CREATED, NOW);
      const store = api.runtime.deps.store;
      await store.createAccount({ sid: SUB_SID, friendlyName: 'sub', authToken: SUB_TOKEN, ownerAccountSid: ACCOUNT_SID, status: 'active', dateCreated: CREATED, dateUpdated: CREATED });
      await store.recordCosts(SEED());
      client = api.client();
    });
    after(async () => { await api.close(); });

    test('ThisMonth: one record per category, zeros included, every field as Twilio has it', async () => {
      const records = await client.usage.records.thisMonth.list();
      const sms = byCategory(records, 'sms');
      assert.equal(sms.accountSid, ACCOUNT_SID);
      assert.equal(sms.apiVersion, '2010-04-01');
      assert.equal(sms.asOf, '2026-03-15T10:00:00+00:00');
      assert.ok(sms.startDate instanceof Date && sms.endDate instanceof Date, 'the client parsed the dates');
      assert.equal(line(sms), '2026-03-01..2026-03-15 sms 2/2/0.0162', 'the toll-free inbound SMS and the subaccount\'s, by default');
      assert.equal(sms.countUnit, 'messages');
      assert.equal(sms.usageUnit, 'segments');
      assert.equal(sms.priceUnit, 'usd');
      assert.equal(sms.description, 'SMS messages');
      assert.equal(sms.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records/ThisMonth.json?Category=sms&StartDate=2026-03-01&EndDate=2026-03-15`);
      assert.equal(sms.subresourceUris.daily, `/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records/Daily.json?Category=sms`);
      assert.deepEqual(Object.keys(sms.subresourceUris).sort(), ['all_time', 'daily', 'last_month', 'monthly', 'this_month', 'today', 'yearly', 'yesterday']);
      assert.equal(line(byCategory(records, 'calls')), '2026-03-01..2026-03-15 calls 0/0/0');
      assert.equal(line(byCategory(records, 'phonenumbers')), '2026-03-01..2026-03-15 phonenumbers 1/1/1.15');
      const total = byCategory(records, 'totalprice');
      assert.equal(line(total), '2026-03-01..2026-03-15 totalprice 0/1.1862/1.1862');
      assert.equal(total.usageUnit, 'usd');
      assert.deepEqual(records.map((r) => r.category), [...records.map((r) => r.category)].sort(), 'by category name');
    });

    test('IncludeSubaccounts=false leaves the subaccounts out; the subaccount reads its own; another account sees none of it', async () => {
      const own = await client.usage.records.thisMonth.list({ category: 'sms', includeSubaccounts: false });
      assert.deepEqual(own.map(line), ['2026-03-01..2026-03-15 sms 1/1/0.0079']);
      const sub = twilio(SUB_SID, SUB_TOKEN);
      sub.api.baseUrl = `${api.origin}/api`;
      assert.deepEqual((await sub.usage.records.thisMonth.list({ category: 'sms' })).map(line), ['2026-03-01..2026-03-15 sms 1/1/0.0083']);
      assert.deepEqual(await failure(sub.api.v2010.accounts(ACCOUNT_SID).usage.records.list()), { status: 404, code: 20404 });
      const viaOwner = await client.api.v2010.accounts(SUB_SID).usage.records.thisMonth.list({ category: 'totalprice' });
      assert.deepEqual(viaOwner.map((r) => [r.accountSid, r.price]), [[SUB_SID, '0.0083']], "the owner's token reaches the subaccount's usage");
    });

    test('Daily over the dates the client sends; parents and leaves agree; days are UTC', async () => {
      const days = await client.usage.records.daily.list({ category: 'sms', startDate: new Date('2025-12-04T00:00:00Z'), endDate: new Date('2025-12-07T00:00:00Z') });
      assert.deepEqual(days.map(line), [
        '2025-12-04..2025-12-04 sms 0/0/0', '2025-12-05..2025-12-05 sms 1/2/0.0166', '2025-12-06..2025-12-06 sms 1/1/0.0083', '2025-12-07..2025-12-07 sms 0/0/0',
      ]);
      const outbound = await client.usage.records.daily.list({ category: 'sms-outbound-longcode', startDate: new Date('2025-12-05T00:00:00Z'), endDate: new Date('2025-12-05T00:00:00Z') });
      assert.deepEqual(outbound.map(line), ['2025-12-05..2025-12-05 sms-outbound-longcode 1/2/0.0166']);
      const defaults = await client.usage.records.daily.list({ category: 'totalprice' });
      assert.equal(defaults.length, 31, 'the last 30 days and today');
      assert.equal(ymd(defaults[0]?.startDate ?? new Date(0)), '2026-02-13');
    });

    test('Monthly, Yearly, AllTime, Records, Today, Yesterday and LastMonth cover their periods', async () => {
      const calls = await client.usage.records.monthly.list({ category: 'calls', startDate: new Date('2025-12-15T00:00:00Z'), endDate: new Date('2026-03-15T00:00:00Z') });
      assert.deepEqual(calls.map(line), [
        '2025-12-15..2025-12-31 calls 0/0/0', '2026-01-01..2026-01-31 calls 0/0/0', '2026-02-01..2026-02-28 calls 1/2/0.017', '2026-03-01..2026-03-15 calls 0/0/0',
      ], '120 billable seconds are 2 minutes');
      const years = await client.usage.records.yearly.list({ category: 'totalprice', includeSubaccounts: false });
      assert.deepEqual(years.map(line), ['2025-01-10..2025-12-31 totalprice 0/0.0249/0.0249', '2026-01-01..2026-03-15 totalprice 0/1.1949/1.1949']);
      const allTime = await client.usage.records.allTime.list({ category: 'sms', includeSubaccounts: false });
      assert.deepEqual(allTime.map(line), ['2025-01-10..2026-03-15 sms 3/4/0.0328']);
      assert.deepEqual((await client.usage.records.list({ category: 'sms', includeSubaccounts: false })).map(line), allTime.map(line));
      assert.deepEqual((await client.usage.records.today.list({ category: 'mms' })).map(line), ['2026-03-15..2026-03-15 mms 1/1/0.02']);
      assert.deepEqual((await client.usage.records.yesterday.list({ category: 'phonenumbers-local' })).map(line), ['2026-03-14..2026-03-14 phonenumbers-local 1/1/1.15']);
      assert.deepEqual((await client.usage.records.lastMonth.list({ category: 'totalprice' })).map(line), ['2026-02-01..2026-02-28 totalprice 0/0.017/0.017']);
    });

    test("relative dates as Twilio takes them: StartDate=-30days", async () => {
      // The client's typings take Dates; on the wire these are the strings Twilio documents.
      const res = await api.get(`/api/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records.json?Category=totalprice&StartDate=-30days&EndDate=%2B0days`);
      assert.equal(res.status, 200, res.text);
      const body: unknown = JSON.parse(res.text);
      assert.ok(typeof body === 'object' && body !== null && 'usage_records' in body && Array.isArray(body.usage_records));
      assert.deepEqual(body.usage_records.map((r: unknown) => (typeof r === 'object' && r !== null && 'start_date' in r && 'end_date' in r && 'price' in r ? [r.start_date, r.end_date, r.price] : null)),
        [['2026-02-13', '2026-03-15', '1.1862']]);
    });

    test('paging: the client follows next_page_uri through every record once, in order; PageToken goes both ways', async () => {
      const params = { startDate: new Date('2026-03-01T00:00:00Z'), endDate: new Date('2026-03-05T00:00:00Z') };
      const whole = await client.usage.records.daily.list({ ...params, pageSize: 1000 });
      const paged = await client.usage.records.daily.list({ ...params, pageSize: 7 });
      assert.equal(whole.length, 5 * byDayCount(whole));
      assert.deepEqual(paged.map(line), whole.map(line));
      const first = await client.usage.records.daily.page({ ...params, pageSize: 7 });
      const second = await first.nextPage();
      assert.ok(second);
      assert.deepEqual(second.instances.map(line), whole.slice(7, 14).map(line));
      const back = await second.previousPage();
      assert.ok(back);
      assert.deepEqual(back.instances.map(line), whole.slice(0, 7).map(line));
      const deep = await client.usage.records.daily.page({ ...params, pageSize: 7, pageNumber: 2 });
      assert.deepEqual(deep.instances.map(line), whole.slice(14, 21).map(line), 'Page without a token is an offset');
    });

    test('the envelope echoes the filters, and a forged PageToken is 21481', async () => {
      const res = await api.get(`/api/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records/Daily.json?Category=sms&StartDate=2026-03-01&EndDate=2026-03-03&PageSize=2`);
      assert.equal(res.status, 200);
      const body: unknown = JSON.parse(res.text);
      assert.ok(typeof body === 'object' && body !== null && 'next_page_uri' in body && 'usage_records' in body && 'uri' in body);
      assert.match(String(body.uri), /^\/2010-04-01\/Accounts\/AC1{32}\/Usage\/Records\/Daily\.json\?Category=sms&StartDate=2026-03-01&EndDate=2026-03-03&PageSize=2&Page=0$/);
      assert.match(String(body.next_page_uri), /Category=sms&StartDate=2026-03-01&EndDate=2026-03-03&PageSize=2&Page=1&PageToken=PT/);
      for (const token of ['nonsense', 'PTeyJkIjoiYWZ0ZXIiLCJ0IjowLCJzIjoiUDk5OTkifQ']) {
        assert.deepEqual(await failure(client.usage.records.daily.page({ pageToken: token })), { status: 400, code: 21481 }, token);
      }
    });

    test('bad filters are 400s; a category masq does not keep lists nothing', async () => {
      for (const query of ['StartDate=2026-02-30', 'EndDate=yesterday', 'StartDate=2026-03-10&EndDate=2026-03-01', 'Category=SMS%3Bdrop', 'IncludeSubaccounts=maybe']) {
        const res = await api.get(`/api/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records.json?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(JSON.parse(res.text).code, 80701, query);
      }
      assert.equal((await failure(client.usage.records.list({ startDate: new Date('2026-03-10T00:00:00Z'), endDate: new Date('2026-03-01T00:00:00Z') }))).status, 400);
      assert.deepEqual(await client.usage.records.list({ category: 'recordings' }), []);
    });

    test('the same list at the root as under /api', async () => {
      const root = await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records/Today.json?Category=mms`);
      const prefixed = await api.get(`/api/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records/Today.json?Category=mms`);
      assert.equal(root.status, 200);
      assert.equal(root.text, prefixed.text);
    });
  });
}

/** Categories per day in a Daily list (every day lists every category). */
const byDayCount = (records: readonly UsageRecord[]): number => new Set(records.map((r) => r.category)).size;

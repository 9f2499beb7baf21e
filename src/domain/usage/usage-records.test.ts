// Usage Records as a customer reads them: the parents sum their children, every category is listed even
// at zero, periods follow the calendar in UTC, and a page is a window of a list whose order never moves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COST_CATEGORIES } from './cost-record.ts';
import { isCategoryName, leafCategoriesOf, USAGE_CATEGORIES, usageCategory } from './usage-categories.ts';
import { bucketAt, bucketCount, defaultPeriod, formatAsOf, formatDay, parseUsageDate, type UsagePeriod } from './usage-periods.ts';
import { bucketsOfWindow, recordCount, usageRecordsAt, type UsageSum } from './usage-records.ts';

const day = (text: string): Date => new Date(`${text}T00:00:00.000Z`);
const NOW = new Date('2026-03-15T10:20:30.400Z');

describe('categories', () => {
  test("the parents are Twilio's aggregates of the leaves", () => {
    assert.deepEqual(leafCategoriesOf(['sms']), ['sms-inbound-longcode', 'sms-inbound-tollfree', 'sms-inbound-shortcode', 'sms-outbound-longcode', 'sms-outbound-tollfree', 'sms-outbound-shortcode']);
    assert.deepEqual(leafCategoriesOf(['calls-inbound']), ['calls-inbound-local', 'calls-inbound-tollfree', 'calls-inbound-mobile']);
    assert.deepEqual(leafCategoriesOf(['totalprice']), [...COST_CATEGORIES]);
    assert.deepEqual(leafCategoriesOf(['mms', 'mms-inbound']), ['mms-inbound', 'mms-outbound'], 'no leaf twice');
    assert.deepEqual(leafCategoriesOf(['recordings']), [], 'a category masq does not keep has no leaves');
  });

  test('every leaf is listed once, with the parents and totalprice, by name', () => {
    const names = USAGE_CATEGORIES.map((c) => c.name);
    assert.deepEqual(names, [...names].sort());
    assert.equal(new Set(names).size, names.length);
    for (const leaf of COST_CATEGORIES) assert.ok(names.includes(leaf));
    for (const parent of ['sms', 'sms-inbound', 'sms-outbound', 'mms', 'calls', 'calls-inbound', 'phonenumbers', 'totalprice']) assert.ok(names.includes(parent), parent);
    assert.equal(usageCategory('calls')?.usageUnit, 'minutes');
    assert.equal(usageCategory('calls')?.usagePerUnit, 60, 'call legs are stored in seconds');
  });

  test('category names are lower-case words joined by hyphens', () => {
    for (const ok of ['sms', 'a2p-10dlc-registrationfees-monthly']) assert.ok(isCategoryName(ok));
    for (const bad of ['', 'SMS', 'sms--inbound', '-sms', "sms'; drop", 'x'.repeat(65)]) assert.ok(!isCategoryName(bad), bad);
  });
});

describe('periods', () => {
  test('StartDate and EndDate: YYYY-MM-DD, or days from today', () => {
    assert.deepEqual(parseUsageDate('2026-02-28', NOW), day('2026-02-28'));
    assert.deepEqual(parseUsageDate('-30days', NOW), day('2026-02-13'));
    assert.deepEqual(parseUsageDate('+1days', NOW), day('2026-03-16'));
    assert.deepEqual(parseUsageDate('-0days', NOW), day('2026-03-15'));
    for (const bad of ['2026-02-29', '2026-13-01', '2026-3-1', 'yesterday', '-30', '30days', '-99999999days', '1969-12-31', '']) {
      assert.equal(parseUsageDate(bad, NOW), null, bad);
    }
  });

  test('each subresource has the default days Twilio gives it', () => {
    const since = new Date('2025-11-20T08:00:00Z');
    const days = (sub: Parameters<typeof defaultPeriod>[0]) => {
      const p = defaultPeriod(sub, NOW, since);
      return `${formatDay(p.firstDay)}..${formatDay(p.lastDay)}`;
    };
    assert.equal(days('Today'), '2026-03-15..2026-03-15');
    assert.equal(days('Yesterday'), '2026-03-14..2026-03-14');
    assert.equal(days('ThisMonth'), '2026-03-01..2026-03-15');
    assert.equal(days('LastMonth'), '2026-02-01..2026-02-28');
    assert.equal(days('Daily'), '2026-02-13..2026-03-15');
    assert.equal(days('AllTime'), '2025-11-20..2026-03-15');
    assert.equal(days('Monthly'), '2025-11-20..2026-03-15');
  });

  test('month and year buckets follow the calendar, clamped to the period', () => {
    const period: UsagePeriod = { firstDay: day('2025-11-20'), lastDay: day('2026-03-15'), bucketing: 'month' };
    assert.equal(bucketCount(period), 5);
    assert.deepEqual([0, 1, 4].map((i) => bucketAt(period, i)).map((b) => `${formatDay(b.firstDay)}..${formatDay(b.lastDay)}`),
      ['2025-11-20..2025-11-30', '2025-12-01..2025-12-31', '2026-03-01..2026-03-15']);
    const years: UsagePeriod = { ...period, bucketing: 'year' };
    assert.equal(bucketCount(years), 2);
    assert.equal(formatDay(bucketAt(years, 1).firstDay), '2026-01-01');
    assert.equal(bucketCount({ ...period, bucketing: 'day' }), 116);
    assert.equal(bucketCount({ ...period, bucketing: 'all' }), 1);
  });

  test('as_of is Twilio\'s YYYY-MM-DDTHH:MM:SS+00:00', () => {
    assert.equal(formatAsOf(NOW), '2026-03-15T10:20:30+00:00');
  });
});

describe('records', () => {
  const period: UsagePeriod = { firstDay: day('2026-03-01'), lastDay: day('2026-03-03'), bucketing: 'day' };
  const sms = usageCategory('sms');
  const inbound = usageCategory('sms-inbound');
  const total = usageCategory('totalprice');
  assert.ok(sms && inbound && total);
  const categories = [inbound, sms, total];
  const sum = (category: string, date: string, amountMicros: number, currency = 'usd'): UsageSum =>
    ({ category, periodStart: day(date), count: 2, usage: 3, amountMicros, currency });

  test('one record per day and category, zeros included, parents summed from their leaves', () => {
    const sums = [sum('sms-inbound-longcode', '2026-03-02', 8300), sum('sms-outbound-tollfree', '2026-03-02', 10000), sum('mms-outbound', '2026-03-02', 20000)];
    const records = usageRecordsAt(period, categories, { from: 0, to: 100 }, sums, 'usd');
    assert.equal(records.length, recordCount(period, categories));
    assert.deepEqual(records.map((r) => `${formatDay(r.days.firstDay)} ${r.category.name} ${r.count}/${r.usage}/${r.amountMicros}`), [
      '2026-03-01 sms-inbound 0/0/0', '2026-03-01 sms 0/0/0', '2026-03-01 totalprice 0/0/0',
      '2026-03-02 sms-inbound 2/3/8300', '2026-03-02 sms 4/6/18300', '2026-03-02 totalprice 6/9/38300',
      '2026-03-03 sms-inbound 0/0/0', '2026-03-03 sms 0/0/0', '2026-03-03 totalprice 0/0/0',
    ]);
    assert.ok(records.every((r) => r.currency === 'usd'));
  });

  test('a window is a slice of the same list, and names only its buckets', () => {
    const sums = [sum('sms-inbound-tollfree', '2026-03-03', 5)];
    const whole = usageRecordsAt(period, categories, { from: 0, to: 9 }, sums, 'usd');
    const slice = usageRecordsAt(period, categories, { from: 4, to: 7 }, sums, 'usd');
    assert.deepEqual(slice, whole.slice(4, 7));
    const buckets = bucketsOfWindow(period, categories, 4, 7);
    assert.deepEqual(buckets && [formatDay(buckets.first.firstDay), formatDay(buckets.last.lastDay)], ['2026-03-02', '2026-03-03']);
    assert.equal(bucketsOfWindow(period, categories, 9, 9), null);
  });

  test('records in two currencies have no single price', () => {
    const sums = [sum('sms-inbound-longcode', '2026-03-01', 100, 'usd'), sum('sms-inbound-longcode', '2026-03-01', 100, 'eur')];
    const [record] = usageRecordsAt(period, [inbound], { from: 0, to: 1 }, sums, 'usd');
    assert.equal(record?.amountMicros, null);
    assert.equal(record?.currency, null);
    assert.equal(record?.count, 4, 'the count still adds up');
  });
});

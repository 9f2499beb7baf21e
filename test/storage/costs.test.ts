import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultRateCard } from '../../src/domain/usage/rate-card.ts';
import { rateCallLeg, rateSms } from '../../src/domain/usage/rating.ts';
import type { CostRecord } from '../../src/domain/usage/cost-record.ts';
import type { Store } from '../../src/ports/store.ts';
import { aCostRecord } from '../support/cost-records.ts';
import { anAccount, sid } from '../support/fixtures.ts';
import { openWithAccount } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const d = (text: string): Date => new Date(text);

for (const s of STORES) {
  describe(`${s.name}: cost records`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    const everything = (o: { from?: Date; until?: Date } = {}) => ({
      accountSids: [accountSid], from: o.from ?? d('2000-01-01T00:00:00Z'), until: o.until ?? d('2100-01-01T00:00:00Z'), limit: 100,
    });

    it('stores a record and reads it back whole', async () => {
      const r = aCostRecord(accountSid, {
        numberSid: sid('phoneNumber'), phoneNumber: '+14155550100', serviceSid: sid('service'),
        category: 'calls-outbound', unit: 'seconds', quantity: 61, billableQuantity: 120, rateMicros: 14_000, amountMicros: 28_000,
      });
      await store.recordCosts([r]);
      assert.deepEqual(await store.listCostRecords(everything()), [r]);
    });

    it('skips a record whose event key is already stored, inside a transaction that stays usable', async () => {
      const first = aCostRecord(accountSid, { eventKey: 'KI1:in' });
      await store.recordCosts([first]);
      const retry = aCostRecord(accountSid, { eventKey: 'KI1:in', amountMicros: 999 });
      const other = aCostRecord(accountSid, { eventKey: 'KI1:out' });
      await store.transaction(async (tx) => {
        await tx.recordCosts([retry, other]);
        await tx.recordCosts([retry]);
      });
      const stored = await store.listCostRecords(everything());
      assert.deepEqual(new Set(stored.map((x) => x.sid)), new Set([first.sid, other.sid]));
    });

    it('writes nothing when the transaction rolls back', async () => {
      await assert.rejects(store.transaction(async (tx) => {
        await tx.recordCosts([aCostRecord(accountSid)]);
        throw new Error('event failed');
      }), /event failed/);
      assert.deepEqual(await store.listCostRecords(everything()), []);
    });

    it('sums per category and per UTC day, month and year, within [from, until)', async () => {
      const rec = (at: string, o: Partial<CostRecord> = {}) => aCostRecord(accountSid, { occurredAt: d(at), ...o });
      await store.recordCosts([
        rec('2026-01-31T23:59:59.999Z', { billableQuantity: 2, amountMicros: 16_600 }),
        rec('2026-02-01T00:00:00.000Z', { billableQuantity: 3, amountMicros: 24_900 }),
        rec('2026-02-01T10:00:00.000Z'),
        rec('2026-02-01T11:00:00.000Z', { category: 'sms-inbound-longcode' }),
        rec('2027-01-01T00:00:00.000Z'),
        rec('2025-12-31T23:59:59.999Z'), // before `from`
      ]);
      const q = { accountSids: [accountSid], from: d('2026-01-01T00:00:00Z'), until: d('2028-01-01T00:00:00Z') };
      const all = await store.summarizeUsage({ ...q, granularity: 'all' });
      assert.deepEqual(all.map((r) => [r.category, r.periodStart.toISOString(), r.count, r.usage, r.amountMicros, r.currency]), [
        ['sms-inbound-longcode', '2026-01-01T00:00:00.000Z', 1, 1, 8300, 'usd'],
        ['sms-outbound-longcode', '2026-01-01T00:00:00.000Z', 4, 7, 58_100, 'usd'],
      ]);
      const days = await store.summarizeUsage({ ...q, granularity: 'day', categories: ['sms-outbound-longcode'] });
      assert.deepEqual(days.map((r) => [r.periodStart.toISOString().slice(0, 10), r.count, r.usage]), [
        ['2026-01-31', 1, 2], ['2026-02-01', 2, 4], ['2027-01-01', 1, 1],
      ]);
      const months = await store.summarizeUsage({ ...q, granularity: 'month' });
      assert.deepEqual(months.map((r) => [r.periodStart.toISOString().slice(0, 7), r.category, r.count]), [
        ['2026-01', 'sms-outbound-longcode', 1], ['2026-02', 'sms-inbound-longcode', 1], ['2026-02', 'sms-outbound-longcode', 2],
        ['2027-01', 'sms-outbound-longcode', 1],
      ]);
      const years = await store.summarizeUsage({ ...q, granularity: 'year' });
      assert.deepEqual(years.map((r) => [r.periodStart.toISOString(), r.category, r.amountMicros]), [
        ['2026-01-01T00:00:00.000Z', 'sms-inbound-longcode', 8300], ['2026-01-01T00:00:00.000Z', 'sms-outbound-longcode', 49_800],
        ['2027-01-01T00:00:00.000Z', 'sms-outbound-longcode', 8300],
      ]);
    });

    it('sums beyond 32 bits exactly, and keeps each account (and currency) apart', async () => {
      const other = anAccount();
      await store.upsertAccount(other);
      await store.recordCosts([
        aCostRecord(accountSid, { category: 'phonenumbers-shortcode', unit: 'numbers', amountMicros: 3_000_000_000 }),
        aCostRecord(accountSid, { category: 'phonenumbers-shortcode', unit: 'numbers', amountMicros: 3_000_000_000 }),
        aCostRecord(accountSid, { category: 'phonenumbers-shortcode', unit: 'numbers', amountMicros: 1_000_000, currency: 'eur' }),
        aCostRecord(other.sid, { category: 'phonenumbers-shortcode', unit: 'numbers', amountMicros: 5 }),
      ]);
      const q = { from: d('2026-01-01T00:00:00Z'), until: d('2027-01-01T00:00:00Z'), granularity: 'all' as const };
      const mine = await store.summarizeUsage({ ...q, accountSids: [accountSid] });
      assert.deepEqual(mine.map((r) => [r.currency, r.amountMicros, r.count]), [['eur', 1_000_000, 1], ['usd', 6_000_000_000, 2]]);
      const both = await store.summarizeUsage({ ...q, accountSids: [accountSid, other.sid] });
      assert.equal(both.find((r) => r.currency === 'usd')?.amountMicros, 6_000_000_005);
      assert.deepEqual(await store.summarizeUsage({ ...q, accountSids: [] }), []);
    });

    it('reports per number and per service', async () => {
      const [pnA, pnB, ks] = [sid('phoneNumber'), sid('phoneNumber'), sid('service')];
      await store.recordCosts([
        aCostRecord(accountSid, { numberSid: pnA, phoneNumber: '+14155550100', serviceSid: ks }),
        aCostRecord(accountSid, { numberSid: pnA, phoneNumber: '+14155550100', serviceSid: ks, billableQuantity: 2, amountMicros: 16_600 }),
        aCostRecord(accountSid, { numberSid: pnB, phoneNumber: '+14155550101', category: 'phonenumbers-local', unit: 'numbers', amountMicros: 1_150_000 }),
        aCostRecord(accountSid, { category: 'a2p-10dlc-registrationfees-brandregistration', unit: 'registrations', amountMicros: 4_000_000 }),
      ]);
      const range = { accountSids: [accountSid], from: d('2026-03-01T00:00:00Z'), until: d('2026-04-01T00:00:00Z') };
      const byNumber = await store.costReport({ ...range, by: 'number' });
      const expectedNumbers = [
        { key: pnA, phoneNumber: '+14155550100', category: 'sms-outbound-longcode', count: 2, usage: 3, amountMicros: 24_900, currency: 'usd' },
        { key: pnB, phoneNumber: '+14155550101', category: 'phonenumbers-local', count: 1, usage: 1, amountMicros: 1_150_000, currency: 'usd' },
      ].sort((a, b) => a.key.localeCompare(b.key));
      assert.deepEqual(byNumber, expectedNumbers);
      assert.deepEqual(await store.costReport({ ...range, by: 'service' }), [
        { key: ks, phoneNumber: null, category: 'sms-outbound-longcode', count: 2, usage: 3, amountMicros: 24_900, currency: 'usd' },
      ]);
    });

    it('sums exactly what rating priced, per category and per day (property)', async () => {
      const card = defaultRateCard('twilio');
      const event = fc.record({
        kind: fc.constantFrom('sms', 'call'),
        direction: fc.constantFrom('inbound' as const, 'outbound' as const),
        numberType: fc.constantFrom('local' as const, 'tollfree' as const, 'mobile' as const),
        body: fc.string({ maxLength: 400, unit: fc.constantFrom('a', '€', 'ç', '😀', ' ') }),
        seconds: fc.integer({ min: 0, max: 4000 }),
        minute: fc.integer({ min: 0, max: 31 * 24 * 60 - 1 }),
      });
      let round = 0;
      await fc.assert(fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 25 }), async (events) => {
        round += 1;
        const account = anAccount();
        await store.upsertAccount(account);
        const rated = events.flatMap((e, i) => {
          const occurredAt = new Date(Date.UTC(2026, 2, 1) + e.minute * 60_000);
          const priced = e.kind === 'sms'
            ? rateSms(card, { direction: e.direction, numberType: e.numberType, body: e.body, counterpart: '+14155550100' })
            : [rateCallLeg(card, { direction: e.direction, numberType: e.numberType, durationSeconds: e.seconds })].flatMap((p) => (p ? [p] : []));
          return priced.map((p, j) => aCostRecord(account.sid, { ...p, eventKey: `r${round}:${i}:${j}`, occurredAt }));
        });
        await store.recordCosts(rated);
        const q = { accountSids: [account.sid], from: new Date(Date.UTC(2026, 2, 1)), until: new Date(Date.UTC(2026, 3, 1)) };
        const expected = new Map<string, number>();
        for (const r of rated) expected.set(r.category, (expected.get(r.category) ?? 0) + r.amountMicros);
        const all = await store.summarizeUsage({ ...q, granularity: 'all' });
        assert.deepEqual(new Map(all.map((r) => [r.category, r.amountMicros])), expected);
        const days = await store.summarizeUsage({ ...q, granularity: 'day' });
        assert.equal(days.reduce((sum, r) => sum + r.amountMicros, 0), rated.reduce((sum, r) => sum + r.amountMicros, 0));
        assert.equal(days.reduce((sum, r) => sum + r.count, 0), rated.length);
      }), { numRuns: 15 });
    });

    it('lists records in (occurred_at, sid) order, page after page from a cursor', async () => {
      const same = d('2026-03-15T12:00:00.000Z');
      const records = [
        ...Array.from({ length: 5 }, () => aCostRecord(accountSid, { occurredAt: same })),
        aCostRecord(accountSid, { occurredAt: d('2026-03-01T00:00:00.000Z') }),
        aCostRecord(accountSid, { occurredAt: d('2026-03-20T00:00:00.000Z'), category: 'mms-inbound', unit: 'messages' }),
      ];
      await store.recordCosts(records);
      const expected = [...records].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.sid < b.sid ? -1 : 1));
      const seen: CostRecord[] = [];
      let after: { occurredAt: Date; sid: string } | undefined;
      for (;;) {
        const page = await store.listCostRecords({ ...everything(), limit: 3, ...(after && { after }) });
        if (page.length === 0) break;
        seen.push(...page);
        const last = page[page.length - 1];
        if (last === undefined) break;
        after = { occurredAt: last.occurredAt, sid: last.sid };
      }
      assert.deepEqual(seen, expected);
      const onlyMms = await store.listCostRecords({ ...everything(), categories: ['mms-inbound'] });
      assert.deepEqual(onlyMms.map((r) => r.category), ['mms-inbound']);
    });
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstLeasePeriod, leasePeriodAt, nextLeasePeriod } from './lease-period.ts';

const d = (text: string): Date => new Date(text);
const show = (p: { start: Date; end: Date; month: string; days: number; daysInPeriod: number }) =>
  [p.start.toISOString().slice(0, 10), p.end.toISOString().slice(0, 10), p.month, p.days, p.daysInPeriod];

describe('lease periods', () => {
  it('anniversary: a month from the acquisition day, clamped to shorter months without drifting', () => {
    const anchor = d('2026-01-31T15:00:00Z');
    assert.deepEqual(show(firstLeasePeriod('anniversary', anchor, anchor, anchor)), ['2026-01-31', '2026-02-28', '2026-01', 28, 28]);
    const feb = nextLeasePeriod('anniversary', anchor, d('2026-02-28T00:00:00Z'));
    assert.deepEqual(show(feb), ['2026-02-28', '2026-03-31', '2026-02', 31, 31]);
    assert.deepEqual(show(nextLeasePeriod('anniversary', anchor, feb.end)), ['2026-03-31', '2026-04-30', '2026-03', 30, 30]);
    assert.deepEqual(show(leasePeriodAt('anniversary', d('2025-12-10T00:00:00Z'), d('2026-01-09T23:59:59Z'))), ['2025-12-10', '2026-01-10', '2025-12', 31, 31]);
  });

  it('calendar-prorated: the rest of the activation month (its day included), then whole calendar months', () => {
    const activated = d('2026-04-21T18:30:00Z');
    assert.deepEqual(show(firstLeasePeriod('calendar-prorated', activated, activated, activated)), ['2026-04-01', '2026-05-01', '2026-04', 10, 30]);
    assert.deepEqual(show(nextLeasePeriod('calendar-prorated', activated, d('2026-05-01T00:00:00Z'))), ['2026-05-01', '2026-06-01', '2026-05', 31, 31]);
    assert.deepEqual(show(firstLeasePeriod('calendar-prorated', activated, activated, d('2026-04-01T00:00:00Z'))).slice(3), [10, 30]);
  });

  it('bills a number active before billing began from the current period only, in full', () => {
    const old = d('2024-05-05T00:00:00Z');
    assert.deepEqual(show(firstLeasePeriod('calendar-prorated', old, old, d('2026-03-15T00:00:00Z'))), ['2026-03-01', '2026-04-01', '2026-03', 31, 31]);
    assert.deepEqual(show(firstLeasePeriod('anniversary', old, old, d('2026-03-15T00:00:00Z'))), ['2026-03-05', '2026-04-05', '2026-03', 31, 31]);
  });
});

// Which lease period a number is billed for, under the card's lease model (rate-card.ts LeaseModel).
// Periods are whole UTC days: `anniversary` periods start on the day of month the number was acquired
// (clamped to a shorter month's last day: acquired on the 31st, billed on Feb 28), `calendar-prorated`
// periods on the 1st. Each period starts in a distinct month, so `YYYY-MM` of its start names it in the
// event key (`PN…:2026-03`): a period is never billed twice.
import type { LeaseModel } from './rate-card.ts';

export interface LeasePeriod {
  readonly start: Date;
  readonly end: Date;
  /** `YYYY-MM` of the start. */
  readonly month: string;
  /** Days billed (from the activation day when prorated) and the period's length in days. */
  readonly days: number;
  readonly daysInPeriod: number;
}

const DAY_MS = 86_400_000;
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
const dayStart = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const days = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / DAY_MS);

/** The anchor day in month `month` (may be < 0 or > 11: Date.UTC normalises the year). */
const anniversaryIn = (year: number, month: number, anchorDay: number): Date => {
  const normalised = new Date(Date.UTC(year, month, 1));
  const y = normalised.getUTCFullYear();
  const mo = normalised.getUTCMonth();
  return new Date(Date.UTC(y, mo, Math.min(anchorDay, daysInMonth(y, mo))));
};

const periodOf = (start: Date, end: Date, billedFrom: Date = start): LeasePeriod => ({
  start, end, month: start.toISOString().slice(0, 7), days: days(billedFrom, end), daysInPeriod: days(start, end),
});

/** The period that contains `at`, anchored on `anchor` (the day the number was acquired). */
export const leasePeriodAt = (model: LeaseModel, anchor: Date, at: Date): LeasePeriod => {
  const y = at.getUTCFullYear();
  const mo = at.getUTCMonth();
  if (model === 'calendar-prorated') return periodOf(new Date(Date.UTC(y, mo, 1)), new Date(Date.UTC(y, mo + 1, 1)));
  const anchorDay = anchor.getUTCDate();
  const thisMonth = anniversaryIn(y, mo, anchorDay);
  const start = thisMonth.getTime() <= at.getTime() ? thisMonth : anniversaryIn(y, mo - 1, anchorDay);
  return periodOf(start, anniversaryIn(start.getUTCFullYear(), start.getUTCMonth() + 1, anchorDay));
};

/**
 * The first period billed for a number active since `activatedAt`, billed `now`: the period containing now
 * (a number that was active before masq billed leases is not billed for the months before), in full, or
 * under `calendar-prorated` from the activation day (included) when it falls in that period.
 */
export const firstLeasePeriod = (model: LeaseModel, anchor: Date, activatedAt: Date, now: Date): LeasePeriod => {
  const period = leasePeriodAt(model, anchor, now);
  if (model !== 'calendar-prorated' || activatedAt.getTime() < period.start.getTime()) return period;
  return periodOf(period.start, period.end, dayStart(activatedAt));
};

/** The period that starts when the previous one ended (`billedUntil`): billed in full. */
export const nextLeasePeriod = (model: LeaseModel, anchor: Date, billedUntil: Date): LeasePeriod => leasePeriodAt(model, anchor, billedUntil);

// The periods of the 2010 Usage Records: which days a list covers (its StartDate and EndDate, or the
// default of its subresource: Today, LastMonth...) and how it splits them into buckets (a day, a month, a
// year, or all of it). Days are UTC (Twilio: "all dates are in GMT"); a period's last day is inclusive,
// as on the wire. Pure: "today" is the caller's clock's.

export type UsageBucketing = 'all' | 'day' | 'month' | 'year';

/** The list resources under /Usage/Records: their path segment, bucketing and default days. */
export const USAGE_SUBRESOURCES = ['Records', 'AllTime', 'Daily', 'Monthly', 'Yearly', 'Today', 'Yesterday', 'ThisMonth', 'LastMonth'] as const;
export type UsageSubresource = (typeof USAGE_SUBRESOURCES)[number];

export interface DayPeriod {
  /** UTC midnight of the first and of the last day, both included. */
  readonly firstDay: Date;
  readonly lastDay: Date;
}

export interface UsagePeriod extends DayPeriod {
  readonly bucketing: UsageBucketing;
}

const DAY_MS = 86_400_000;
/** Relative dates further than this are typos, not periods (and would leave Date's range). */
const MAX_OFFSET_DAYS = 36_500;
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

export const utcDay = (instant: Date): Date => new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
export const addDays = (day: Date, days: number): Date => new Date(day.getTime() + days * DAY_MS);
const monthStart = (day: Date, plusMonths = 0): Date => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + plusMonths, 1));
const yearStart = (day: Date, plusYears = 0): Date => new Date(Date.UTC(day.getUTCFullYear() + plusYears, 0, 1));

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' (UTC). */
export const formatDay = (day: Date): string => `${pad(day.getUTCFullYear(), 4)}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;

/** Twilio's `as_of`: 'YYYY-MM-DDTHH:MM:SS+00:00'. */
export const formatAsOf = (instant: Date): string =>
  `${formatDay(instant)}T${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())}:${pad(instant.getUTCSeconds())}+00:00`;

/**
 * A StartDate / EndDate value: 'YYYY-MM-DD', or an offset in days from today as Twilio takes them
 * ('-30days', '+30days'). Null when it is neither (the caller answers 400).
 */
export const parseUsageDate = (value: string, today: Date): Date | null => {
  const text = value.trim();
  const relative = /^([+-])(\d{1,6})days?$/i.exec(text);
  if (relative) {
    const days = Number(relative[2]);
    if (days > MAX_OFFSET_DAYS) return null;
    return addDays(utcDay(today), relative[1] === '-' ? -days : days);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 ? date : null;
};

const BUCKETING: Readonly<Record<UsageSubresource, UsageBucketing>> = {
  Records: 'all', AllTime: 'all', Today: 'all', Yesterday: 'all', ThisMonth: 'all', LastMonth: 'all',
  Daily: 'day', Monthly: 'month', Yearly: 'year',
};

/** How many days Daily covers when no StartDate is given: the last 30 and today. */
const DAILY_DEFAULT_DAYS = 30;

/**
 * The days a subresource covers when the request names none. `since` is when usage could begin (the
 * account's creation): all-time lists, Monthly and Yearly start there.
 */
export const defaultPeriod = (subresource: UsageSubresource, now: Date, since: Date): DayPeriod => {
  const today = utcDay(now);
  switch (subresource) {
    case 'Today': return { firstDay: today, lastDay: today };
    case 'Yesterday': return { firstDay: addDays(today, -1), lastDay: addDays(today, -1) };
    case 'ThisMonth': return { firstDay: monthStart(today), lastDay: today };
    case 'LastMonth': return { firstDay: monthStart(today, -1), lastDay: addDays(monthStart(today), -1) };
    case 'Daily': return { firstDay: addDays(today, -DAILY_DEFAULT_DAYS), lastDay: today };
    default: return { firstDay: utcDay(since) < today ? utcDay(since) : today, lastDay: today };
  }
};

/** The bucketing of a subresource's list. */
export const bucketingOf = (subresource: UsageSubresource): UsageBucketing => BUCKETING[subresource];

/** The start of the bucket `day` falls in (unclamped: a month bucket starts on the 1st). */
export const bucketStart = (bucketing: UsageBucketing, day: Date, period: DayPeriod): Date => {
  switch (bucketing) {
    case 'all': return period.firstDay;
    case 'day': return utcDay(day);
    case 'month': return monthStart(day);
    case 'year': return yearStart(day);
  }
};

const monthIndex = (day: Date): number => day.getUTCFullYear() * 12 + day.getUTCMonth();

/** Which bucket of the period `day` falls in, counting from 0. */
export const bucketIndex = (period: UsagePeriod, day: Date): number => {
  switch (period.bucketing) {
    case 'all': return 0;
    case 'day': return Math.round((utcDay(day).getTime() - period.firstDay.getTime()) / DAY_MS);
    case 'month': return monthIndex(day) - monthIndex(period.firstDay);
    case 'year': return day.getUTCFullYear() - period.firstDay.getUTCFullYear();
  }
};

export const bucketCount = (period: UsagePeriod): number => bucketIndex(period, period.lastDay) + 1;

/** Bucket `index`: its first and last day, clamped to the period (a month cut by StartDate starts there). */
export const bucketAt = (period: UsagePeriod, index: number): DayPeriod => {
  const { firstDay, lastDay } = period;
  const clamp = (start: Date, next: Date): DayPeriod => ({
    firstDay: start < firstDay ? firstDay : start,
    lastDay: addDays(next, -1) > lastDay ? lastDay : addDays(next, -1),
  });
  switch (period.bucketing) {
    case 'all': return { firstDay, lastDay };
    case 'day': return { firstDay: addDays(firstDay, index), lastDay: addDays(firstDay, index) };
    case 'month': return clamp(monthStart(firstDay, index), monthStart(firstDay, index + 1));
    case 'year': return clamp(yearStart(firstDay, index), yearStart(firstDay, index + 1));
  }
};

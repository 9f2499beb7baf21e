// The weekday and minute of the day at an instant in an IANA time zone, through Intl (so daylight saving
// time is the zone's own rules, never an offset of ours).
import { WEEKDAYS, type Weekday } from './flow-document.ts';

export interface LocalTime {
  readonly weekday: Weekday;
  /** Minutes since local midnight, 0-1439. */
  readonly minutes: number;
}

// A formatter per zone is costly to build and the same few zones recur on every call: kept, bounded.
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

const formatterFor = (timezone: string): Intl.DateTimeFormat => {
  const known = FORMATTERS.get(timezone);
  if (known) return known;
  const made = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (FORMATTERS.size >= MAX_FORMATTERS) FORMATTERS.clear();
  FORMATTERS.set(timezone, made);
  return made;
};

const weekdayOf = (short: string): Weekday => {
  const day = WEEKDAYS.find((d) => d === short.toLowerCase().slice(0, 3));
  if (day === undefined) throw new Error(`Intl gave an unknown weekday "${short}"`);
  return day;
};

/** Throws RangeError for a zone Intl does not know (documents are checked before they get here). */
export const localTime = (at: Date, timezone: string): LocalTime => {
  const parts = formatterFor(timezone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: weekdayOf(part('weekday')), minutes: Number(part('hour')) * 60 + Number(part('minute')) };
};

export const previousWeekday = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] ?? day;

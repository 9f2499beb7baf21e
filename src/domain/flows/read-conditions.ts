// A route rule's `when`: time of day and week in a time zone, the caller (list, prefix, country) and the
// call's STIR/SHAKEN attestation. Every key given must match; an empty `when` is refused (that is `otherwise`).
import {
  ATTESTATION_VALUES, FLOW_LIMITS, WEEKDAYS, type AttestationCondition, type AttestationValue, type CallerCondition, type Conditions,
  type DayWindow, type TimeCondition, type Weekday,
} from './flow-document.ts';
import { FieldReader, isJsonObject, jsonKind, type Problems } from './flow-fields.ts';
import { checkCountry, checkE164, checkPrefix, checkTimezone, minutesOf } from './flow-values.ts';

const DAY_NAMES = WEEKDAYS.map((d) => `"${d}"`).join(', ');

const checkDay = (value: string): string | null =>
  (WEEKDAYS.some((d) => d === value) ? null : `expected a day such as "mon" (${DAY_NAMES}), got "${value.slice(0, 20)}"`);

const isWeekday = (value: string): value is Weekday => WEEKDAYS.some((d) => d === value);

const readWindow = (r: FieldReader): DayWindow | null | undefined => {
  const from = r.string('from');
  const to = r.string('to');
  if (!r.has('from') && !r.has('to')) return null;
  if (r.has('from') !== r.has('to')) {
    r.problem(r.has('from') ? 'to' : 'from', 'required with "from" and "to" together (or neither, for the whole day)');
    return undefined;
  }
  if (from === undefined || to === undefined) return undefined;
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (start === null) r.problem('from', `expected "HH:MM" (24-hour), got "${from.slice(0, 20)}"`);
  if (end === null) r.problem('to', `expected "HH:MM" (24-hour), got "${to.slice(0, 20)}"`);
  if (start === null || end === null) return undefined;
  if (start === end) {
    r.problem('to', 'must differ from "from" (leave both out for the whole day)');
    return undefined;
  }
  return { from: start, to: end };
};

const readTime = (value: unknown, at: string, problems: Problems): TimeCondition | undefined => {
  if (!isJsonObject(value)) {
    problems.add(at, `expected an object {timezone, days, from, to}, got ${jsonKind(value)}`);
    return undefined;
  }
  const r = new FieldReader(value, at, problems, ['timezone', 'days', 'from', 'to']);
  const timezone = r.string('timezone', { required: true });
  const zoneProblem = timezone === undefined ? null : checkTimezone(timezone);
  if (zoneProblem !== null) r.problem('timezone', zoneProblem);
  const days = r.strings('days', { max: 7, check: checkDay });
  const window = readWindow(r);
  if (timezone === undefined || zoneProblem !== null || window === undefined || (r.has('days') && days === undefined)) return undefined;
  return { timezone, days: days === undefined ? null : days.filter(isWeekday), window };
};

const readCaller = (value: unknown, at: string, problems: Problems): CallerCondition | undefined => {
  if (!isJsonObject(value)) {
    problems.add(at, `expected an object {in, prefix, country}, got ${jsonKind(value)}`);
    return undefined;
  }
  const r = new FieldReader(value, at, problems, ['in', 'prefix', 'country']);
  const max = FLOW_LIMITS.listEntries;
  const list = r.strings('in', { max, check: checkE164 });
  const prefix = r.strings('prefix', { max, check: checkPrefix });
  const country = r.strings('country', { max, check: checkCountry });
  if (!r.has('in') && !r.has('prefix') && !r.has('country')) {
    problems.add(at, 'give at least one of "in", "prefix", "country"');
    return undefined;
  }
  if ((r.has('in') && !list) || (r.has('prefix') && !prefix) || (r.has('country') && !country)) return undefined;
  return { in: list ?? [], prefix: prefix ?? [], country: country ?? [] };
};

const isAttestation = (value: string): value is AttestationValue => ATTESTATION_VALUES.some((a) => a === value);

const readAttestation = (value: unknown, at: string, problems: Problems): AttestationCondition | undefined => {
  if (!isJsonObject(value)) {
    problems.add(at, `expected an object {in}, got ${jsonKind(value)}`);
    return undefined;
  }
  const r = new FieldReader(value, at, problems, ['in']);
  const check = (item: string): string | null => (isAttestation(item) ? null : `expected "A", "B", "C" or "none", got "${item.slice(0, 20)}"`);
  const list = r.strings('in', { required: true, max: 4, check });
  return list === undefined ? undefined : { in: list.filter(isAttestation) };
};

/** The `when` of a rule at `at`; undefined when it has problems (added to `problems`). */
export const readConditions = (value: unknown, at: string, problems: Problems): Conditions | undefined => {
  if (!isJsonObject(value)) {
    problems.add(at, `expected an object of conditions {time, caller, attestation}, got ${jsonKind(value)}`);
    return undefined;
  }
  const r = new FieldReader(value, at, problems, ['time', 'caller', 'attestation']);
  if (!r.has('time') && !r.has('caller') && !r.has('attestation')) {
    problems.add(at, 'give at least one condition ("time", "caller", "attestation"); a rule that always matches is "otherwise"');
    return undefined;
  }
  const time = r.has('time') ? readTime(r.raw('time'), r.pointer('time'), problems) : null;
  const caller = r.has('caller') ? readCaller(r.raw('caller'), r.pointer('caller'), problems) : null;
  const attestation = r.has('attestation') ? readAttestation(r.raw('attestation'), r.pointer('attestation'), problems) : null;
  if (time === undefined || caller === undefined || attestation === undefined) return undefined;
  return { time, caller, attestation };
};

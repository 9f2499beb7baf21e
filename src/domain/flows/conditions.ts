// Whether a route rule's conditions hold for one call or message, and how to say which did: the words a
// call log and a dry-run show ("time: mon-fri 09:00-17:00 America/New_York").
import { numberFacts } from '../phone-number.ts';
import type { AttestationCondition, AttestationValue, CallerCondition, Conditions, TimeCondition } from './flow-document.ts';
import { formatMinutes } from './flow-values.ts';
import { localTime, previousWeekday } from './local-time.ts';

/** What routing judges: who is calling or texting, when, and how far their number is vouched for. */
export interface RouteFacts {
  readonly from: string;
  readonly at: Date;
  /** The carrier's STIR/SHAKEN level (A, B, C); null or anything else is "none". */
  readonly attestation: string | null;
}

export const attestationOf = (raw: string | null): AttestationValue => {
  const level = raw?.trim().toUpperCase();
  return level === 'A' || level === 'B' || level === 'C' ? level : 'none';
};

export const matchesTime = (c: TimeCondition, at: Date): boolean => {
  const local = localTime(at, c.timezone);
  const dayOk = (day: typeof local.weekday): boolean => c.days === null || c.days.includes(day);
  if (c.window === null) return dayOk(local.weekday);
  const { from, to } = c.window;
  if (from < to) return local.minutes >= from && local.minutes < to && dayOk(local.weekday);
  // Overnight: the evening belongs to today, the small hours to the evening before.
  if (local.minutes >= from) return dayOk(local.weekday);
  return local.minutes < to && dayOk(previousWeekday(local.weekday));
};

export const matchesCaller = (c: CallerCondition, from: string): boolean => {
  if (c.in.includes(from)) return true;
  if (c.prefix.some((p) => from.startsWith(p))) return true;
  if (c.country.length === 0) return false;
  const country = numberFacts(from).isoCountry;
  return country !== null && c.country.includes(country);
};

export const matchesAttestation = (c: AttestationCondition, attestation: string | null): boolean => c.in.includes(attestationOf(attestation));

export const matchConditions = (when: Conditions, facts: RouteFacts): boolean =>
  (when.time === null || matchesTime(when.time, facts.at))
  && (when.caller === null || matchesCaller(when.caller, facts.from))
  && (when.attestation === null || matchesAttestation(when.attestation, facts.attestation));

const describeTime = (c: TimeCondition): string => {
  const days = c.days === null ? 'every day' : c.days.join(',');
  const hours = c.window === null ? 'all day' : `${formatMinutes(c.window.from)}-${formatMinutes(c.window.to)}`;
  return `time: ${days} ${hours} ${c.timezone}`;
};

const describeCaller = (c: CallerCondition): string => {
  const parts = [
    ...(c.in.length > 0 ? [`in [${c.in.join(', ')}]`] : []),
    ...(c.prefix.length > 0 ? [`prefix ${c.prefix.join('|')}`] : []),
    ...(c.country.length > 0 ? [`country ${c.country.join('|')}`] : []),
  ];
  return `caller: ${parts.join(' or ')}`;
};

export const describeConditions = (when: Conditions): string => [
  ...(when.time ? [describeTime(when.time)] : []),
  ...(when.caller ? [describeCaller(when.caller)] : []),
  ...(when.attestation ? [`attestation: ${when.attestation.in.join('|')}`] : []),
].join('; ');

// Twilio's Contains pattern (did-platform §1.3): 2-16 characters; digits, and letters as on a phone
// keypad (vanity search: STORM = 78676); `*` is any one digit, `%` any run of digits, a leading `+`
// anchors the match at the start of the number and a trailing `$` at its end. Without anchors the
// pattern may sit anywhere in the national number (510555**** finds 510-555-xxxx).
import { invalidParameter } from '../errors.ts';
import type { ContainsPattern } from './types.ts';

const KEYPAD: Readonly<Record<string, string>> = {
  A: '2', B: '2', C: '2', D: '3', E: '3', F: '3', G: '4', H: '4', I: '4', J: '5', K: '5', L: '5',
  M: '6', N: '6', O: '6', P: '7', Q: '7', R: '7', S: '7', T: '8', U: '8', V: '8', W: '9', X: '9', Y: '9', Z: '9',
};

const reject = (why: string) => invalidParameter('Contains', why);

/** The digit a character dials, or undefined for anything that is neither digit nor letter. */
const digitOf = (char: string): string | undefined => (/^[0-9]$/.test(char) ? char : KEYPAD[char.toUpperCase()]);

export const parseContains = (raw: string): ContainsPattern => {
  if (raw.length < 2 || raw.length > 16) throw reject('It must be 2 to 16 characters long.');
  const anchorStart = raw.startsWith('+');
  const anchorEnd = raw.endsWith('$') && raw.length > 1;
  const body = raw.slice(anchorStart ? 1 : 0, anchorEnd ? -1 : undefined);
  if (/[+$]/.test(body)) throw reject("'+' may only start the pattern and '$' only end it.");
  // `**` is Twilio's own example (555****); a `%` next to another wildcard would mean nothing more.
  if (/%[%*]|\*%/.test(body)) throw reject("'%' cannot be next to another wildcard.");
  const segments: (string | null)[][] = [[]];
  let literals = 0;
  for (const char of body) {
    if (char === '%') { segments.push([]); continue; }
    const digit = char === '*' ? null : digitOf(char);
    if (digit === undefined) throw reject(`'${char}' is not a digit, a letter or a wildcard (*, %).`);
    if (digit !== null) literals++;
    segments[segments.length - 1]?.push(digit);
  }
  if (literals < 2) throw reject('It needs at least two digits or letters besides wildcards.');
  return { segments, anchorStart, anchorEnd };
};

const segmentSource = (segment: readonly (string | null)[]): string => segment.map((d) => d ?? '\\d').join('');

/** The pattern as a regular expression over a number's digits (used where positions cannot be fixed). */
export const containsRegExp = (pattern: ContainsPattern): RegExp =>
  new RegExp(`${pattern.anchorStart ? '^' : ''}${pattern.segments.map(segmentSource).join('\\d*')}${pattern.anchorEnd ? '$' : ''}`);

/** Whether a national number (or, for a `+` pattern, its E.164 digits) matches. */
export const matchesContains = (pattern: ContainsPattern, nationalNumber: string, countryCode: string): boolean => {
  const regexp = containsRegExp(pattern);
  return regexp.test(nationalNumber) || (pattern.anchorStart && regexp.test(`${countryCode}${nationalNumber}`));
};

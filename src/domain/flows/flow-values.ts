// The value checks of a flow document: each returns why a value is refused, or null when it is fine.
import { isSupportedCountry } from 'libphonenumber-js/max';

const E164 = /^\+[1-9][0-9]{1,14}$/;

export const checkE164 = (value: string): string | null =>
  (E164.test(value) ? null : `expected an E.164 number such as +14155550100, got "${value.slice(0, 40)}"`);

export const checkPrefix = (value: string): string | null =>
  (/^\+[0-9]{1,15}$/.test(value) ? null : `expected '+' and up to 15 digits, such as +1415, got "${value.slice(0, 40)}"`);

export const checkCountry = (value: string): string | null =>
  (/^[A-Z]{2}$/.test(value) && isSupportedCountry(value) ? null : `expected an ISO 3166-1 country code such as "US", got "${value.slice(0, 40)}"`);

export const checkHttpUrl = (value: string): string | null => {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? null : `expected an absolute http(s) URL, got "${value.slice(0, 80)}"`;
};

// Deliberately simple: the SMTP server is the judge of an address; this catches typos and header injection.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export const checkEmail = (value: string): string | null =>
  (EMAIL.test(value) && value.length <= 254 ? null : `expected an email address such as ops@example.com, got "${value.slice(0, 80)}"`);

const SIP_URI = /^sips?:[^\s<>"]+@[^\s<>"]+$/i;

export const checkSipUri = (value: string): string | null =>
  (SIP_URI.test(value) && value.length <= 255 ? null : `expected a SIP URI such as sip:alice@pbx.example.com, got "${value.slice(0, 80)}"`);

/** An IANA time zone Intl knows (so its DST rules are known too). */
export const checkTimezone = (value: string): string | null => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return null;
  } catch {
    return `unknown time zone "${value.slice(0, 60)}" (expected an IANA name such as America/New_York)`;
  }
};

/** "HH:MM" (00:00-23:59, or 24:00 for the end of the day) as minutes since midnight; null when malformed. */
export const minutesOf = (value: string): number | null => {
  const m = /^([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : null;
};

export const formatMinutes = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// The sender and proxy addresses of Telnyx traffic, normalised by the domain's number rules, and the
// spellings of a withheld caller, which no participant can match and no answer can reach.
import { invalidParameter } from '../../domain/errors.ts';
import { parseIdentifier, parseProxyIdentifier } from '../../domain/phone-number.ts';

/** What carriers put where the caller's number would be when it was withheld. */
const WITHHELD_WORDS = new Set(['', 'anonymous', 'restricted', 'unavailable', 'unknown', 'blocked', 'private', 'withheld']);
/** RFC 3323's anonymous SIP identity (sip:anonymous@anonymous.invalid), which TeXML may pass through as From. */
const ANONYMOUS_SIP = /^sips?:anonymous@/i;

/** True when a sender address that is present says the number was withheld (a missing one is malformed). */
export const isWithheldAddress = (address: string): boolean => {
  const text = address.trim();
  return WITHHELD_WORDS.has(text.toLowerCase()) || ANONYMOUS_SIP.test(text);
};

/**
 * E.164 (Mexico's legacy +52 1 normalised by the domain) or a channel address carried as it is.
 * `role` picks the memo: the proxy number it reached, or the sender. AppError 80701 naming `parameter`.
 */
export const normalisedAddress = (raw: string, role: 'sender' | 'proxy', parameter: string): string => {
  if (raw.trim() === '') throw invalidParameter(parameter, 'It is required.');
  try {
    const parsed = role === 'proxy' ? parseProxyIdentifier(raw) : parseIdentifier(raw);
    return parsed.kind === 'phone' ? parsed.e164 : parsed.raw;
  } catch {
    throw invalidParameter(parameter, 'Expected an E.164 phone number.');
  }
};

// Who an INVITE is from and which number it reached, as E.164. Trunks write numbers many ways in the
// user part: `+15551230000`, `15551230000` (international without '+'), `00…`, or national (`02071230000`,
// read in the account's country). The caller is the P-Asserted-Identity the trunk vouches for, else From;
// `anonymous` (or no number at all) means the caller withheld it.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normalizeInbound } from '../../domain/phone-number.ts';
import { addressUri, headerText, uriText, uriUser, type SipMessage } from './sip-message.ts';

/** Mexico's legacy +52 1 form is read as its 10-digit number first (phone-number.ts normalizeInbound). */
const possible = (candidate: string, country?: CountryCode): string | null => {
  const parsed = parsePhoneNumberFromString(candidate, country);
  if (!parsed || parsed.ext) return null;
  const modern = parsePhoneNumberFromString(normalizeInbound(parsed.number));
  return modern?.isPossible() ? modern.number : null;
};

const valid = (candidate: string, country?: CountryCode): string | null => {
  const parsed = parsePhoneNumberFromString(candidate, country);
  return parsed?.isValid() && !parsed.ext ? normalizeInbound(parsed.number) : null;
};

/** A user part as E.164, or null when it is no phone number. */
export const numberOf = (user: string | null, country: string | null): string | null => {
  if (user === null) return null;
  const text = user.replace(/[\s\-().]/g, '');
  if (/^\+\d+$/.test(text)) return possible(text);
  if (!/^\d+$/.test(text)) return null;
  const national = country !== null && isSupportedCountry(country) ? country : undefined;
  const international = text.startsWith('00') ? `+${text.slice(2)}` : `+${text}`;
  // A valid reading wins; national first, since a national number can look international by accident.
  return (national && valid(text, national)) ?? valid(international) ?? (national && possible(text, national)) ?? possible(international);
};

/** The number the INVITE reached (the Request-URI's user). */
export const calledNumber = (invite: SipMessage, country: string | null): string | null => numberOf(uriUser(invite.uri), country);

export type Caller = { readonly kind: 'number'; readonly e164: string } | { readonly kind: 'withheld' };

const WITHHELD_USERS = new Set(['anonymous', 'restricted', 'unknown', 'unavailable', 'private', 'withheld']);

/** The caller: P-Asserted-Identity first (the trunk vouches for it), else From. */
export const callerOf = (invite: SipMessage, country: string | null): Caller => {
  const asserted = headerText(invite, 'p-asserted-identity');
  const candidates = [...(asserted ? asserted.split(',').map(addressUri) : []), uriText(invite.headers.from.uri)];
  for (const uri of candidates) {
    const user = uriUser(uri);
    if (user === null || WITHHELD_USERS.has(user.toLowerCase())) continue;
    const e164 = numberOf(user, country);
    if (e164 !== null) return { kind: 'number', e164 };
  }
  return { kind: 'withheld' };
};

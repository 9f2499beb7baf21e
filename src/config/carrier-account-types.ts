// A carrier account: one set of credentials of one carrier type, under a name of its own. Numbers
// reference the account by that name, and the carrier's webhooks arrive at /webhooks/{name}/..., so
// several accounts of one carrier (two Twilio accounts, say) can live side by side.
import { nonEmpty, type RawValue } from './values.ts';

export type CarrierAccountConfig =
  | { readonly type: 'twilio'; readonly name: string; readonly accountSid: string; readonly authToken: string; readonly apiUrl: string }
  | { readonly type: 'signalwire'; readonly name: string; readonly projectId: string; readonly apiToken: string; readonly signingKey: string; readonly spaceUrl: string }
  | { readonly type: 'telnyx'; readonly name: string; readonly apiKey: string; readonly publicKey: string; readonly apiUrl: string; readonly messagingProfileId: string | null };

export type CarrierType = CarrierAccountConfig['type'];

export type CarrierAccountOf<T extends CarrierType> = Extract<CarrierAccountConfig, { readonly type: T }>;

/** The fields of each type besides `type` and `name`: anything else in an account is a typo, and an error. */
export const CARRIER_ACCOUNT_FIELDS = {
  twilio: ['accountSid', 'authToken', 'apiUrl'],
  signalwire: ['projectId', 'apiToken', 'signingKey', 'spaceUrl'],
  telnyx: ['apiKey', 'publicKey', 'apiUrl', 'messagingProfileId'],
} as const satisfies { readonly [T in CarrierType]: readonly Exclude<keyof CarrierAccountOf<T>, 'type' | 'name'>[] };

export type CarrierAccountField<T extends CarrierType> = (typeof CARRIER_ACCOUNT_FIELDS)[T][number];

export const CARRIER_TYPES: readonly CarrierType[] = ['twilio', 'signalwire', 'telnyx'];

export const TWILIO_API_URL = 'https://api.twilio.com';
export const TELNYX_API_URL = 'https://api.telnyx.com';

/** The built-in sandbox account's name; MASQ_SANDBOX controls it, so no configured account may take it. */
export const SANDBOX_ACCOUNT_NAME = 'sandbox';

/** The name the legacy MASQ_TWILIO_* settings give their account. */
export const LEGACY_TWILIO_ACCOUNT_NAME = 'twilio';

const ACCOUNT_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const ACCOUNT_NAME_RULE = 'must be 1 to 40 lower-case letters, digits and hyphens, starting with a letter';

/** An account name as written in the carriers list: exact, because it becomes a URL path segment. */
export const accountName = (raw: RawValue): string => {
  const value = nonEmpty(raw);
  if (!ACCOUNT_NAME.test(value)) throw new Error(ACCOUNT_NAME_RULE);
  return value;
};

/** An account name given as a choice (MASQ_DEFAULT_CARRIER): case is forgiven, as it always was. */
export const accountNameAnyCase = (raw: RawValue): string => accountName(nonEmpty(raw).toLowerCase());

export const carrierType = (raw: RawValue): CarrierType => {
  const value = nonEmpty(raw);
  const found = CARRIER_TYPES.find((type) => type === value);
  if (!found) throw new Error(`must be one of ${CARRIER_TYPES.join(', ')}`);
  return found;
};

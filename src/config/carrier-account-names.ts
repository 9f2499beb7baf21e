// A carrier account: one set of credentials of one carrier type, under a name of its own. Numbers
// reference the account by that name, and the carrier's webhooks arrive at /webhooks/{name}/..., so
// several accounts of one carrier (two Twilio accounts, say) can live side by side. Which types exist,
// and their fields, is the carriers' business (CarrierSettingsSpec): configuration is handed them.
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { nonEmpty, type RawValue } from '../domain/setting-values.ts';

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

/** The `type` field: one of the carrier types masq was handed, named exactly. */
export const carrierTypeIn = (types: readonly CarrierSettingsSpec[]) => (raw: RawValue): CarrierSettingsSpec => {
  const value = nonEmpty(raw);
  const found = types.find((spec) => spec.type === value);
  if (!found) throw new Error(`must be one of ${types.map((spec) => spec.type).join(', ')}`);
  return found;
};

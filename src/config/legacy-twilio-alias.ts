// MASQ_TWILIO_ACCOUNT_SID / MASQ_TWILIO_AUTH_TOKEN / MASQ_TWILIO_API_URL predate carrier accounts. They
// keep working as a shorthand for one account named `twilio`, so existing installations, their number
// records (carrier `twilio`) and their webhook URLs (/webhooks/twilio/...) carry on unchanged. The
// alias is Twilio's by definition, so it alone names a carrier type and its fields here: the account it
// defines is what listing {"type": "twilio", "name": "twilio", accountSid, authToken, apiUrl} would give.
import type { CarrierAccountSettings } from '../domain/carrier-settings.ts';
import { LEGACY_TWILIO_ACCOUNT_NAME } from './carrier-account-names.ts';

export interface LegacyTwilioSettings {
  readonly accountSid: string | null;
  readonly authToken: string | null;
  readonly apiUrl: string;
}

export interface AliasSources {
  /** Where the legacy SID came from (e.g. MASQ_TWILIO_ACCOUNT_SID), for the conflict message. */
  readonly legacy: string;
  /** Where the carriers list came from (e.g. MASQ_CARRIERS). */
  readonly list: string;
}

/** The listed accounts plus the legacy one, when its SID and token are both set; a clash is a problem. */
export const withLegacyTwilioAccount = (
  listed: readonly CarrierAccountSettings[],
  legacy: LegacyTwilioSettings,
  sources: AliasSources,
  problems: string[],
): readonly CarrierAccountSettings[] => {
  if (legacy.accountSid === null || legacy.authToken === null) return listed;
  if (listed.some((account) => account.name === LEGACY_TWILIO_ACCOUNT_NAME)) {
    problems.push(`${sources.legacy} and its auth token define the carrier account "${LEGACY_TWILIO_ACCOUNT_NAME}" (the legacy Twilio settings), `
      + `but ${sources.list} also lists an account named "${LEGACY_TWILIO_ACCOUNT_NAME}": keep one of them `
      + '(move the Twilio credentials into the list and unset the legacy settings, or rename the listed account)');
    return listed;
  }
  const account: CarrierAccountSettings = {
    type: 'twilio',
    name: LEGACY_TWILIO_ACCOUNT_NAME,
    settings: { accountSid: legacy.accountSid, authToken: legacy.authToken, apiUrl: legacy.apiUrl },
  };
  return [...listed, account];
};

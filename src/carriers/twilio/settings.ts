// What configuration reads for a Twilio account (a `carriers` entry of "type": "twilio"): the account
// SID and auth token, and the REST API's base URL, Twilio's own unless a test double stands in.
import type { CarrierSettingsSpec } from '../../domain/carrier-settings.ts';
import { accountSid, authToken, httpUrl, required } from '../../domain/setting-values.ts';
import { TWILIO_TYPE } from './account.ts';

export const TWILIO_API_URL = 'https://api.twilio.com';

export const TWILIO_SETTINGS: CarrierSettingsSpec = {
  type: TWILIO_TYPE,
  fields: {
    accountSid: { required: true, parse: required(accountSid) },
    authToken: { required: true, parse: required(authToken) },
    apiUrl: { required: false, parse: httpUrl, default: TWILIO_API_URL },
    // Twilio's Numbers API (porting); unset: apiUrl with api. replaced by numbers. (a fake serves both).
    numbersApiUrl: { required: false, parse: httpUrl, default: null },
  },
};

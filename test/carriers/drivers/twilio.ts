// Twilio: form webhooks signed X-Twilio-Signature with the account's auth token, TwiML answers, and the
// Messages API (faked on loopback) for what masq sends by API.
import { startFakeTwilioApi } from '../../e2e/fake-twilio-api.ts';
import type { CarrierDriver } from './driver.ts';
import { twilioShapedInstance } from './twilio-shaped.ts';

const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const AUTH_TOKEN = 'contract-twilio-auth-token';

export const twilioDriver: CarrierDriver = {
  type: 'twilio',
  features: { webhooks: { forgeries: ['bad-signature', 'unsigned'] }, messageReports: true, crossCarrier: true, messagesByApi: false },
  start: async () => {
    const api = await startFakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN);
    return twilioShapedInstance({
      account: { type: 'twilio', name: 'twilio', settings: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: api.url } },
      accountSid: ACCOUNT_SID, signingKey: AUTH_TOKEN, signatureHeader: 'x-twilio-signature', api,
    });
  },
};

// SignalWire's Compatibility API: Twilio's webhooks and markup, signed X-SignalWire-Signature with the
// project's Signing Key (not its API token), and the LaML REST API under {space}/api/laml.
import { startFakeTwilioApi } from '../../e2e/fake-twilio-api.ts';
import type { CarrierDriver } from './driver.ts';
import { twilioShapedInstance } from './twilio-shaped.ts';

const PROJECT_ID = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const API_TOKEN = 'PTcontract-signalwire-api-token';
const SIGNING_KEY = 'PSKcontract-signalwire-signing-key';

export const signalWireDriver: CarrierDriver = {
  type: 'signalwire',
  features: { webhooks: { forgeries: ['bad-signature', 'unsigned'] }, messageReports: true, crossCarrier: true, messagesByApi: false },
  start: async () => {
    const api = await startFakeTwilioApi(PROJECT_ID, API_TOKEN, '/api/laml');
    return twilioShapedInstance({
      account: { type: 'signalwire', name: 'signalwire', settings: { projectId: PROJECT_ID, apiToken: API_TOKEN, signingKey: SIGNING_KEY, spaceUrl: api.url } },
      accountSid: PROJECT_ID, signingKey: SIGNING_KEY, signatureHeader: 'x-signalwire-signature', api, apiPath: '/api/laml',
    });
  },
};

// SignalWire's Compatibility (cXML/LaML) API: Twilio-shaped form webhooks and markup, so it reuses the
// Twilio adapter; what differs is the key (the project's Signing Key), the signature header
// (X-SignalWire-Signature) and where the REST API lives ({space}/api/laml/2010-04-01, Basic
// ProjectID:APIToken).
import type { CarrierAccount, NumberCountry } from '../../ports/carrier.ts';
import { statusUrlsUnder } from '../twiml/render-plan.ts';
import { TwilioNumbers } from '../twilio/numbers.ts';
import { TwilioRecordings } from '../twilio/recordings.ts';
import { TwilioMessaging } from '../twilio/rest.ts';
import { createTwilioWebhookAdapter } from '../twilio/webhooks.ts';

export const SIGNALWIRE_TYPE = 'signalwire';

/** SignalWire sells US and Canadian numbers. */
export const SIGNALWIRE_COUNTRIES: readonly NumberCountry[] = [
  { isoCountry: 'US', types: ['local', 'toll-free'] },
  { isoCountry: 'CA', types: ['local', 'toll-free'] },
];

export interface SignalWireAccountOptions {
  readonly name: string;
  /** The project id (a UUID): the account sid of the LaML API. */
  readonly projectId: string;
  readonly apiToken: string;
  /** The project's Signing Key (dashboard, API page): what webhooks are signed with, not the API token. */
  readonly signingKey: string;
  /** https://{space}.signalwire.com, or a fake in tests; no trailing slash. */
  readonly spaceUrl: string;
  /** {publicUrl}/webhooks/{name} when masq's public URL is configured. */
  readonly webhookBase: string | null;
}

export const createSignalWireAccount = (options: SignalWireAccountOptions): CarrierAccount => ({
  name: options.name,
  type: SIGNALWIRE_TYPE,
  delivery: { message: 'in-reply', voice: 'in-reply' },
  defaultCapabilities: () => ({ voice: true, sms: true, mms: true }),
  messaging: new TwilioMessaging({
    accountSid: options.projectId,
    authToken: options.apiToken,
    apiUrl: `${options.spaceUrl}/api/laml`,
    defaultStatusCallbackUrl: options.webhookBase ? statusUrlsUnder(options.webhookBase).messageStatus(null) : null,
  }),
  voice: null,
  webhooks: createTwilioWebhookAdapter({
    account: options.name, signingKey: options.signingKey, signatureHeader: 'x-signalwire-signature', signatureName: 'X-SignalWire-Signature',
  }),
  // The same IncomingPhoneNumbers and AvailablePhoneNumbers, with UUID sids.
  numbers: new TwilioNumbers({
    carrierName: 'SignalWire', accountSid: options.projectId, authToken: options.apiToken, apiUrl: `${options.spaceUrl}/api/laml`,
    webhookBase: options.webhookBase, countries: SIGNALWIRE_COUNTRIES,
  }),
  // Recordings are served like Twilio's, under the space's LaML API, with the project's credentials.
  recordings: new TwilioRecordings({ accountSid: options.projectId, authToken: options.apiToken, apiUrl: `${options.spaceUrl}/api/laml` }),
});

// A Twilio account as masq's carrier seams see it: messages and calls are forwarded in the answer to
// Twilio's own webhooks (TwiML), webhooks are signed with the account's auth token, and the Messages API
// sends what masq originates.
import type { CarrierAccount } from '../../ports/carrier.ts';
import { statusUrlsUnder } from '../twiml/render-plan.ts';
import { TWILIO_COUNTRIES, TwilioNumbers } from './numbers.ts';
import { twilioRegistrations } from './registrations.ts';
import { numbersApiUrlOf, TwilioPorting } from './porting.ts';
import { TwilioRecordings } from './recordings.ts';
import { TwilioMessaging } from './rest.ts';
import { createTwilioWebhookAdapter } from './webhooks.ts';

export const TWILIO_TYPE = 'twilio';

export interface TwilioAccountOptions {
  readonly name: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** https://api.twilio.com, or a fake in tests; no trailing slash. */
  readonly apiUrl: string;
  /** {publicUrl}/webhooks/{name} when masq's public URL is configured: where Twilio reports API sends. */
  readonly webhookBase: string | null;
  /** Twilio's Numbers API (porting); null: derived from apiUrl (api.twilio.com -> numbers.twilio.com). */
  readonly numbersApiUrl?: string | null;
}

export const createTwilioAccount = (options: TwilioAccountOptions): CarrierAccount => {
  const numbers = new TwilioNumbers({
    carrierName: 'Twilio', accountSid: options.accountSid, authToken: options.authToken, apiUrl: options.apiUrl,
    webhookBase: options.webhookBase, countries: TWILIO_COUNTRIES,
  });
  const porting = new TwilioPorting({
    accountSid: options.accountSid, authToken: options.authToken, apiUrl: options.apiUrl,
    numbersApiUrl: options.numbersApiUrl ?? numbersApiUrlOf(options.apiUrl),
  }, numbers);
  return {
  name: options.name,
  type: TWILIO_TYPE,
  delivery: { message: 'in-reply', voice: 'in-reply' },
  defaultCapabilities: () => ({ voice: true, sms: true, mms: true }),
  messaging: new TwilioMessaging({
    accountSid: options.accountSid,
    authToken: options.authToken,
    apiUrl: options.apiUrl,
    defaultStatusCallbackUrl: options.webhookBase ? statusUrlsUnder(options.webhookBase).messageStatus(null) : null,
  }),
  voice: null,
  webhooks: createTwilioWebhookAdapter({
    account: options.name, signingKey: options.authToken, signatureHeader: 'x-twilio-signature', signatureName: 'X-Twilio-Signature',
  }),
  numbers,
  porting,
  // Brands, campaigns and toll-free verifications pass through to Twilio's Messaging v1 (docs/messaging.md).
  registration: twilioRegistrations(options),
  // The audio of <Record>s on programmable calls, from the RecordingUrl Twilio reports (API origin only).
  recordings: new TwilioRecordings({ accountSid: options.accountSid, authToken: options.authToken, apiUrl: options.apiUrl }),
  };
};

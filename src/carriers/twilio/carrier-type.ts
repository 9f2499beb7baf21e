// The Twilio carrier type, as the composition root lists it: its settings and its accounts made from them.
import { requiredSetting, settingOf } from '../../domain/carrier-settings.ts';
import type { CarrierType } from '../../ports/carrier.ts';
import { createTwilioAccount } from './account.ts';
import { TWILIO_SETTINGS } from './settings.ts';

export const TWILIO_CARRIER: CarrierType = {
  settings: TWILIO_SETTINGS,
  create: (account, webhookBase) => createTwilioAccount({
    name: account.name,
    accountSid: requiredSetting(account, 'accountSid'),
    authToken: requiredSetting(account, 'authToken'),
    apiUrl: requiredSetting(account, 'apiUrl'),
    numbersApiUrl: settingOf(account, 'numbersApiUrl'),
    webhookBase,
  }),
};

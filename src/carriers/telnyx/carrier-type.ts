// The Telnyx carrier type, as the composition root lists it: its settings and its accounts made from them.
import { requiredSetting, settingOf } from '../../domain/carrier-settings.ts';
import type { CarrierType } from '../../ports/carrier.ts';
import { createTelnyxAccount } from './account.ts';
import { TELNYX_SETTINGS } from './settings.ts';

export const TELNYX_CARRIER: CarrierType = {
  settings: TELNYX_SETTINGS,
  create: (account, webhookBase) => createTelnyxAccount({
    name: account.name,
    apiKey: requiredSetting(account, 'apiKey'),
    publicKey: requiredSetting(account, 'publicKey'),
    apiUrl: requiredSetting(account, 'apiUrl'),
    messagingProfileId: settingOf(account, 'messagingProfileId'),
    connectionId: settingOf(account, 'connectionId'),
    webhookBase,
  }),
};

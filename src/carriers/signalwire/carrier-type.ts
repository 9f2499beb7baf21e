// The SignalWire carrier type, as the composition root lists it: its settings and its accounts made from them.
import { requiredSetting } from '../../domain/carrier-settings.ts';
import type { CarrierType } from '../../ports/carrier.ts';
import { createSignalWireAccount } from './account.ts';
import { SIGNALWIRE_SETTINGS } from './settings.ts';

export const SIGNALWIRE_CARRIER: CarrierType = {
  settings: SIGNALWIRE_SETTINGS,
  create: (account, webhookBase) => createSignalWireAccount({
    name: account.name,
    projectId: requiredSetting(account, 'projectId'),
    apiToken: requiredSetting(account, 'apiToken'),
    signingKey: requiredSetting(account, 'signingKey'),
    spaceUrl: requiredSetting(account, 'spaceUrl'),
    webhookBase,
  }),
};

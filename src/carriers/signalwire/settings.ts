// What configuration reads for a SignalWire account ("type": "signalwire"): the project (a UUID), an API
// token, the Signing Key that signs its webhooks, and the space's URL (no default: every space has its own).
import type { CarrierSettingsSpec } from '../../domain/carrier-settings.ts';
import { nonEmpty, requiredHttpUrl, uuid } from '../../domain/setting-values.ts';
import { SIGNALWIRE_TYPE } from './account.ts';

export const SIGNALWIRE_SETTINGS: CarrierSettingsSpec = {
  type: SIGNALWIRE_TYPE,
  fields: {
    projectId: { required: true, parse: uuid },
    apiToken: { required: true, parse: nonEmpty },
    signingKey: { required: true, parse: nonEmpty },
    spaceUrl: { required: true, parse: requiredHttpUrl },
  },
};

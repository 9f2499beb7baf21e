// The SMPP carrier type, as the composition root lists it: its settings and its accounts made from them.
import type { CarrierType } from '../../ports/carrier.ts';
import { createSmppAccount } from './account.ts';
import { SMPP_SETTINGS, smppConfigOf } from './settings.ts';

export const SMPP_CARRIER: CarrierType = {
  settings: SMPP_SETTINGS,
  create: (account) => createSmppAccount(smppConfigOf(account)),
};

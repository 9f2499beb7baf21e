// The SMPP carrier type, as the composition root lists it: its settings and its accounts made from them.
import type { CarrierType } from '../../ports/carrier.ts';
import { createSmppAccount } from './account.ts';
import { SMPP_SETTINGS, smppConfigOf } from './settings.ts';

export const SMPP_CARRIER: CarrierType = {
  settings: SMPP_SETTINGS,
  // What goes wrong handling what the SMSC delivers reaches masq's logger, naming the account.
  create: (account, _webhookBase, context) => {
    const report = context?.onProblem;
    return createSmppAccount(smppConfigOf(account), undefined, report ? (err) => report(`SMPP account "${account.name}": ${err instanceof Error ? err.message : String(err)}`, err) : undefined);
  },
};

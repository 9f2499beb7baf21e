// The SIP carrier type, as the composition root lists it: its settings and its accounts made from them.
// What goes wrong on an account's link (a port it cannot bind, a call it cannot relay or record) reaches
// masq's logger through the context's onProblem, naming the account.
import type { CarrierType } from '../../ports/carrier.ts';
import { createSipAccount } from './account.ts';
import { SIP_SETTINGS, sipConfigOf } from './settings.ts';

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const SIP_CARRIER: CarrierType = {
  settings: SIP_SETTINGS,
  create: (account, _webhookBase, context) => {
    const report = context?.onProblem;
    return createSipAccount(sipConfigOf(account), report ? { onProblem: (err) => report(`SIP account "${account.name}": ${describe(err)}`, err) } : {});
  },
};

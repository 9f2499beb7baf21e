// A message that would leave through a carrier account that carries no messages (a SIP trunk): masq
// cannot text from that number at all, so it says so at once, with Twilio's code for a From number that
// cannot text (21606), instead of queueing a send the account would refuse on every retry.
import type { ErrorName } from '../domain/errors.ts';
import type { CarrierAccount } from '../ports/carrier.ts';

export interface TextingRefusal {
  readonly code: ErrorName;
  readonly reason: string;
}

/** Null when the account can text from `from`; otherwise why not. */
export const textingRefusal = (account: CarrierAccount | null, from: string): TextingRefusal | null => {
  if (!account || account.defaultCapabilities(from).sms) return null;
  return { code: 'from-number-not-valid', reason: `Carrier account '${account.name}' (${account.type}) carries no messages: ${from} cannot send SMS` };
};

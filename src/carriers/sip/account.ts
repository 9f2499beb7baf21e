// A SIP account: voice only, over its link (the B2BUA listening for the trunk's calls), with the numbers it
// declares. A SIP trunk carries no SMS, so a send through it is refused before anything leaves.
import { CarrierSendError, type CarrierAccount } from '../../ports/carrier.ts';
import { declaredNumbersPort } from './declared-numbers.ts';
import { createSipLink, type SipLink } from './link.ts';
import type { MediaAnchor } from './media-anchor.ts';
import { createRtpengineAnchor } from './rtpengine.ts';
import type { SipAccountConfig } from './settings.ts';

export interface SipAccount extends CarrierAccount {
  readonly link: SipLink;
}

export interface SipAccountOptions {
  /** The media anchor; by default rtpengine when the account names one, else none (SDP passed through). */
  readonly anchor?: MediaAnchor | null;
  readonly onProblem?: (err: unknown) => void;
}

export const createSipAccount = (config: SipAccountConfig, options: SipAccountOptions = {}): SipAccount => {
  const anchor = options.anchor !== undefined ? options.anchor : config.rtpengine === null ? null
    : createRtpengineAnchor(config.rtpengine, options.onProblem ? { onError: options.onProblem } : {});
  const link = createSipLink(config, anchor, options.onProblem);
  return {
    name: config.name,
    type: 'sip',
    // Calls are answered on the link itself ('in-reply'); messages cannot go this way at all.
    delivery: { message: 'api', voice: 'in-reply' },
    defaultCapabilities: () => ({ voice: true, sms: false, mms: false }),
    messaging: { send: () => Promise.reject(new CarrierSendError(`carrier account "${config.name}" is a SIP trunk: it carries no messages`, true)) },
    voice: null,
    webhooks: null,
    numbers: declaredNumbersPort(config.numbers),
    link,
  };
};

// An SMPP account: its messages go out over the bind (only on the instance holding it), and what the
// SMSC delivers comes back over the same bind (no webhooks). Calls are not SMPP's: no voice port. With
// `connection: server` masq is the SMSC: the peer binds to masq's listener (server-link.ts).
import type { CarrierAccount } from '../../ports/carrier.ts';
import { createSmppLink, DEFAULT_TIMING, type LinkTiming, type SmppLink } from './link.ts';
import { createSmppServerLink } from './server-link.ts';
import type { SmppAccountConfig } from './settings.ts';

export interface SmppAccount extends CarrierAccount {
  readonly link: SmppLink;
}

export const createSmppAccount = (config: SmppAccountConfig, timing: LinkTiming = DEFAULT_TIMING, onProblem?: (err: unknown) => void): SmppAccount => {
  const link = config.connection === 'server' ? createSmppServerLink(config, timing, onProblem) : createSmppLink(config, timing, onProblem);
  return {
    name: config.name,
    type: 'smpp',
    // 'api': the forward is a job the bind's holder runs; there is no webhook to answer in.
    delivery: { message: 'api', voice: 'api' },
    defaultCapabilities: () => ({ voice: false, sms: true, mms: false }),
    messaging: { send: (message) => link.submitter.send(message) },
    voice: null,
    webhooks: null,
    link,
  };
};

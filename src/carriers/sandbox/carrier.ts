// The sandbox carrier: numbers on it can do voice, SMS and MMS, and a message "sent" through it lands
// at once in the destination virtual phone's inbox with status delivered. It sends only from numbers
// that are on the sandbox carrier, into the network of the account that owns them: the sandbox never
// stands in for a real carrier's number, and one account's traffic never lands in another's phones.
import { AppError } from '../../domain/errors.ts';
import type { CarrierAccount, MessagingPort, OutboundCall, OutboundMessage, SentResource, VoicePort } from '../../ports/carrier.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Ids } from '../../ports/ids.ts';
import { SANDBOX_CARRIER, type FindNumberOwner } from '../../ports/sandbox.ts';
import type { SandboxNetwork } from './network.ts';
import { SandboxNumbers } from './numbers.ts';
import { SandboxPorting } from './porting.ts';

export { SANDBOX_CARRIER };

/** Idempotency keys remembered per process: enough to absorb retries, bounded like the inboxes. */
const REMEMBERED_SENDS = 10_000;

export class SandboxCarrier implements MessagingPort, VoicePort {
  readonly #network: SandboxNetwork;
  readonly #ids: Ids;
  readonly #clock: Clock;
  readonly #ownerOf: FindNumberOwner;
  readonly #sent = new Map<string, SentResource>();

  constructor(deps: { network: SandboxNetwork; ids: Ids; clock: Clock; ownerOf: FindNumberOwner }) {
    this.#network = deps.network;
    this.#ids = deps.ids;
    this.#clock = deps.clock;
    this.#ownerOf = deps.ownerOf;
  }

  async send(message: OutboundMessage): Promise<SentResource> {
    // A retried send with the same key must not reach the phone twice (the port's contract).
    const previous = this.#sent.get(message.idempotencyKey);
    if (previous) return previous;
    const accountSid = await this.#sandboxOwner(message.from);
    const sid = this.#ids.sid('message');
    this.#network.deliver(accountSid, {
      sid,
      from: message.from,
      to: message.to,
      body: message.body,
      mediaUrls: [...message.mediaUrls],
      dateCreated: this.#clock.now(),
    });
    return this.#remember(message.idempotencyKey, { sid, status: 'delivered', url: null });
  }

  /** The partner's phone starts ringing; it answers or hangs up through the sandbox API. */
  async bridge(call: OutboundCall): Promise<SentResource> {
    const previous = this.#sent.get(call.idempotencyKey);
    if (previous) return previous;
    // The inbound leg is a sandbox call (only the carrier holding it bridges): the new leg joins its account.
    const accountSid = this.#network.accountOfCall(call.inboundResourceSid);
    if (!accountSid) throw new AppError('parameter-invalid', `Call ${call.inboundResourceSid} is not a sandbox call`);
    const leg = this.#network.startCall(accountSid, {
      sid: this.#ids.sid('call'), from: call.from, to: call.to, bridgedWith: call.inboundResourceSid, dateCreated: this.#clock.now(),
    });
    this.#network.updateCall(accountSid, call.inboundResourceSid, { bridgedWith: leg.sid });
    return this.#remember(call.idempotencyKey, { sid: leg.sid, status: 'ringing', url: null });
  }

  /** Whether a number is in masq's inventory, whoever owns it: those are not for sale. */
  readonly isInInventory = async (e164: string): Promise<boolean> => (await this.#ownerOf(e164)) !== null;

  /** The account owning `from`, which must be a number on this carrier. */
  async #sandboxOwner(from: string): Promise<string> {
    const owner = await this.#ownerOf(from);
    if (!owner || owner.carrier !== SANDBOX_CARRIER) {
      throw new AppError('sandbox-number-required', `The sandbox carrier sends only from numbers on the sandbox carrier; ${from} is ${owner ? `on the ${owner.carrier} carrier` : 'not in the inventory'}`);
    }
    return owner.accountSid;
  }

  #remember(key: string, sent: SentResource): SentResource {
    this.#sent.set(key, sent);
    if (this.#sent.size > REMEMBERED_SENDS) {
      const oldest = this.#sent.keys().next();
      if (!oldest.done) this.#sent.delete(oldest.value);
    }
    return sent;
  }
}

/**
 * The sandbox as a carrier account. It calls no webhooks (virtual phones hand their traffic to routing
 * in-process), so masq sends and bridges through it by API, like Telnyx or Vonage.
 */
export const createSandboxAccount = (carrier: SandboxCarrier): CarrierAccount => ({
  name: SANDBOX_CARRIER,
  type: SANDBOX_CARRIER,
  delivery: { message: 'api', voice: 'api' },
  defaultCapabilities: () => ({ voice: true, sms: true, mms: true }),
  messaging: carrier,
  voice: carrier,
  webhooks: null,
  numbers: new SandboxNumbers(carrier.isInInventory),
  porting: new SandboxPorting(),
});

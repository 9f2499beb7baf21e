// Outbound submit_sm over the bind: at most `windowSize` submits awaiting their response, at most
// `throughputPerSecond` started per second, and on ESME_RTHROTTLED / ESME_RMSGQFUL the same part is
// offered again after a growing pause, within the send's deadline. A long message goes out as parts with
// one concatenation reference (or whole in message_payload, one submit, when the account says so); the
// first part's id names the message (its interaction's resource sid) and the other parts' ids are
// remembered for a while, so a receipt for any part finds the message. When masq is the SMSC (server
// mode) the same parts go out as deliver_sm: no receipt is asked for (the peer owes none), and since a
// deliver_sm_resp names no message, masq names it itself.
import { randomUUID } from 'node:crypto';
import { CarrierSendError, type OutboundMessage, type SentResource } from '../../ports/carrier.ts';
import { outboundAddress } from './addresses.ts';
import { encodeMessage, type EncodedPart } from './encoding.ts';
import { canonicalMessageId } from './receipts.ts';
import type { SmppAccountConfig } from './settings.ts';
import { SMPP_STATUS, type SmppConnection, type SubmitAnswer } from './smpp-client.ts';

/** registered_delivery 1: a receipt for the final outcome, success or failure. */
const RECEIPT_ON_FINAL = 0x01;
const NO_RECEIPT = 0x00;
const THROTTLE_BASE_MS = 200;
const THROTTLE_CAP_MS = 5_000;
const DEFAULT_SEND_MS = 30_000;
/** Part ids kept for receipts of parts 2..n (the first part's id is stored with the interaction). */
const PART_ALIASES = 10_000;

export interface Submitter {
  attach(connection: SmppConnection): void;
  detach(): void;
  attached(): boolean;
  send(message: OutboundMessage): Promise<SentResource>;
  /** The resource sid a receipt's message id belongs to. */
  resourceSidOf(receiptId: string): string;
  /** Resolves once no submit is in flight. */
  drain(): Promise<void>;
}

export const smppResourceSid = (account: string, canonicalId: string): string => `${account}:${canonicalId}`;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const createSubmitter = (config: SmppAccountConfig): Submitter => {
  let connection: SmppConnection | null = null;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const idle: (() => void)[] = [];
  let nextStartAt = 0;
  let reference = Math.floor(Math.random() * 256);
  const registeredDelivery = config.connection === 'server' ? NO_RECEIPT : RECEIPT_ON_FINAL;
  const aliases = new Map<string, string>();

  const acquire = async (): Promise<void> => {
    while (inFlight >= config.windowSize) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight += 1;
    if (config.throughputPerSecond > 0) {
      const now = Date.now();
      const startAt = Math.max(now, nextStartAt);
      nextStartAt = startAt + 1000 / config.throughputPerSecond;
      if (startAt > now) await pause(startAt - now);
    }
  };
  const release = (): void => {
    inFlight -= 1;
    waiting.shift()?.();
    if (inFlight === 0) for (const done of idle.splice(0)) done();
  };

  /** One part, offered again while the SMSC says it is too busy; its message id when accepted. */
  const submitPart = async (message: OutboundMessage, part: EncodedPart, deadline: number, first: boolean): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const bound = connection;
      if (!bound) throw new CarrierSendError('the SMPP bind is not up on this instance', first);
      await acquire();
      let answer: SubmitAnswer;
      try {
        answer = await bound.submit({
          sourceAddr: outboundAddress(message.from, config.sourceTon), sourceTon: config.sourceTon, sourceNpi: config.sourceNpi,
          destAddr: outboundAddress(message.to, config.destTon), destTon: config.destTon, destNpi: config.destNpi,
          dataCoding: part.dataCoding, esmClass: part.esmClass, registeredDelivery, shortMessage: part.shortMessage, messagePayload: part.messagePayload,
        });
      } catch (err) {
        // Sent but unanswered (or the connection dropped): the SMSC may have taken it.
        throw new CarrierSendError(`submit_sm got no answer: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
      } finally {
        release();
      }
      // deliver_sm_resp's message_id is unused (SMPP 3.4 §4.6.2): an empty one is replaced by masq's own.
      if (answer.status === SMPP_STATUS.OK) return answer.messageId || `L${randomUUID().replaceAll('-', '')}`;
      const busy = answer.status === SMPP_STATUS.THROTTLED || answer.status === SMPP_STATUS.MSGQFUL;
      const wait = Math.min(THROTTLE_BASE_MS * 2 ** (attempt - 1), THROTTLE_CAP_MS);
      if (!busy || Date.now() + wait > deadline) {
        throw new CarrierSendError(`submit_sm refused with command_status 0x${answer.status.toString(16)}`, first);
      }
      await pause(wait);
    }
  };

  const remember = (partId: string, sid: string): void => {
    if (aliases.size >= PART_ALIASES) {
      const oldest = aliases.keys().next().value;
      if (oldest !== undefined) aliases.delete(oldest);
    }
    aliases.set(partId, sid);
  };

  return {
    attach: (bound) => { connection = bound; },
    detach: () => { connection = null; },
    attached: () => connection !== null,
    send: async (message) => {
      // SMPP carries text only. A caption sent without its media would be a silent loss of what the sender sent, so
      // any message with media is refused whole (80613, logged failed) rather than delivered in part.
      if (message.mediaUrls.length > 0) throw new CarrierSendError(`SMPP carries text only: the message has ${message.mediaUrls.length} media attachment(s), and is not sent without them`, true);
      const deadline = message.deadline?.getTime() ?? Date.now() + DEFAULT_SEND_MS;
      reference = (reference + 1) % 256;
      const parts = encodeMessage(message.body, config.dataCoding, reference, config.longMessages);
      const ids: string[] = [];
      for (const part of parts) ids.push(canonicalMessageId(await submitPart(message, part, deadline, ids.length === 0), config.messageIdFormat));
      const sid = smppResourceSid(config.name, ids[0] ?? '');
      for (const id of ids.slice(1)) remember(id, sid);
      return { sid, status: 'sent', url: null };
    },
    resourceSidOf: (receiptId) => {
      const id = canonicalMessageId(receiptId, config.receiptIdFormat);
      return aliases.get(id) ?? smppResourceSid(config.name, id);
    },
    drain: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve))),
  };
};

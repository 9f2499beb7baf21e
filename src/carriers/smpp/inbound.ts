// What the SMSC delivers: mobile-originated messages (addresses to E.164, concatenated parts put back
// together) go to masq's inbound routing; delivery receipts become status reports about the message
// they name. The deliver_sm_resp waits until masq has acted, so an SMSC whose PDU was not recorded
// (masq stopped, the database failed) delivers it again: a temporary error (0x64) says so.
import { randomUUID } from 'node:crypto';
import type { LinkSink, WebhookEvent } from '../../ports/carrier.ts';
import { inboundE164 } from './addresses.ts';
import { concatenationOf, createReassembler, type Reassembled } from './reassembly.ts';
import { isDeliveryReceipt, readReceipt } from './receipts.ts';
import type { SmppAccountConfig } from './settings.ts';
import { SMPP_STATUS, type DeliverSm } from './smpp-client.ts';

/** Concatenated MOs waiting for parts, at most (the oldest is released first beyond it). */
const MAX_PENDING_MESSAGES = 1_000;

export interface Inbound {
  deliver(pdu: DeliverSm, respond: (status: number) => void): void;
  /** Releases concatenated messages whose parts stopped coming. */
  sweep(): void;
}

export interface InboundOptions {
  readonly reassemblyTimeoutMs: number;
  /** The resource sid a receipt's message id names (submitter.ts). */
  readonly resourceSidOf: (receiptId: string) => string;
  /** Where a PDU masq could not act on is reported (it is answered with a temporary error). */
  readonly onProblem?: (err: unknown) => void;
}

const messageEvent = (config: SmppAccountConfig, message: Pick<Reassembled, 'from' | 'to' | 'text'>, parts: number): WebhookEvent => ({
  kind: 'inbound',
  event: {
    channel: 'message', carrier: config.name,
    // SMPP gives an MO no id of its own: each is a new message.
    resourceSid: `${config.name}:MO${randomUUID().replaceAll('-', '')}`,
    from: message.from, to: message.to, body: message.text, mediaUrls: [],
    carrierParams: { From: message.from, To: message.to, Body: message.text, NumSegments: String(parts) },
  },
});

export const createInbound = (config: SmppAccountConfig, sink: LinkSink, options: InboundOptions): Inbound => {
  const reassembler = createReassembler({ timeoutMs: options.reassemblyTimeoutMs, maxMessages: MAX_PENDING_MESSAGES, now: Date.now });
  const act = (event: WebhookEvent, respond?: (status: number) => void): void => {
    sink.report(event).then(() => respond?.(SMPP_STATUS.OK), (err: unknown) => {
      options.onProblem?.(err);
      respond?.(SMPP_STATUS.X_T_APPN);
    });
  };

  const receipt = (pdu: DeliverSm, respond: (status: number) => void): void => {
    const read = readReceipt(pdu);
    if (read === null || read.status === null) return respond(SMPP_STATUS.OK);
    act({
      kind: 'status',
      report: { interactionSid: null, resourceSid: options.resourceSidOf(read.messageId), resourceType: 'Message', status: read.status, durationSeconds: null, errorCode: read.error },
    }, respond);
  };

  const mobileOriginated = (pdu: DeliverSm, respond: (status: number) => void): void => {
    const from = inboundE164(pdu.sourceAddr, pdu.sourceTon, config.country);
    const to = inboundE164(pdu.destAddr, pdu.destTon, config.country);
    const info = concatenationOf(pdu);
    if (info === null || info.total <= 1) return act(messageEvent(config, { from, to, text: pdu.text }, 1), respond);
    const whole = reassembler.add({ from, to, text: pdu.text, info });
    // A part is acknowledged when kept; the part completing the message, once the message is routed.
    if (whole === null) return respond(SMPP_STATUS.OK);
    act(messageEvent(config, whole, info.total), respond);
  };

  return {
    deliver: (pdu, respond) => (isDeliveryReceipt(pdu.esmClass) ? receipt(pdu, respond) : mobileOriginated(pdu, respond)),
    sweep: () => {
      for (const partial of reassembler.expired()) act(messageEvent(config, partial, partial.parts));
    },
  };
};

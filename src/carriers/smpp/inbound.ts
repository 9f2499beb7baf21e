// What the SMSC delivers: mobile-originated messages (addresses to E.164, concatenated parts put back
// together) go to masq's inbound routing; delivery receipts become status reports about the message
// they name. The deliver_sm_resp waits until masq has acted, so an SMSC whose PDU was not recorded
// (masq stopped, the database failed) delivers it again: a temporary error (0x64) says so.
// In server mode the same PDUs arrive as the peer's submit_sm: each is answered with a message id, and
// when the peer asked for a receipt, what masq did with the message (routed on, or refused) is handed
// to onRouted once it is known, so the link can send the peer its receipt.
import { randomUUID } from 'node:crypto';
import type { InboundEvent } from '../../domain/routing.ts';
import type { LinkSink } from '../../ports/carrier.ts';
import { inboundE164 } from './addresses.ts';
import { concatenationOf, createReassembler, type Reassembled } from './reassembly.ts';
import { isDeliveryReceipt, readReceipt, type ReceiptOutcome } from './receipts.ts';
import type { SmppAccountConfig } from './settings.ts';
import { SMPP_STATUS, type DeliverSm } from './smpp-client.ts';

/** Concatenated MOs waiting for parts, at most (the oldest is released first beyond it). */
const MAX_PENDING_MESSAGES = 1_000;

/** registered_delivery bits 0-1: 1, a receipt for the final outcome; 2, for a failure only. */
const RECEIPT_ASKED = 0x03;

/** A receipt the sender of a PDU asked for, owed once masq has routed the message. */
export interface OwedReceipt {
  /** The id masq answered the PDU with. */
  readonly messageId: string;
  readonly part: DeliverSm;
  readonly receivedAt: Date;
}

type Respond = (status: number, messageId?: string) => void;

export interface Inbound {
  deliver(pdu: DeliverSm, respond: Respond): void;
  /** Releases concatenated messages whose parts stopped coming. */
  sweep(): void;
}

export interface InboundOptions {
  readonly reassemblyTimeoutMs: number;
  /** The resource sid a receipt's message id names (submitter.ts). */
  readonly resourceSidOf: (receiptId: string) => string;
  /** Where a PDU masq could not act on is reported (it is answered with a temporary error). */
  readonly onProblem?: (err: unknown) => void;
  /**
   * Server mode: the receipts owed for a message, with what masq did with it. When set, messages are
   * routed through sink.route, whose plan says whether masq refused them.
   */
  readonly onRouted?: (owed: readonly OwedReceipt[], outcome: ReceiptOutcome) => void;
}

/** A new id: SMPP gives an MO no id of its own, and a peer's submit_sm is answered with one. */
const newId = (): string => randomUUID().replaceAll('-', '');

const messageEvent = (config: SmppAccountConfig, message: Pick<Reassembled, 'from' | 'to' | 'text'>, parts: number, id: string): InboundEvent => ({
  channel: 'message', carrier: config.name,
  resourceSid: `${config.name}:MO${id}`,
  from: message.from, to: message.to, body: message.text, mediaUrls: [],
  carrierParams: { From: message.from, To: message.to, Body: message.text, NumSegments: String(parts) },
});

export const createInbound = (config: SmppAccountConfig, sink: LinkSink, options: InboundOptions): Inbound => {
  const reassembler = createReassembler<OwedReceipt>({ timeoutMs: options.reassemblyTimeoutMs, maxMessages: MAX_PENDING_MESSAGES, now: Date.now });
  const answered = (acted: Promise<void>, respond: Respond | undefined, id: string): Promise<boolean> =>
    acted.then(() => { respond?.(SMPP_STATUS.OK, id); return true; }, (err: unknown) => {
      options.onProblem?.(err);
      respond?.(SMPP_STATUS.X_T_APPN, id);
      return false;
    });

  /** Routes a whole message; answers its last PDU, then settles the receipts its parts asked for. */
  const route = (event: InboundEvent, owed: readonly OwedReceipt[], respond: Respond | undefined, id: string): void => {
    const { onRouted } = options;
    if (!onRouted) {
      void answered(sink.report({ kind: 'inbound', event }), respond, id);
      return;
    }
    let outcome: ReceiptOutcome = 'DELIVRD';
    const routed = sink.route(event).then((result) => { if (result.plan.refusal !== null) outcome = 'UNDELIV'; });
    void answered(routed, respond, id).then((acted) => {
      // Not acted on (a temporary error): the peer sends it again, and gets its receipt then.
      if (acted && owed.length > 0) onRouted(owed, outcome);
    });
  };

  const receipt = (pdu: DeliverSm, respond: Respond, id: string): void => {
    const read = readReceipt(pdu);
    if (read === null || read.status === null) return respond(SMPP_STATUS.OK, id);
    void answered(sink.report({
      kind: 'status',
      report: { interactionSid: null, resourceSid: options.resourceSidOf(read.messageId), resourceType: 'Message', status: read.status, durationSeconds: null, errorCode: read.error },
    }), respond, id);
  };

  const mobileOriginated = (pdu: DeliverSm, respond: Respond, id: string): void => {
    const from = inboundE164(pdu.sourceAddr, pdu.sourceTon, config.country);
    const to = inboundE164(pdu.destAddr, pdu.destTon, config.country);
    const owed: OwedReceipt[] = (pdu.registeredDelivery & RECEIPT_ASKED) === 0 ? [] : [{ messageId: id, part: pdu, receivedAt: new Date() }];
    const info = concatenationOf(pdu);
    if (info === null || info.total <= 1) return route(messageEvent(config, { from, to, text: pdu.text }, 1, id), owed, respond, id);
    const whole = reassembler.add({ from, to, text: pdu.text, info, ...(owed[0] && { tag: owed[0] }) });
    // A part is acknowledged when kept; the part completing the message, once the message is routed.
    if (whole === null) return respond(SMPP_STATUS.OK, id);
    route(messageEvent(config, whole, info.total, id), whole.tags, respond, id);
  };

  return {
    deliver: (pdu, respond) => {
      const id = newId();
      return isDeliveryReceipt(pdu.esmClass) ? receipt(pdu, respond, id) : mobileOriginated(pdu, respond, id);
    },
    sweep: () => {
      for (const partial of reassembler.expired()) route(messageEvent(config, partial, partial.parts, newId()), partial.tags, undefined, '');
    },
  };
};

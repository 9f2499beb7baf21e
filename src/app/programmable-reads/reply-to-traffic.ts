// POST /masq/v1/NumberTraffic/{NT}/Reply: answer a message to a programmable number later (a flow's
// webhook that took its time, a person reading the call log), from the number it reached, through the
// number's carrier account. The reply goes to the traffic's sender only, as any send masq places: never to
// someone who opted out of the number (21610), gated like every US SMS (sms-gate.ts: a blocked reply is
// accepted and not sent, as at Twilio), and logged on the traffic as a 'reply' event whatever its outcome.
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { ResourceStatus } from '../../domain/interaction.ts';
import type { InventoryNumber, NumberState } from '../../domain/inventory-number.ts';
import type { GateOutcome } from '../../domain/messaging/sms-gate.ts';
import { storedE164 } from '../../domain/phone-number.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { InventoryRepo, NumberTrafficRepo, SmsGateRepo } from '../../ports/store.ts';
import type { AppDeps, DepsWith } from '../deps.ts';
import { unsubscribed } from '../opt-outs.ts';
import { gateSend } from '../sms-gate.ts';
import { findOwnTraffic } from './number-traffic-reads.ts';

type ReplyDeps = DepsWith<NumberTrafficRepo & InventoryRepo & SmsGateRepo, 'clock' | 'ids' | 'carriers' | 'settings'>
  & Partial<Pick<AppDeps, 'smsGateEvents'>>;

export interface ReplyInput {
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** The request's I-Twilio-Idempotency-Token, when it had one. */
  readonly idempotencyToken: string | null;
}

/** The message: from the number the traffic reached, to its sender, through the number's carrier account. */
interface ReplyMessage {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  readonly carrier: string;
}

interface ReplyOutcome {
  /** The carrier's id for the message; null when it was not sent. */
  readonly messageSid: string | null;
  readonly status: ResourceStatus;
  /** Why a blocked reply was not sent (the gating code, 30032-30035). */
  readonly errorCode: number | null;
  /** Why it was not sent (gating's explanation, or the carrier's refusal). */
  readonly errorMessage: string | null;
}

export interface TrafficReply extends ReplyMessage, ReplyOutcome {
  readonly traffic: NumberTraffic;
  readonly dateCreated: Date;
}

/** States in which the account still holds the number and may send from it (not quarantined, not gone). */
const SENDING_STATES: readonly NumberState[] = ['active', 'porting-out'];

const messageTraffic = (traffic: NumberTraffic): NumberTraffic => {
  if (traffic.channel === 'message') return traffic;
  throw new AppError('parameter-invalid', `NumberTraffic ${traffic.sid} is a call: only a message can be replied to`);
};

/** The number the traffic reached, if the account still holds it: a released or transferred one sends nothing. */
const sendingNumber = async (deps: ReplyDeps, traffic: NumberTraffic): Promise<InventoryNumber> => {
  const number = await deps.store.findInventoryNumber(traffic.accountSid, traffic.numberSid);
  if (number && SENDING_STATES.includes(number.state)) return number;
  throw new AppError('from-number-not-valid', `${traffic.phoneNumber} is no longer a number of this account that can send messages`);
};

const recipientOf = (traffic: NumberTraffic): string => {
  const to = storedE164(traffic.from);
  if (to !== null) return to;
  throw new AppError('parameter-invalid', `The sender of NumberTraffic ${traffic.sid} (${traffic.from}) is not a phone number a reply can be sent to`);
};

/**
 * The key the carrier dedupes the send by: the same for a retry of the same request (the same token,
 * e.g. after a crash left the token's reservation to be taken over), a fresh one otherwise, so two
 * deliberate replies with the same text are both sent.
 */
const carrierKey = (deps: Pick<AppDeps, 'ids'>, traffic: NumberTraffic, token: string | null): string => {
  const part = token === null ? deps.ids.token(12) : createHash('sha256').update(token).digest('base64url').slice(0, 22);
  return `reply-${traffic.sid}-${part}`;
};

const replyEvent = (at: Date, reply: ReplyMessage & ReplyOutcome, gate: GateOutcome): NewTrafficEvent => {
  const outcome = reply.messageSid !== null ? `sent (${reply.messageSid})`
    : reply.errorCode !== null ? `blocked (${reply.errorCode}): ${reply.errorMessage ?? ''}` : `failed: ${reply.errorMessage ?? ''}`;
  return {
    at,
    kind: 'reply',
    detail: `Reply from ${reply.from} to ${reply.to} ${outcome}`,
    data: {
      from: reply.from,
      to: reply.to,
      body: reply.body,
      ...(reply.mediaUrls.length > 0 && { media_urls: reply.mediaUrls.join(' ') }),
      carrier: reply.carrier,
      status: reply.status,
      ...(reply.messageSid !== null && { message_sid: reply.messageSid }),
      ...(reply.errorCode !== null && { error_code: String(reply.errorCode) }),
      ...(reply.errorMessage !== null && { error_message: reply.errorMessage }),
      ...(gate.kind === 'warn' && { warning_code: String(gate.problem.code), warning: gate.problem.message }),
    },
  };
};

/** Sends the reply; a carrier's refusal is logged on the traffic before the caller hears of it (502). */
const sendThroughCarrier = async (deps: ReplyDeps, traffic: NumberTraffic, message: ReplyMessage, token: string | null, gate: GateOutcome): Promise<ReplyOutcome> => {
  try {
    const sent = await deps.carriers.get(message.carrier).messaging.send({
      from: message.from, to: message.to, body: message.body, mediaUrls: message.mediaUrls, statusCallbackUrl: null,
      idempotencyKey: carrierKey(deps, traffic, token),
    });
    return { messageSid: sent.sid, status: sent.status, errorCode: null, errorMessage: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const failed: ReplyOutcome = { messageSid: null, status: 'failed', errorCode: null, errorMessage: reason };
    await deps.store.appendTrafficEvents(traffic.sid, [replyEvent(deps.clock.now(), { ...message, ...failed }, gate)]);
    throw new AppError('downstream-rejected', `The carrier refused the reply: ${reason}`);
  }
};

/** A blocked reply is accepted and never sent, as at Twilio: its outcome names the gating code. */
const blocked = (gate: Extract<GateOutcome, { kind: 'block' }>): ReplyOutcome =>
  ({ messageSid: null, status: 'undelivered', errorCode: gate.problem.code, errorMessage: gate.problem.message });

export const replyToTraffic = async (deps: ReplyDeps, accountSid: string, sid: string, input: ReplyInput): Promise<TrafficReply> => {
  const traffic = messageTraffic(await findOwnTraffic(deps, accountSid, sid));
  const number = await sendingNumber(deps, traffic);
  const to = recipientOf(traffic);
  if (await deps.store.isOptedOut(number.phoneNumber, to)) throw unsubscribed(number.phoneNumber, to);
  const message: ReplyMessage = { from: number.phoneNumber, to, body: input.body, mediaUrls: input.mediaUrls, carrier: number.carrier };
  const gate = await gateSend(deps, { accountSid, interactionSid: null, from: message.from, to });
  const outcome = gate.kind === 'block' ? blocked(gate) : await sendThroughCarrier(deps, traffic, message, input.idempotencyToken, gate);
  const reply = { ...message, ...outcome };
  const at = deps.clock.now();
  await deps.store.appendTrafficEvents(traffic.sid, [replyEvent(at, reply, gate)]);
  return { ...reply, traffic, dateCreated: at };
};

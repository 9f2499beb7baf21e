// SIP: masq is a B2BUA on a trunk (src/carriers/sip/). There are no webhooks: a call is an INVITE from the
// caller's side of the trunk (a peer on 127.0.0.2) to masq's listener (127.0.0.1), masq's "answer" is its
// final SIP response, and the leg masq places to the partner is an INVITE to the trunk (a peer on
// 127.0.0.3), which answers it. Both peers are test/support/sip-peer.ts, on other loopback addresses than
// masq's (the `sip` library answers 404 to a request aimed at its own address: carriers.md §12).
// A SIP trunk carries no messages and no STIR/SHAKEN verdict, and masq times calls itself, on the wall
// clock, as the B2BUA that holds both legs: its records arrive over the link after the call, not in an answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { SIP_SETTINGS } from '../../../src/carriers/sip/settings.ts';
import { uriText, type SipMessage } from '../../../src/carriers/sip/sip-message.ts';
import { list } from '../../api/support.ts';
import { accountsLoader } from '../../support/carrier-settings.ts';
import { CALLER_ADDRESS, headerText, startSipPeer, TRUNK_ADDRESS, type PeerCall } from '../../support/sip-peer.ts';
import { freePort } from '../../support/sipp.ts';
import type { CarrierDriver, DeliveryOptions, DriverInstance, HttpReply, MasqEndpoint, SeenDial } from './driver.ts';

const ACCOUNT = 'trunk';
/** masq's SIP address: the peers are elsewhere on 127/8. */
const MASQ_ADDRESS = '127.0.0.1';
const LISTEN_WAIT_MS = 15_000;
const RECORD_WAIT_MS = 15_000;
/** The statuses after which masq writes nothing more about a leg. */
const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** The number in a SIP URI's user part (`sip:+14155550101@host` → `+14155550101`); '' when there is none. */
const userOf = (uri: Parameters<typeof uriText>[0]): string => /^sips?:([^@;]+)@/i.exec(uriText(uri))?.[1] ?? '';

/** The number a header naming one URI shows (P-Asserted-Identity as text: `<sip:+1415...@host>`). */
const userInHeader = (value: string | null): string => userOf(/<([^>]+)>/.exec(value ?? '')?.[1] ?? value ?? '');

/** masq's final response to the caller's INVITE, as the suite reads an answer: the SIP status and its status line. */
const replyOf = (response: SipMessage): HttpReply => {
  const status = response.status ?? 0;
  const reason = headerText(response, 'reason');
  return {
    status, contentType: 'message/sip', json: {},
    body: `SIP/2.0 ${status} ${response.reason ?? ''}${reason === null ? '' : `\r\nReason: ${reason}`}`,
  };
};

const webhookOptionsRefused = (opts: DeliveryOptions): void => {
  if (opts.resourceId !== undefined || opts.forge !== undefined || opts.answerLost) {
    throw new Error('SIP takes no webhooks: a call is an INVITE over the trunk, with nothing to sign, forge or retry');
  }
  if (opts.attestation !== undefined) throw new Error('this SIP trunk hands masq no STIR/SHAKEN verdict');
};

/** The leg masq placed on the trunk, as the partner's side of the trunk sees it. */
const seenDial = (bInvite: SipMessage, inboundCallId: string): SeenDial => {
  const from = userOf(bInvite.headers.from.uri);
  const asserted = userInHeader(headerText(bInvite, 'p-asserted-identity'));
  // The partner's phone shows one of them: masq must not say two different things.
  if (asserted !== from) throw new Error(`the B-leg's From shows ${from} but its P-Asserted-Identity ${asserted}`);
  return { via: ACCOUNT, callerId: from, to: userOf(bInvite.uri), inboundCallId, actionUrl: null, legId: bInvite.headers['call-id'] };
};

/** The interaction masq logged for the call whose inbound leg is `callId`, once both legs have ended; null when none. */
const endedCall = async (masq: MasqEndpoint, callId: string): Promise<Record<string, unknown> | null> => {
  for (const service of list((await masq.api('GET', '/v1/Services?PageSize=100')).json, 'services')) {
    const sessions = list((await masq.api('GET', `/v1/Services/${String(service.sid)}/Sessions?PageSize=100`)).json, 'sessions');
    for (const session of sessions) {
      const interactions = list((await masq.api('GET', `/v1/Services/${String(service.sid)}/Sessions/${String(session.sid)}/Interactions?PageSize=100`)).json, 'interactions');
      const found = interactions.find((i) => i.inbound_resource_sid === callId);
      if (found) return found;
    }
  }
  return null;
};

/**
 * Waits until masq has recorded the end of both legs: over the trunk its records follow the BYE (the link
 * reports them as the call goes), where a webhook carrier's are written before masq answers it.
 */
const recordedEnd = async (masq: MasqEndpoint, callId: string): Promise<void> => {
  const until = Date.now() + RECORD_WAIT_MS;
  let last: Record<string, unknown> | null = null;
  for (;;) {
    last = await endedCall(masq, callId);
    if (last && ENDED.has(String(last.inbound_resource_status)) && ENDED.has(String(last.outbound_resource_status))) return;
    if (Date.now() > until) throw new Error(`masq did not record the end of call ${callId} within ${RECORD_WAIT_MS} ms: ${JSON.stringify(last)}`);
    await sleep(50);
  }
};

interface PlacedCall {
  readonly call: PeerCall;
  /** When the caller heard the answer (wall clock, ms). */
  readonly answeredAt: number;
}

const start = async (): Promise<DriverInstance> => {
  const caller = await startSipPeer(CALLER_ADDRESS, ['udp']);
  const trunk = await startSipPeer(TRUNK_ADDRESS, ['udp']);
  const port = await freePort(MASQ_ADDRESS);
  const placed = new Map<string, PlacedCall>();
  const [account] = accountsLoader(SIP_SETTINGS).load([{
    type: 'sip', name: ACCOUNT, listenAddress: MASQ_ADDRESS, listenPort: String(port), transports: 'udp',
    allowedPeers: `${CALLER_ADDRESS},${TRUNK_ADDRESS}`, trunk: `${TRUNK_ADDRESS}:${trunk.port}`, trunkTransport: 'udp',
    country: 'US', leaseMs: '1500',
  }]);
  if (!account) throw new Error('the SIP account did not load');

  /**
   * Waits for masq to listen (it does once its instance holds the link's lease), as a trunk checks its
   * peer: an OPTIONS ping, which the peer's stack retransmits until masq is there to answer it.
   */
  const listening = async (): Promise<void> => {
    const pong = await Promise.race([caller.options({ host: MASQ_ADDRESS, port }), sleep(LISTEN_WAIT_MS, null, { ref: false })]);
    if (pong?.status !== 200) throw new Error(`masq's SIP listener did not answer OPTIONS within ${LISTEN_WAIT_MS} ms: ${pong?.status ?? 'no answer'}`);
  };

  return {
    accountName: ACCOUNT,
    account,
    newMessageId: () => {
      throw new Error('a SIP trunk carries no messages');
    },
    sms: () => {
      throw new Error('a SIP trunk carries no messages');
    },
    call: async (_masq, from, to, opts = {}) => {
      webhookOptionsRefused(opts);
      await listening();
      // The partner's phone answers as soon as it rings: the call is up once masq answers the caller.
      trunk.behaviour = { kind: 'answer' };
      const legsBefore = trunk.invites().length;
      const call = caller.call({ host: MASQ_ADDRESS, port, from, to });
      const final = await call.finalResponse();
      const answeredAt = Date.now();
      placed.set(call.callId, { call, answeredAt });
      // Calls are placed one at a time: a leg that reached the trunk since this INVITE is this call's.
      const bInvite = trunk.invites()[legsBefore];
      return { delivery: { resourceId: call.callId, reply: replyOf(final) }, dial: bInvite ? seenDial(bInvite, call.callId) : null };
    },
    messagesTo: async () => [],
    report: () => {
      throw new Error('a SIP trunk carries no messages, so it reports none');
    },
    hangUp: async (masq, dial, seconds) => {
      const held = placed.get(dial.inboundCallId);
      if (!held || dial.legId === null) throw new Error(`no call ${dial.inboundCallId} is up on the SIP trunk`);
      // The call lasts `seconds` from the moment the caller heard it answered; then the partner hangs up.
      await sleep(Math.max(0, held.answeredAt + seconds * 1000 - Date.now()));
      const bye = await trunk.hangUp(dial.legId);
      if (bye.status !== 200) throw new Error(`masq answered the partner's BYE with ${bye.status ?? '?'}`);
      await held.call.byeReceived();
      await recordedEnd(masq, dial.inboundCallId);
      return seconds;
    },
    close: async () => {
      await caller.close();
      await trunk.close();
    },
  };
};

export const sipDriver: CarrierDriver = {
  type: 'sip',
  features: {
    webhooks: null, messageReports: false, crossCarrier: true, messagesByApi: false, messaging: false, mms: false, attestation: false,
    link: true, timesCallsItself: true,
  },
  start,
};

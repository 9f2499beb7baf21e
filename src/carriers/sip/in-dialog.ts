// Requests inside an answered call: a re-INVITE, UPDATE or INFO from either side is sent on the other
// leg (its SDP anchored when rtpengine is on) and the other side's answer relayed back (a 2xx to a
// re-INVITE resent over UDP until its ACK, as the first 200 is); BYE from either
// side is answered and the other leg is sent a BYE.
import type { Call } from './call.ts';
import { contentTypeOf, requestIn, type Dialog } from './dialog.ts';
import { retransmitUntilAcked } from './retransmit.ts';
import { maskSdpIdentity } from './sdp-privacy.ts';
import { reasonOf, responseTo, sdpOf, tagOf, type SipMessage } from './sip-message.ts';

const answer = (call: Call, request: SipMessage, status: number): void => call.hooks.stack.respond(responseTo(request, status, reasonOf(status)));

/** The SDP for the other side: anchored as an offer from `fromTag` (A's From-tag, or B's To-tag). */
const offerFor = async (call: Call, sdp: string | null, fromTag: string): Promise<string | null> => {
  if (sdp === null) return null;
  return call.hooks.anchor ? call.hooks.anchor.offer({ callId: call.callId, fromTag, sdp }) : maskSdpIdentity(sdp);
};

const answerFor = async (call: Call, sdp: string | null, fromTag: string, toTag: string): Promise<string | null> => {
  if (sdp === null) return null;
  return call.hooks.anchor ? call.hooks.anchor.answer({ callId: call.callId, fromTag, toTag, sdp }) : maskSdpIdentity(sdp);
};

/** The relay cannot go on (the media anchor failed): the sender is told, so it stops retransmitting. */
const failed = (call: Call, request: SipMessage, err: unknown): void => {
  call.hooks.onProblem(err);
  call.hooks.stack.respond(responseTo(request, 500, reasonOf(500), { headers: { 'retry-after': '5' } }));
};

/** Relays a re-INVITE, UPDATE or INFO from one leg of an answered call to the other, and its final answer back. */
export const relayInDialog = async (call: Call, request: SipMessage, fromCaller: boolean): Promise<void> => {
  const b = call.b;
  if (call.endedAt !== null || !b) return answer(call, request, 481);
  if (!b.answered) return answer(call, request, 491);
  const method = request.method ?? 'INFO';
  const target: Dialog = fromCaller ? b.dialog : call.a;
  const own: Dialog = fromCaller ? call.a : b.dialog;
  const senderTag = fromCaller ? call.aFromTag : tagOf(b.dialog.remote) ?? '';
  const receiverTag = fromCaller ? tagOf(b.dialog.remote) ?? '' : call.aFromTag;
  const carriesSdp = method !== 'INFO';
  let body: string | null;
  try {
    body = carriesSdp ? await offerFor(call, sdpOf(request), senderTag) : request.content || null;
  } catch (err) {
    return failed(call, request, err);
  }
  const out = requestIn(target, method, { sdp: body, contentType: contentTypeOf(request) });
  call.hooks.stack.send(out, { transport: target.transport }, (response) => {
    const status = response.status ?? 500;
    if (status < 200) return;
    if (method === 'INVITE' && status < 300) call.hooks.stack.send(requestIn(target, 'ACK', { seq: out.headers.cseq.seq }), { transport: target.transport });
    const back = carriesSdp ? answerFor(call, sdpOf(response), senderTag, receiverTag) : Promise.resolve(response.content || null);
    back.then((sdp) => {
      const headers = status < 300 && carriesSdp ? { contact: `<${own.contact}>` } : undefined;
      const relayed = responseTo(request, status, response.reason ?? reasonOf(status), { ...(headers ? { headers } : {}), sdp });
      if (!carriesSdp && sdp !== null) relayed.headers['content-type'] = contentTypeOf(response) ?? 'application/octet-stream';
      call.hooks.stack.respond(relayed);
      if (method === 'INVITE' && status < 300 && own.transport === 'udp') {
        call.expectAck(request.headers['call-id'], request.headers.cseq.seq, retransmitUntilAcked(() => call.hooks.stack.respond(relayed)));
      }
    }, (err: unknown) => failed(call, request, err));
  });
};

/** A BYE on either leg: answered, and the other leg hung up. */
export const hangUp = (call: Call, request: SipMessage, fromCaller: boolean): void => {
  answer(call, request, 200);
  if (fromCaller) {
    // A BYE before masq answered ends the early dialog: the INVITE is answered 487, as for a CANCEL.
    const early = call.aFinal === null;
    if (early) call.answerA(487);
    call.onCallerGone?.(early ? 'canceled' : 'caller-hangup');
    return;
  }
  if (!call.b?.answered || call.endedAt !== null) return;
  call.hooks.stack.send(requestIn(call.a, 'BYE'), { transport: call.a.transport });
  call.onCalleeGone?.();
};

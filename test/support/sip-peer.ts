// An in-process SIP peer for tests, on a loopback address of its own (127.0.0.2, 127.0.0.3: never masq's):
// it places calls into masq as the caller (and ACKs, BYEs, CANCELs, re-INVITEs them), and plays the trunk
// masq dials (ringing, answering with SDP, early media, busy or any status, a digest challenge, ringing
// forever), answering BYE, CANCEL, re-INVITE, UPDATE and OPTIONS. Everything it receives is kept so tests
// can assert from the peer's side (the B-leg INVITE's headers above all). Built on masq's own SIP stack.
import assert from 'node:assert/strict';
import sip from 'sip';
import digest from 'sip/digest.js';
import { calleeDialog, callerDialog, confirmFrom, requestIn, type Dialog } from '../../src/carriers/sip/dialog.ts';
import { headerText, responseTo, sdpOf, tagOf, token, type SipMessage } from '../../src/carriers/sip/sip-message.ts';
import { startSipStack, type SipRemote, type SipStack, type SipTransport } from '../../src/carriers/sip/sip-stack.ts';

export const CALLER_ADDRESS = '127.0.0.2';
export const TRUNK_ADDRESS = '127.0.0.3';

/** An SDP offer/answer naming `host` as the media address (what anchoring or privacy tests look for). */
export const sdpFor = (host: string, port = 40000, user = '-'): string =>
  `v=0\r\no=${user} 1 1 IN IP4 ${host}\r\ns=peer\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;

/** How the peer answers an INVITE that opens a call (as the trunk). */
export type TrunkBehaviour =
  | { readonly kind: 'answer'; readonly ringMs?: number; readonly earlyMedia?: boolean }
  | { readonly kind: 'reject'; readonly status: number; readonly ringMs?: number }
  | { readonly kind: 'ring' }
  /** Asks for digest credentials (every time with `always`), then behaves as `then`. */
  | { readonly kind: 'challenge'; readonly status: 401 | 407; readonly then: TrunkBehaviour; readonly always?: boolean };

export interface PeerCall {
  readonly callId: string;
  readonly invite: SipMessage;
  /** Every response to the INVITE, in order. */
  readonly responses: SipMessage[];
  finalResponse(): Promise<SipMessage>;
  provisional(status: number): Promise<SipMessage>;
  bye(): Promise<SipMessage>;
  cancel(): Promise<SipMessage>;
  /** Sends `method` (INVITE, UPDATE, INFO, OPTIONS) in the dialog; its final response. */
  request(method: string, sdp?: string | null): Promise<SipMessage>;
  /** Resolves with the BYE the other side sent. */
  byeReceived(): Promise<SipMessage>;
}

export interface IncomingCall {
  readonly invite: SipMessage;
  readonly dialog: Dialog;
  answered: boolean;
}

export interface SipPeer {
  readonly address: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: SipMessage[];
  behaviour: TrunkBehaviour;
  /** INVITEs that opened calls (not re-INVITEs), in order. */
  invites(): SipMessage[];
  incoming(callId: string): IncomingCall | undefined;
  /** Waits for a received request matching `match`. */
  waitForRequest(match: (request: SipMessage) => boolean, what: string, ms?: number): Promise<SipMessage>;
  call(options: CallOptions): PeerCall;
  /** Hangs up the incoming (trunk-side) call: BYE; resolves with its response. */
  hangUp(callId: string): Promise<SipMessage>;
  /** Sends `method` in the incoming call's dialog (a re-INVITE from the callee...); its final response. */
  requestIn(callId: string, method: string, sdp?: string | null): Promise<SipMessage>;
  /** Sends an out-of-dialog request (OPTIONS) to masq. */
  options(target: { readonly host: string; readonly port: number }): Promise<SipMessage>;
  close(): Promise<void>;
}

export interface CallOptions {
  readonly host: string;
  readonly port: number;
  readonly transport?: SipTransport;
  /** The Request-URI's user: the number called. */
  readonly to: string;
  /** From's user: the caller's number (or 'anonymous'). */
  readonly from: string;
  readonly headers?: Record<string, string>;
  readonly sdp?: string | null;
  readonly credentials?: { readonly username: string; readonly password: string };
}

export const eventually = async <T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

export const startSipPeer = async (address: string, transports: readonly SipTransport[] = ['udp', 'tcp']): Promise<SipPeer> => {
  const requests: SipMessage[] = [];
  const calls = new Map<string, IncomingCall>();
  const outgoing = new Map<string, Dialog>();
  let stack: SipStack | null = null;
  const the = (): SipStack => { if (!stack) throw new Error('peer not started'); return stack; };
  const contactFor = (transport: SipTransport): string => `sip:peer@${address}:${the().port}${transport === 'tcp' ? ';transport=tcp' : ''}`;
  const peer: SipPeer = {
    address, requests, behaviour: { kind: 'answer' },
    get port() { return stack?.port ?? 0; },
    invites: () => requests.filter((r) => r.method === 'INVITE' && tagOf(r.headers.to) === null),
    incoming: (callId) => calls.get(callId),
    waitForRequest: (match, what, ms) => eventually(() => requests.find(match), what, ms),
    call: (options) => placeCall(the(), address, outgoing, requests, options),
    hangUp: (callId) => {
      const call = calls.get(callId);
      assert.ok(call, `no incoming call ${callId}`);
      return sendAndWait(the(), requestIn(call.dialog, 'BYE'), call.dialog.transport);
    },
    requestIn: (callId, method, sdp = null) => {
      const call = calls.get(callId);
      assert.ok(call, `no incoming call ${callId}`);
      return sendAndWait(the(), requestIn(call.dialog, method, { sdp }), call.dialog.transport);
    },
    options: (target) => sendAndWait(the(), {
      method: 'OPTIONS', uri: `sip:masq@${target.host}:${target.port}`,
      headers: { to: { uri: `sip:masq@${target.host}`, params: {} }, from: { uri: `sip:peer@${address}`, params: { tag: token(6) } }, 'call-id': token(12), cseq: { seq: 1, method: 'OPTIONS' }, 'max-forwards': '70' },
    }, 'udp'),
    close: async () => { await stack?.close(); },
  };

  const answerInvite = (invite: SipMessage, remote: SipRemote, behaviour: TrunkBehaviour, call: IncomingCall): void => {
    const send = (status: number, sdp: string | null = null): void => {
      if (call.answered && status >= 200) return;
      if (status >= 200) call.answered = status < 300;
      the().respond(responseTo(invite, status, status === 200 ? 'OK' : 'Peer', { toTag: tagOf(call.dialog.local) ?? '', sdp, headers: { contact: `<${call.dialog.contact}>` } }));
    };
    if (behaviour.kind === 'challenge') {
      const header = behaviour.status === 401 ? 'authorization' : 'proxy-authorization';
      if (invite.headers[header] === undefined || behaviour.always === true) {
        const name = behaviour.status === 401 ? 'www-authenticate' : 'proxy-authenticate';
        the().respond(responseTo(invite, behaviour.status, 'Unauthorized', { toTag: token(6), headers: { [name]: `Digest realm="trunk", nonce="${token(8)}", algorithm=MD5, qop="auth"` } }));
        return;
      }
      return answerInvite(invite, remote, behaviour.then, call);
    }
    if (behaviour.kind === 'answer' && behaviour.earlyMedia) send(183, sdpFor(address, 40002));
    else send(180);
    if (behaviour.kind === 'ring') return;
    const final = (): void => (behaviour.kind === 'answer' ? send(200, sdpFor(address, 40004)) : send(behaviour.status));
    setTimeout(final, behaviour.ringMs ?? 20).unref();
  };

  const onRequest = (request: SipMessage, remote: SipRemote): void => {
    requests.push(request);
    const method = request.method ?? '';
    const callId = request.headers['call-id'];
    if (method === 'ACK') return;
    if (method === 'INVITE' && tagOf(request.headers.to) === null) {
      const call = calls.get(callId) ?? { invite: request, dialog: calleeDialog(request, token(6), remote.protocol, contactFor(remote.protocol)), answered: false };
      calls.set(callId, call);
      return answerInvite(request, remote, peer.behaviour, call);
    }
    if (method === 'CANCEL') {
      the().respond(responseTo(request, 200, 'OK'));
      const call = calls.get(callId);
      if (call && !call.answered) {
        call.answered = true;
        the().respond(responseTo(call.invite, 487, 'Request Terminated', { toTag: tagOf(call.dialog.local) ?? '' }));
      }
      return;
    }
    const sdp = method === 'INVITE' || method === 'UPDATE' ? sdpFor(address, 40006) : null;
    const dialog = calls.get(callId)?.dialog ?? outgoing.get(callId);
    the().respond(responseTo(request, 200, 'OK', { sdp: sdpOf(request) === null ? null : sdp, ...(dialog ? { headers: { contact: `<${dialog.contact}>` } } : {}) }));
  };

  stack = await startSipStack({ address, port: 0, publicAddress: address, transports, onRequest });
  return peer;
};

const sendAndWait = (stack: SipStack, request: SipMessage, transport: SipTransport): Promise<SipMessage> =>
  new Promise((resolve) => stack.send(request, { transport }, (response) => { if ((response.status ?? 0) >= 200) resolve(response); }));

const placeCall = (stack: SipStack, address: string, outgoing: Map<string, Dialog>, requests: SipMessage[], options: CallOptions): PeerCall => {
  const transport = options.transport ?? 'udp';
  const target = `sip:${options.to}@${options.host}:${options.port}${transport === 'tcp' ? ';transport=tcp' : ''}`;
  const contact = `sip:caller@${address}:${stack.port}${transport === 'tcp' ? ';transport=tcp' : ''}`;
  const sdp = options.sdp === undefined ? sdpFor(address) : options.sdp;
  const headers: SipMessage['headers'] = {
    to: { uri: `sip:${options.to}@${options.host}`, params: {} },
    from: { uri: `sip:${options.from}@${address}`, params: { tag: token(6) } },
    'call-id': `${token(12)}@${address}`,
    cseq: { seq: 1, method: 'INVITE' },
    contact: [{ uri: contact, params: {} }],
    'max-forwards': '70',
    ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    ...(sdp !== null ? { 'content-type': 'application/sdp' } : {}),
  };
  let invite: SipMessage = { method: 'INVITE', uri: target, headers, ...(sdp !== null ? { content: sdp } : {}) };
  const dialog = callerDialog(invite, transport, contact);
  outgoing.set(dialog.callId, dialog);
  const responses: SipMessage[] = [];
  let challenged = false;
  const onResponse = (response: SipMessage): void => {
    const status = response.status ?? 0;
    if ((status === 401 || status === 407) && options.credentials && !challenged) {
      challenged = true;
      const { via: _via, ...rest } = invite.headers;
      invite = { ...invite, headers: { ...rest, cseq: { seq: 2, method: 'INVITE' } } };
      digest.signRequest({}, invite, response, { user: options.credentials.username, password: options.credentials.password });
      dialog.localSeq = 2;
      stack.send(invite, { transport }, onResponse);
      return;
    }
    responses.push(response);
    if (status >= 200 && status < 300) {
      confirmFrom(dialog, response);
      stack.send(requestIn(dialog, 'ACK', { seq: invite.headers.cseq.seq }), { transport });
    } else if (status > 100 && status < 200 && tagOf(response.headers.to) !== null) {
      confirmFrom(dialog, response);
    }
  };
  stack.send(invite, { transport }, onResponse);
  const finalResponse = (): Promise<SipMessage> => eventually(() => responses.find((r) => (r.status ?? 0) >= 200), `the final response to ${dialog.callId}`, 20_000);
  return {
    callId: dialog.callId,
    get invite() { return invite; },
    responses,
    finalResponse,
    provisional: (status) => eventually(() => responses.find((r) => r.status === status), `a ${status}`),
    bye: () => sendAndWait(stack, requestIn(dialog, 'BYE'), transport),
    cancel: () => {
      const via = invite.headers.via?.[0];
      assert.ok(via, 'the INVITE was not sent yet');
      const { to, from } = invite.headers;
      return sendAndWait(stack, { method: 'CANCEL', uri: invite.uri, headers: { via: [via], to, from, 'call-id': dialog.callId, cseq: { seq: invite.headers.cseq.seq, method: 'CANCEL' }, 'max-forwards': '70' } }, transport);
    },
    request: (method, body = null) => sendAndWait(stack, requestIn(dialog, method, { sdp: body }), transport),
    byeReceived: () => eventually(() => requests.find((r) => r.method === 'BYE' && r.headers['call-id'] === dialog.callId), `a BYE on ${dialog.callId}`, 20_000),
  };
};

/** The B-leg INVITE as text: what a test greps for the caller's number. */
export const wireText = (message: SipMessage): string => sip.stringify({ ...message, headers: { ...message.headers } });

export { headerText };

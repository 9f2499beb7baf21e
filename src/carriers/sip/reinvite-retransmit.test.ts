// A re-INVITE relayed across a masked call is answered 2xx toward its sender; over UDP that 2xx is the
// transaction user's to resend (RFC 3261 §13.3.1.4) until the sender's ACK, like the call's first 200.
// Asserted from the senders' side, with peers that hold back their ACK and count every 200 they receive:
// the caller on 127.0.0.2 re-INVITEs, then the trunk on 127.0.0.3 does.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { CALLER_ADDRESS, eventually, sdpFor, TRUNK_ADDRESS } from '../../../test/support/sip-peer.ts';
import { PARTNER, PROXY, startHarness, type Harness } from '../../../test/support/sip-harness.ts';
import { calleeDialog, callerDialog, confirmFrom, requestIn, type Dialog } from './dialog.ts';
import { responseTo, tagOf, token, type SipMessage } from './sip-message.ts';
import { startSipStack, type SipStack } from './sip-stack.ts';

/** A UDP endpoint that answers every INVITE 200 with SDP (and BYE 200), keeping the dialogs and what it received. */
interface Endpoint {
  readonly stack: SipStack;
  readonly received: SipMessage[];
  /** The dialog of a call it answered, or placed, by Call-ID. */
  readonly dialogs: Map<string, Dialog>;
  close(): Promise<void>;
}

const startEndpoint = async (address: string): Promise<Endpoint> => {
  const received: SipMessage[] = [];
  const dialogs = new Map<string, Dialog>();
  const holder: { stack: SipStack | null } = { stack: null };
  const stack = await startSipStack({
    address, port: 0, publicAddress: address, transports: ['udp'],
    onRequest: (request) => {
      received.push(request);
      const own = holder.stack;
      if (!own || request.method === 'ACK') return;
      const contact = `sip:peer@${address}:${own.port}`;
      const callId = request.headers['call-id'];
      if (request.method === 'INVITE' && tagOf(request.headers.to) === null) dialogs.set(callId, calleeDialog(request, token(6), 'udp', contact));
      const local = dialogs.get(callId)?.local;
      const sdp = request.method === 'INVITE' ? sdpFor(address, 41000) : null;
      own.respond(responseTo(request, 200, 'OK', { ...(local ? { toTag: tagOf(local) ?? '' } : {}), sdp, headers: { contact: `<${contact}>` } }));
    },
  });
  holder.stack = stack;
  return { stack, received, dialogs, close: () => stack.close() };
};

/** Sends a re-INVITE in `dialog` and keeps every 2xx that comes back (the transaction layer hands on retransmissions). */
const reInvite = (endpoint: Endpoint, dialog: Dialog): { readonly request: SipMessage; readonly oks: SipMessage[] } => {
  const request = requestIn(dialog, 'INVITE', { sdp: sdpFor(endpoint.stack.publicAddress, 42000) });
  const oks: SipMessage[] = [];
  endpoint.stack.send(request, { transport: 'udp' }, (response) => {
    if ((response.status ?? 0) >= 200 && (response.status ?? 0) < 300) oks.push(response);
  });
  return { request, oks };
};

/** The 200 was resent while the ACK was held back, and is not resent once the ACK went out. */
const assertResentUntilAcked = async (endpoint: Endpoint, dialog: Dialog, what: string): Promise<void> => {
  const { request, oks } = reInvite(endpoint, dialog);
  await eventually(() => (oks.length >= 2 ? true : undefined), `${what}: the 200 resent while no ACK came`, 10_000);
  endpoint.stack.send(requestIn(dialog, 'ACK', { seq: request.headers.cseq.seq }), { transport: 'udp' });
  // A resend already on its way when the ACK left may still arrive; after that, silence.
  await sleep(300);
  const atAck = oks.length;
  await sleep(4_500);
  assert.equal(oks.length, atAck, `${what}: no 200 after the ACK (${atAck} before it)`);
};

describe('SIP B2BUA: a relayed re-INVITE\'s 2xx over UDP is resent until its ACK', () => {
  let h: Harness;
  let caller: Endpoint;
  let trunk: Endpoint;
  let aDialog: Dialog;
  let bCallId: string;
  before(async () => {
    caller = await startEndpoint(CALLER_ADDRESS);
    trunk = await startEndpoint(TRUNK_ADDRESS);
    h = await startHarness({ trunk: `${TRUNK_ADDRESS}:${trunk.stack.port}`, allowedPeers: `${CALLER_ADDRESS},${TRUNK_ADDRESS}` });
    // The caller places the masked call itself (the harness routes it to the partner through `trunk`).
    const contact = `sip:caller@${CALLER_ADDRESS}:${caller.stack.port}`;
    const invite: SipMessage = {
      method: 'INVITE', uri: `sip:${PROXY}@127.0.0.1:${h.port}`,
      headers: {
        to: { uri: `sip:${PROXY}@127.0.0.1`, params: {} }, from: { uri: `sip:+14155550111@${CALLER_ADDRESS}`, params: { tag: token(6) } },
        'call-id': `${token(12)}@${CALLER_ADDRESS}`, cseq: { seq: 1, method: 'INVITE' }, contact: [{ uri: contact, params: {} }],
        'max-forwards': '70', 'content-type': 'application/sdp',
      },
      content: sdpFor(CALLER_ADDRESS),
    };
    aDialog = callerDialog(invite, 'udp', contact);
    const answered = new Promise<void>((resolve) => caller.stack.send(invite, { transport: 'udp' }, (response) => {
      if (response.status !== 200) return;
      confirmFrom(aDialog, response);
      caller.stack.send(requestIn(aDialog, 'ACK', { seq: 1 }), { transport: 'udp' });
      resolve();
    }));
    await answered;
    const bInvite = await eventually(() => trunk.received.find((r) => r.method === 'INVITE'), 'the B-leg');
    assert.match(String(bInvite.uri), new RegExp(`^sip:\\${PARTNER}@`));
    bCallId = bInvite.headers['call-id'];
    await eventually(() => trunk.received.find((r) => r.method === 'ACK' && r.headers['call-id'] === bCallId), 'masq\'s ACK of the B-leg 200');
  });
  after(async () => {
    await h.close();
    await caller.close();
    await trunk.close();
  });

  test('a re-INVITE from the caller: it reaches the callee, and masq\'s 200 to the caller is resent until the caller ACKs', async () => {
    const before = trunk.received.filter((r) => r.method === 'INVITE').length;
    await assertResentUntilAcked(caller, aDialog, 'caller');
    assert.equal(trunk.received.filter((r) => r.method === 'INVITE').length, before + 1, 'one re-INVITE relayed to the callee');
  });

  test('a re-INVITE from the callee: it reaches the caller, and masq\'s 200 to the trunk is resent until the trunk ACKs', async () => {
    const bDialog = trunk.dialogs.get(bCallId);
    assert.ok(bDialog);
    const before = caller.received.filter((r) => r.method === 'INVITE').length;
    await assertResentUntilAcked(trunk, bDialog, 'trunk');
    assert.equal(caller.received.filter((r) => r.method === 'INVITE').length, before + 1, 'one re-INVITE relayed to the caller');
  });
});

// The server-mode SMPP link (masq as the SMSC, the peer binds to it), driven by the npm `smpp` client as
// the peer on 127.0.0.1: binds checked against the account's credentials, the peer's submit_sm routed and
// answered with an id, the receipt it asked for (delivered, or undelivered when routing refused it), masq's
// own messages as deliver_sm, and the peer unbound when the link closes. Kannel as the peer:
// test/carriers/smpp/kannel.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import smpp from 'smpp';
import type { InboundEvent } from '../../domain/routing.ts';
import type { LinkSink } from '../../ports/carrier.ts';
import { accountsLoader } from '../../../test/support/carrier-settings.ts';
import { freePort } from '../../../test/support/sipp.ts';
import { createSmppAccount, type SmppAccount } from './account.ts';
import { SMPP_SETTINGS, smppConfigOf } from './settings.ts';

const CREDENTIALS = { systemId: 'gateway', password: 'secret' };
const TIMING = { reconnectBaseMs: 50, reconnectCapMs: 200, responseTimeoutMs: 2_000, reassemblyTimeoutMs: 300 };
/** The sender routing refuses (no session for it). */
const STRANGER = '447700900999';

const settingsFor = (more: Readonly<Record<string, string>>) => accountsLoader(SMPP_SETTINGS).load([{ type: 'smpp', name: 'gw', ...CREDENTIALS, ...more }]);

const eventually = async (check: () => boolean, what: string, ms = 5_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Routes every message; refuses those from STRANGER as routing refuses a sender in no session. */
const routingSink = (routed: InboundEvent[]): LinkSink => ({
  report: () => Promise.resolve(),
  route: (event) => {
    routed.push(event);
    const refused = event.from === `+${STRANGER}`;
    return Promise.resolve({ plan: { channel: 'message', interactionSid: null, verbs: [], refusal: refused ? { code: 'no-partner', reason: 'no session' } : null }, inReply: [] });
  },
  step: () => Promise.reject(new Error('no program steps on SMPP')),
});

interface Peer {
  readonly session: smpp.Session;
  readonly deliveries: smpp.PDU[];
  readonly unbinds: number[];
  request(command: string, fields: Readonly<Record<string, unknown>>): Promise<smpp.PDU>;
}

/** The peer: connected to masq's listener, answering every deliver_sm OK and keeping it. */
const connectPeer = (port: number): Promise<Peer> => new Promise((resolve, reject) => {
  const session = smpp.connect({ host: '127.0.0.1', port });
  const deliveries: smpp.PDU[] = [];
  const unbinds: number[] = [];
  session.on('deliver_sm', (pdu: smpp.PDU) => {
    deliveries.push(pdu);
    session.send(pdu.response());
  });
  session.on('unbind', (pdu: smpp.PDU) => {
    unbinds.push(Date.now());
    session.send(pdu.response());
  });
  session.once('error', reject);
  session.once('connect', () => resolve({
    session, deliveries, unbinds,
    request: (command, fields) => new Promise((answered) => session.send(new smpp.PDU(command, fields), answered)),
  }));
});

describe('SMPP server mode: the peer binds to masq', () => {
  let port: number;
  let account: SmppAccount;
  const routed: InboundEvent[] = [];

  before(async () => {
    port = await freePort('127.0.0.1');
    const [settings] = settingsFor({ connection: 'server', listenAddress: '127.0.0.1', listenPort: String(port), enquireLinkMs: '1000' });
    assert.ok(settings);
    account = createSmppAccount(smppConfigOf(settings), TIMING);
    account.link.open(routingSink(routed));
    await eventually(() => account.link.health().lastError !== null, 'the listener');
  });
  after(async () => {
    await account.link.close();
  });

  test('a bind with the wrong password or system_id is refused and the session closed; the link stays not ready', async () => {
    for (const [fields, status] of [[{ system_id: 'gateway', password: 'wrong' }, 0x0e], [{ system_id: 'someone', password: 'secret' }, 0x0f]] as const) {
      const peer = await connectPeer(port);
      const closed = new Promise((resolve) => peer.session.once('close', resolve));
      const answer = await peer.request('bind_transceiver', fields);
      assert.equal(answer.command_status, status);
      await closed;
    }
    assert.equal(account.link.ready(), false);
  });

  test('a transceiver bind: its submit_sm is routed and answered with an id; the receipt it asked for says delivered, or undelivered when refused', async () => {
    const peer = await connectPeer(port);
    try {
      assert.equal((await peer.request('bind_transceiver', { system_id: 'gateway', password: 'secret', interface_version: 0x34 })).command_status, 0);
      await eventually(() => account.link.ready(), 'ready once bound');
      const answer = await peer.request('submit_sm', { source_addr: '447700900001', source_addr_ton: 1, destination_addr: '447700900002', dest_addr_ton: 1, registered_delivery: 1, short_message: 'hello masq' });
      assert.equal(answer.command_status, 0);
      const id = answer.message_id;
      assert.ok(typeof id === 'string' && /^[0-9a-f]{32}$/.test(id), String(id));
      const event = routed.at(-1);
      assert.deepEqual([event?.from, event?.to, event?.body, event?.resourceSid], ['+447700900001', '+447700900002', 'hello masq', `gw:MO${id}`]);
      await eventually(() => peer.deliveries.length === 1, 'the receipt');
      const receipt = peer.deliveries[0];
      assert.deepEqual([receipt?.esm_class, receipt?.receipted_message_id, receipt?.message_state, receipt?.source_addr, receipt?.destination_addr], [0x04, id, 2, '447700900002', '447700900001']);
      assert.match(JSON.stringify(receipt?.short_message), new RegExp(`id:${id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:hello masq`));

      const refused = await peer.request('submit_sm', { source_addr: STRANGER, source_addr_ton: 1, destination_addr: '447700900002', dest_addr_ton: 1, registered_delivery: 1, short_message: 'who?' });
      assert.equal(refused.command_status, 0, 'taken: the refusal is the receipt\'s to say');
      await eventually(() => peer.deliveries.length === 2, 'the refusal receipt');
      assert.deepEqual([peer.deliveries[1]?.receipted_message_id, peer.deliveries[1]?.message_state], [refused.message_id, 5]);
      assert.match(JSON.stringify(peer.deliveries[1]?.short_message), /stat:UNDELIV err:001/);

      await peer.request('submit_sm', { source_addr: '447700900001', source_addr_ton: 1, destination_addr: '447700900002', dest_addr_ton: 1, registered_delivery: 0, short_message: 'no receipt' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(peer.deliveries.length, 2, 'none asked for, none sent');
    } finally {
      peer.session.destroy();
    }
  });

  test('masq\'s message goes to the bound peer as a deliver_sm asking no receipt, sent once the peer answers', async () => {
    const peer = await connectPeer(port);
    try {
      await peer.request('bind_receiver', { system_id: 'gateway', password: 'secret' });
      await eventually(() => account.link.ready(), 'ready once bound');
      const sent = await account.messaging.send({ from: '+447700900002', to: '+447700900001', body: 'from masq', mediaUrls: [], statusCallbackUrl: null, idempotencyKey: 'k' });
      assert.equal(sent.status, 'sent');
      assert.match(sent.sid, /^gw:L[0-9a-f]{32}$/);
      const delivered = peer.deliveries.at(-1);
      assert.deepEqual([delivered?.source_addr, delivered?.destination_addr, delivered?.registered_delivery, delivered?.esm_class], ['447700900002', '447700900001', 0, 0]);
      assert.match(JSON.stringify(delivered?.short_message), /from masq/);
      assert.equal((await peer.request('submit_sm', { source_addr: '447700900001', destination_addr: '447700900002', short_message: 'x' })).command_status, 0x04, 'a receiver bind may not submit');
    } finally {
      peer.session.destroy();
    }
  });

  test('closing the link unbinds the peer and stops listening', async () => {
    const peer = await connectPeer(port);
    await peer.request('bind_transceiver', { system_id: 'gateway', password: 'secret' });
    await eventually(() => account.link.ready(), 'ready once bound');
    await account.link.close();
    assert.equal(peer.unbinds.length, 1);
    assert.equal(account.link.ready(), false);
    await assert.rejects(connectPeer(port), /ECONNREFUSED/);
    peer.session.destroy();
  });
});

describe('SMPP connection settings', () => {
  test('a client connection needs a host; a server listens without one', () => {
    const [client] = settingsFor({});
    assert.ok(client);
    assert.throws(() => smppConfigOf(client), /has no host: a client connection binds to one/);
    const [server] = settingsFor({ connection: 'server' });
    assert.ok(server);
    assert.deepEqual(((c) => [c.connection, c.listenAddress, c.listenPort])(smppConfigOf(server)), ['server', '0.0.0.0', 2775]);
    assert.throws(() => settingsFor({ connection: 'both' }), /must be one of client, server/);
  });
});

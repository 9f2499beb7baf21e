// The bind against an in-process SMSC (the npm `smpp` server, test/support/smpp-smsc.ts): binding in
// both modes, submits as the SMSC receives them, throttling, MO and receipts handed to masq, and
// reconnecting after the SMSC drops the connection, and inbound flow control (ESME_RTHROTTLED beyond the limit).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import smpp from 'smpp';
import type { LinkSink, WebhookEvent } from '../../ports/carrier.ts';
import { startFakeSmsc, type FakeSmsc } from '../../../test/support/smpp-smsc.ts';
import { createSmppAccount, type SmppAccount } from './account.ts';
import { smppConfigOf } from './settings.ts';
import { SMPP_STATUS } from './smpp-client.ts';

/** A sink that only takes reports: an SMPP bind never asks masq to route a call or a program step. */
const reportsTo = (report: LinkSink['report']): LinkSink => ({
  report,
  route: () => Promise.reject(new Error('an SMPP bind routes nothing itself')),
  step: () => Promise.reject(new Error('an SMPP bind has no program steps')),
});

const CREDENTIALS = { systemId: 'masq', password: 'secret' };
const TIMING = { reconnectBaseMs: 50, reconnectCapMs: 200, responseTimeoutMs: 2_000, reassemblyTimeoutMs: 300 };

const accountFor = (port: number, extra: Record<string, string> = {}): SmppAccount => createSmppAccount(smppConfigOf({
  type: 'smpp', name: 'smsc',
  settings: {
    host: '127.0.0.1', port: String(port), systemId: CREDENTIALS.systemId, password: CREDENTIALS.password, systemType: null,
    bindMode: 'transceiver', sourceTon: '1', sourceNpi: '1', destTon: '1', destNpi: '1', dataCoding: 'gsm7', messageIdFormat: 'hex',
    receiptIdFormat: null, country: 'GB', windowSize: '4', enquireLinkMs: '1000', throughputPerSecond: '0', leaseMs: '3000', ...extra,
  },
}), TIMING);

const eventually = async (check: () => boolean, what: string, ms = 5_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const message = (body: string) => ({ from: '+447700900001', to: '+447700900002', body, mediaUrls: [], statusCallbackUrl: null, idempotencyKey: 'k' });

describe('SMPP link against an in-process SMSC', () => {
  let smsc: FakeSmsc;
  let account: SmppAccount;
  const events: WebhookEvent[] = [];
  let failSink = false;
  before(async () => {
    smsc = await startFakeSmsc(CREDENTIALS);
    account = accountFor(smsc.port);
    account.link.open(reportsTo(async (event) => {
      if (failSink) throw new Error('database down');
      events.push(event);
    }));
    await eventually(() => account.link.ready(), 'the bind');
  });
  after(async () => {
    await account.link.close();
    await smsc.close();
  });

  test('binds as a transceiver with the configured credentials', () => {
    assert.deepEqual(smsc.binds[0], { command: 'bind_transceiver', systemId: 'masq' });
    assert.equal(account.link.health().connected, true);
  });

  test('a submit carries explicit data_coding, TON 1 digits and asks for a receipt; the id becomes the resource sid', async () => {
    const sent = await account.messaging.send(message('hello there'));
    const got = smsc.submits.at(-1);
    assert.deepEqual({ ...got, udh: undefined }, {
      sourceAddr: '447700900001', destAddr: '447700900002', sourceTon: 1, destTon: 1, dataCoding: 0, esmClass: 0, registeredDelivery: 1,
      text: 'hello there', udh: undefined, messageId: got?.messageId, status: 0, shortMessageLength: 11, viaPayload: false,
    });
    assert.equal(sent.sid, `smsc:${BigInt(`0x${got?.messageId ?? ''}`)}`);
    assert.equal(sent.status, 'sent');
  });

  test('ESME_RTHROTTLED and ESME_RMSGQFUL are waited out: the same part is offered again', async () => {
    const before = smsc.submits.length;
    smsc.queuedStatuses.push(SMPP_STATUS.THROTTLED, SMPP_STATUS.MSGQFUL);
    const sent = await account.messaging.send(message('slowly'));
    assert.deepEqual(smsc.submits.slice(before).map((s) => s.status), [0x58, 0x14, 0]);
    assert.match(sent.sid, /^smsc:\d+$/);
  });

  test('a refusal other than throttling fails the send as unsent', async () => {
    smsc.queuedStatuses.push(0x0b);
    await assert.rejects(account.messaging.send(message('nope')), (err: unknown) => err instanceof Error && err.name === 'CarrierSendError' && 'unsent' in err && err.unsent === true);
  });

  test('a message with media is refused whole, caption included, and nothing reaches the SMSC', async () => {
    const before = smsc.submits.length;
    const withMedia = { ...message('look at this'), mediaUrls: ['https://media.example.invalid/cat.jpg'] };
    await assert.rejects(account.messaging.send(withMedia), (err: unknown) => err instanceof Error && err.name === 'CarrierSendError' && 'unsent' in err && err.unsent === true);
    assert.equal(smsc.submits.length, before);
  });

  test('an MO is handed over in E.164 and acknowledged once masq acted on it', async () => {
    const status = await smsc.deliver({ source_addr: '447700900002', source_addr_ton: 1, destination_addr: '07700900001', dest_addr_ton: 2, short_message: 'hi back' });
    assert.equal(status, 0);
    const event = events.at(-1);
    assert.equal(event?.kind, 'inbound');
    if (event?.kind !== 'inbound') return;
    assert.equal(event.event.from, '+447700900002');
    assert.equal(event.event.to, '+447700900001');
    assert.equal(event.event.body, 'hi back');
    assert.equal(event.event.carrier, 'smsc');
  });

  test('an MO masq could not record is answered with a temporary error, so the SMSC delivers it again', async () => {
    failSink = true;
    try {
      assert.equal(await smsc.deliver({ source_addr: '447700900002', source_addr_ton: 1, destination_addr: '447700900001', dest_addr_ton: 1, short_message: 'x' }), SMPP_STATUS.X_T_APPN);
    } finally {
      failSink = false;
    }
  });

  test('a concatenated MO is routed once, whole', async () => {
    const count = events.length;
    const part = (seq: number, text: string) => ({ source_addr: '447700900002', source_addr_ton: 1, destination_addr: '447700900001', dest_addr_ton: 1, esm_class: 0x40, short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x77, 2, seq]), message: text } });
    assert.equal(await smsc.deliver(part(2, 'second half')), 0);
    assert.equal(events.length, count, 'nothing routed for the first part');
    assert.equal(await smsc.deliver(part(1, 'first half, ')), 0);
    const event = events.at(-1);
    assert.ok(event?.kind === 'inbound');
    assert.equal(event.event.body, 'first half, second half');
  });

  test('a receipt (esm_class 0x04) reports the status of the message it names, in any id form', async () => {
    const sent = await account.messaging.send(message('receipt me'));
    const id = smsc.submits.at(-1)?.messageId ?? '';
    assert.equal(await smsc.deliver({ source_addr: '447700900002', destination_addr: '447700900001', esm_class: 0x04, short_message: `id:${id.padStart(10, '0')} sub:001 dlvrd:001 stat:DELIVRD err:000 text:receipt me` }), 0);
    const event = events.at(-1);
    assert.ok(event?.kind === 'status');
    assert.deepEqual({ sid: event.report.resourceSid, status: event.report.status }, { sid: sent.sid, status: 'delivered' });
  });

  test('a long message: 3 parts with UDH; a receipt for part 3 names the message', async () => {
    const before = smsc.submits.length;
    const sent = await account.messaging.send(message('0123456789'.repeat(40)));
    const parts = smsc.submits.slice(before);
    assert.deepEqual(parts.map((p) => p.udh.map((u) => [...u])), [1, 2, 3].map((seq) => [[0x00, 0x03, parts[0]?.udh[0]?.[2], 3, seq]]));
    assert.equal(parts.map((p) => p.text).join(''), '0123456789'.repeat(40));
    await smsc.deliver({ source_addr: '1', destination_addr: '2', esm_class: 0x04, receipted_message_id: parts[2]?.messageId ?? '', message_state: 2, short_message: '' });
    const event = events.at(-1);
    assert.ok(event?.kind === 'status');
    assert.equal(event.report.resourceSid, sent.sid);
  });

  test('after the SMSC drops the connection the link binds again, with backoff', async () => {
    const binds = smsc.binds.length;
    smsc.dropAll();
    await eventually(() => !account.link.ready(), 'the loss to be seen');
    await assert.rejects(account.messaging.send(message('while down')), (err: unknown) => err instanceof Error && 'unsent' in err && err.unsent === true);
    await eventually(() => account.link.ready() && smsc.binds.length > binds, 'the rebind');
    await account.messaging.send(message('back again'));
    assert.equal(smsc.submits.at(-1)?.text, 'back again');
  });
});

describe('SMPP link: transmitter + receiver, and a refused bind', () => {
  test('binds a transmitter and a receiver; MO arrives on the receiver', async () => {
    const smsc = await startFakeSmsc(CREDENTIALS);
    const account = accountFor(smsc.port, { bindMode: 'transmitter-receiver' });
    const events: WebhookEvent[] = [];
    account.link.open(reportsTo(async (event) => { events.push(event); }));
    try {
      await eventually(() => account.link.ready(), 'both binds');
      assert.deepEqual(smsc.binds.map((b) => b.command), ['bind_transmitter', 'bind_receiver']);
      await account.messaging.send(message('over tx'));
      assert.equal(await smsc.deliver({ source_addr: '447700900002', source_addr_ton: 1, destination_addr: '447700900001', dest_addr_ton: 1, short_message: 'over rx' }), 0);
      assert.equal(events.length, 1);
    } finally {
      await account.link.close();
      await smsc.close();
    }
  });

  test('a wrong password is refused: never ready, the reason in health, retried with backoff', async () => {
    const smsc = await startFakeSmsc(CREDENTIALS);
    const account = accountFor(smsc.port, { password: 'wrong' });
    account.link.open(reportsTo(async () => undefined));
    try {
      await eventually(() => smsc.binds.length >= 2, 'a second attempt');
      assert.equal(account.link.ready(), false);
      assert.match(account.link.health().lastError ?? '', /bind_transceiver refused with command_status 0xe/);
    } finally {
      await account.link.close();
      await smsc.close();
    }
  });
});

describe('SMPP link against an SMSC that pushes queued traffic right after bind_resp', () => {
  test('a deliver_sm sent in the same burst as bind_resp is handed to masq and answered, not dropped', async () => {
    let answered: number | null = null;
    // The npm server directly: the shared fake SMSC only delivers when a test asks, after the bind.
    const server = smpp.createServer((session) => {
      session.on('error', () => undefined);
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('bind_transceiver', (pdu: smpp.PDU) => {
        session.send(pdu.response({ command_status: 0, system_id: 'queued-smsc' }));
        const queued = new smpp.PDU('deliver_sm', { source_addr: '447700900001', source_addr_ton: 1, destination_addr: '447700900002', dest_addr_ton: 1, short_message: 'waiting since yesterday' });
        session.send(queued, (response) => { answered = response.command_status; });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const account = accountFor(typeof address === 'object' && address !== null ? address.port : 0);
    const events: WebhookEvent[] = [];
    account.link.open(reportsTo(async (event) => { events.push(event); }));
    try {
      await eventually(() => answered !== null, 'the deliver_sm_resp');
      assert.equal(answered, SMPP_STATUS.OK);
      assert.deepEqual(events.map((e) => (e.kind === 'inbound' ? [e.event.from, e.event.body] : e.kind)), [['+447700900001', 'waiting since yesterday']]);
    } finally {
      await account.link.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('SMPP link: inbound flow control', () => {
  test('beyond maxInboundInFlight a deliver_sm is answered ESME_RTHROTTLED at once; after release new ones are accepted', async () => {
    const smsc = await startFakeSmsc(CREDENTIALS);
    const account = accountFor(smsc.port, { maxInboundInFlight: '2' });
    const held: WebhookEvent[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    // Routing held: each event is taken but not finished until the test releases the gate.
    account.link.open(reportsTo(async (event) => { held.push(event); await gate; }));
    const mo = (text: string) => ({ source_addr: '447700900002', source_addr_ton: 1, destination_addr: '447700900001', dest_addr_ton: 1, short_message: text });
    const receipt = { source_addr: '1', destination_addr: '2', esm_class: 0x04, receipted_message_id: '1F4', message_state: 2, short_message: '' };
    try {
      await eventually(() => account.link.ready(), 'the bind');
      const first = smsc.deliver(mo('one'));
      const second = smsc.deliver(receipt);
      await eventually(() => held.length === 2, 'both deliver_sm to reach routing');
      assert.equal(await smsc.deliver(mo('three')), SMPP_STATUS.THROTTLED);
      assert.equal(held.length, 2, 'the throttled one never reached routing');
      release();
      assert.deepEqual(await Promise.all([first, second]), [SMPP_STATUS.OK, SMPP_STATUS.OK]);
      assert.equal(await smsc.deliver(mo('three again')), SMPP_STATUS.OK);
      assert.deepEqual(held.map((e) => (e.kind === 'inbound' ? e.event.body : e.kind)), ['one', 'status', 'three again']);
    } finally {
      await account.link.close();
      await smsc.close();
    }
  });
});

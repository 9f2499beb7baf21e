import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { createSidGenerator } from '../../domain/sid.ts';
import { DEFAULT_BEHAVIOUR, type SandboxCall, type SandboxNumberOwner } from '../../ports/sandbox.ts';
import { createCarrierAccounts } from '../registry.ts';
import { createSandboxAccount, SandboxCarrier } from './carrier.ts';
import { phoneKey, SandboxNetwork } from './network.ts';
import { behaviourBytes, callBytes, messageBytes, programBytes } from './sizes.ts';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const OTHER = `AC${'2'.repeat(32)}`;
const PROXY = '+14155551212';
const ids = { sid: createSidGenerator((n) => randomBytes(n)), token: () => 'tok' };
const clock = { now: () => new Date('2030-01-01T00:00:00Z') };

/** The inventory the carrier consults: PROXY is ACCOUNT's sandbox number, +14155559999 a Twilio number. */
const INVENTORY = new Map<string, SandboxNumberOwner>([
  [PROXY, { accountSid: ACCOUNT, carrier: 'sandbox' }],
  ['+14155553434', { accountSid: OTHER, carrier: 'sandbox' }],
  ['+14155559999', { accountSid: ACCOUNT, carrier: 'twilio' }],
]);
const carrierOn = (network: SandboxNetwork) => new SandboxCarrier({ network, ids, clock, ownerOf: async (e164) => INVENTORY.get(e164) ?? null });
const send = (carrier: SandboxCarrier, to: string, body: string, key = body, from = PROXY) =>
  carrier.send({ from, to, body, mediaUrls: [], statusCallbackUrl: null, idempotencyKey: key });

test('any number gets voice, SMS and MMS; a sent message lands in the destination inbox as delivered', async () => {
  const network = new SandboxNetwork();
  const carrier = carrierOn(network);
  assert.deepEqual(createSandboxAccount(carrier).defaultCapabilities('+447700900999'), { voice: true, sms: true, mms: true });
  const sent = await send(carrier, '+14155550001', 'hi');
  assert.match(sent.sid, /^SM[0-9a-f]{32}$/);
  assert.equal(sent.status, 'delivered');
  const inbox = network.messagesOf(ACCOUNT, '+14155550001');
  assert.equal(inbox.length, 1);
  assert.deepEqual({ ...inbox[0], dateCreated: undefined }, { sid: sent.sid, from: PROXY, to: '+14155550001', body: 'hi', mediaUrls: [], direction: 'received', dateCreated: undefined });
  assert.deepEqual(network.messagesOf(ACCOUNT, '+14155550002'), []);
});

test("a message lands in the network of the sending number's account only", async () => {
  const network = new SandboxNetwork();
  const carrier = carrierOn(network);
  await send(carrier, '+14155550001', 'for the first account');
  await send(carrier, '+14155550001', 'for the other account', 'k2', '+14155553434');
  assert.deepEqual(network.messagesOf(ACCOUNT, '+14155550001').map((m) => m.body), ['for the first account']);
  assert.deepEqual(network.messagesOf(OTHER, '+14155550001').map((m) => m.body), ['for the other account']);
});

test('the carrier refuses to send from a number on another carrier, or one not in the inventory, and delivers nothing', async () => {
  const network = new SandboxNetwork();
  const carrier = carrierOn(network);
  await assert.rejects(send(carrier, '+14155550001', 'x', 'k1', '+14155559999'), /on the twilio carrier/);
  await assert.rejects(send(carrier, '+14155550001', 'y', 'k2', '+14155550000'), /not in the inventory/);
  assert.equal(network.bytesUsed(), 0);
  assert.deepEqual(network.messagesOf(ACCOUNT, '+14155550001'), []);
});

test('calls are per account: another account cannot find, update or list them', () => {
  const network = new SandboxNetwork();
  const leg = network.startCall(ACCOUNT, { sid: ids.sid('call'), from: '+14155550101', to: PROXY, bridgedWith: null, dateCreated: clock.now() });
  assert.equal(network.findCall(OTHER, leg.sid), null);
  assert.equal(network.updateCall(OTHER, leg.sid, { status: 'completed' }), null);
  assert.deepEqual(network.callsOf(OTHER, '+14155550101'), []);
  assert.equal(network.findCall(ACCOUNT, leg.sid)?.status, 'ringing');
  assert.deepEqual(network.callsOf(ACCOUNT, '+14155550101').map((c) => c.sid), [leg.sid]);
});

test('a retried send (same idempotency key) is delivered once', async () => {
  const network = new SandboxNetwork();
  const carrier = carrierOn(network);
  const first = await send(carrier, '+14155550001', 'once', 'KI1');
  const again = await send(carrier, '+14155550001', 'once', 'KI1');
  assert.equal(again.sid, first.sid);
  assert.equal(network.messagesOf(ACCOUNT, '+14155550001').length, 1);
});

test('inboxes are bounded per phone and in phones', async () => {
  const network = new SandboxNetwork({ messagesPerPhone: 3, phones: 2 });
  const carrier = carrierOn(network);
  for (let i = 0; i < 5; i += 1) await send(carrier, '+14155550001', `m${i}`);
  assert.deepEqual(network.messagesOf(ACCOUNT, '+14155550001').map((m) => m.body), ['m2', 'm3', 'm4']);
  await send(carrier, '+14155550002', 'b');
  await send(carrier, '+14155550003', 'c');
  assert.deepEqual(network.messagesOf(ACCOUNT, '+14155550001'), [], 'the least recently used phone was forgotten');
  assert.equal(network.messagesOf(ACCOUNT, '+14155550003').length, 1);
});

test('call legs are bounded in number: the oldest are forgotten first', () => {
  const network = new SandboxNetwork({ calls: 3 });
  const sids = Array.from({ length: 5 }, () => network.startCall(ACCOUNT, { sid: ids.sid('call'), from: '+14155550101', to: PROXY, bridgedWith: null, dateCreated: clock.now() }).sid);
  assert.deepEqual(network.callsOf(ACCOUNT, '+14155550101').map((c) => c.sid), sids.slice(2));
  assert.equal(network.findCall(ACCOUNT, sids[0] ?? ''), null);
});

const PHONES = ['+14155550001', '+14155550002', '+14155550003', 'whatsapp:+14155550004'];
const ACCOUNTS = [ACCOUNT, OTHER];

type Op =
  | { kind: 'message'; account: number; phone: number; sent: boolean; body: string; media: number; mediaLength: number }
  | { kind: 'call'; account: number; phone: number }
  | { kind: 'hear'; call: number; heard: string }
  | { kind: 'program'; call: number; say: string; drop: boolean }
  | { kind: 'behave'; account: number; phone: number; voicemail: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('message' as const), account: fc.nat(1), phone: fc.nat(PHONES.length - 1), sent: fc.boolean(),
    body: fc.string({ maxLength: 1600 }), media: fc.nat(10), mediaLength: fc.integer({ min: 10, max: 2048 }),
  }),
  fc.record({ kind: fc.constant('call' as const), account: fc.nat(1), phone: fc.nat(PHONES.length - 1) }),
  fc.record({ kind: fc.constant('hear' as const), call: fc.nat(50), heard: fc.string({ maxLength: 4000 }) }),
  fc.record({ kind: fc.constant('program' as const), call: fc.nat(50), say: fc.string({ maxLength: 4000 }), drop: fc.boolean() }),
  fc.record({ kind: fc.constant('behave' as const), account: fc.nat(1), phone: fc.nat(PHONES.length - 1), voicemail: fc.string({ maxLength: 1600 }) }),
);

/** Everything a caller can still read back, recounted independently of the network's own bookkeeping. */
const keptBytes = (network: SandboxNetwork): { total: number; perPhone: number[] } => {
  const perPhone: number[] = [];
  const calls = new Map<string, SandboxCall>();
  for (const account of ACCOUNTS) {
    for (const phone of PHONES) {
      perPhone.push(network.messagesOf(account, phone).reduce((sum, m) => sum + messageBytes(m), 0));
      for (const call of network.callsOf(account, phone)) calls.set(`${account}:${call.sid}`, call);
    }
  }
  const behaviours = ACCOUNTS.flatMap((account) => PHONES.map((phone) => {
    const behaviour = network.behaviourOf(account, phone);
    return behaviour === DEFAULT_BEHAVIOUR ? 0 : behaviourBytes(`${account}:${phoneKey(phone)}`, behaviour);
  }));
  const callTotal = [...calls.entries()].reduce((sum, [key, c]) => sum + callBytes(c) + programBytes(network.programOf(key.slice(0, key.indexOf(':')), c.sid)), 0);
  const total = perPhone.reduce((a, b) => a + b, 0) + callTotal + behaviours.reduce((a, b) => a + b, 0);
  return { total, perPhone };
};

test('memory: bytes kept never exceed the per-phone and overall budgets, and the newest message is kept', () => {
  const limits = { bytesPerPhone: 30_000, bytes: 70_000, messagesPerPhone: 1_000, calls: 1_000 };
  fc.assert(fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
    const network = new SandboxNetwork(limits);
    const calls: { account: string; sid: string }[] = [];
    for (const op of ops) {
      if (op.kind === 'message') {
        const account = ACCOUNTS[op.account] ?? ACCOUNT;
        const phone = PHONES[op.phone] ?? '+1';
        const message = {
          sid: ids.sid('message'), from: op.sent ? phone : PROXY, to: op.sent ? PROXY : phone, body: op.body,
          mediaUrls: Array.from({ length: op.media }, (_, i) => `https://m.invalid/${i}/${'x'.repeat(op.mediaLength)}`), dateCreated: clock.now(),
        };
        if (op.sent) network.recordSent(account, message);
        else network.deliver(account, message);
        // One larger than a phone's whole budget is not kept at all (at the defaults, 1 MiB, a capped message always fits).
        const fits = messageBytes({ ...message, direction: 'sent' }) <= limits.bytesPerPhone;
        if (fits) assert.equal(network.messagesOf(account, phone).at(-1)?.sid, message.sid, 'the newest message is kept, older ones go first');
      } else if (op.kind === 'call') {
        const account = ACCOUNTS[op.account] ?? ACCOUNT;
        const leg = network.startCall(account, { sid: ids.sid('call'), from: PHONES[op.phone] ?? '+1', to: PROXY, bridgedWith: null, dateCreated: clock.now() });
        calls.push({ account, sid: leg.sid });
      } else if (op.kind === 'hear') {
        const target = calls[op.call % Math.max(1, calls.length)];
        if (target) network.updateCall(target.account, target.sid, { heardLog: [{ text: op.heard, at: clock.now() }], status: 'completed' });
      } else if (op.kind === 'program') {
        const target = calls[op.call % Math.max(1, calls.length)];
        if (target) network.setProgram(target.account, target.sid, op.drop ? null : { trafficSid: 'NT1', wait: null, rest: [{ verb: 'Say', text: op.say }] });
      } else {
        network.setBehaviour(ACCOUNTS[op.account] ?? ACCOUNT, PHONES[op.phone] ?? '+1', { ...DEFAULT_BEHAVIOUR, voicemail: op.voicemail });
      }
      const kept = keptBytes(network);
      assert.ok(network.bytesUsed() <= limits.bytes, `${network.bytesUsed()} > ${limits.bytes}`);
      assert.equal(kept.total, network.bytesUsed(), 'the bookkeeping matches what is kept');
      for (const bytes of kept.perPhone) assert.ok(bytes <= limits.bytesPerPhone, `a phone keeps ${bytes} > ${limits.bytesPerPhone}`);
    }
  }), { numRuns: 60 });
});

test('memory: 100 messages of 10 long media URLs stay within a small budget', () => {
  const network = new SandboxNetwork({ bytes: 256 * 1024, bytesPerPhone: 64 * 1024 });
  const media = Array.from({ length: 10 }, (_, i) => `https://m.invalid/${i}/${'x'.repeat(2000)}`);
  for (let i = 0; i < 100; i += 1) {
    network.deliver(ACCOUNT, { sid: ids.sid('message'), from: PROXY, to: `+1415555${String(1000 + i)}`, body: 'b', mediaUrls: media, dateCreated: clock.now() });
  }
  assert.ok(network.bytesUsed() <= 256 * 1024);
  assert.equal(network.messagesOf(ACCOUNT, '+14155551099').length, 1, 'the newest is kept');
  assert.equal(network.messagesOf(ACCOUNT, '+14155551000').length, 0, 'the oldest was dropped');
});

test('phone keys: the same number however it is written; channel addresses as they are', () => {
  assert.equal(phoneKey('14155550001'), '+14155550001');
  assert.equal(phoneKey(' +1 (415) 555-0001 '), '+14155550001');
  assert.equal(phoneKey('whatsapp:+14155550001'), 'whatsapp:+14155550001');
});

test('the registry names its carriers and refuses unknown ones with 80701', () => {
  const registry = createCarrierAccounts([createSandboxAccount(carrierOn(new SandboxNetwork()))]);
  assert.deepEqual(registry.names(), ['sandbox']);
  assert.equal(registry.get('sandbox').name, 'sandbox');
  assert.equal(registry.find('acme'), null);
  assert.throws(() => registry.get('acme'), /'Carrier' is invalid\./);
});

test("a programmable call's state and a phone's behaviour belong to one account, and the state goes with its call", () => {
  const network = new SandboxNetwork({ calls: 1 });
  const leg = network.startCall(ACCOUNT, { sid: ids.sid('call'), from: '+14155550101', to: PROXY, bridgedWith: null, dateCreated: clock.now() });
  const program = { trafficSid: 'NT1', wait: { kind: 'listening' as const }, rest: [] };
  network.setProgram(ACCOUNT, leg.sid, program);
  network.setProgram(OTHER, leg.sid, null);
  assert.deepEqual([network.programOf(ACCOUNT, leg.sid), network.programOf(OTHER, leg.sid)], [program, null]);
  network.setBehaviour(ACCOUNT, '14155550101', { onCall: 'busy', digits: ['1'], voicemail: null });
  assert.deepEqual([network.behaviourOf(ACCOUNT, '+1 415 555 0101').onCall, network.behaviourOf(OTHER, '+14155550101')], ['busy', DEFAULT_BEHAVIOUR]);
  network.startCall(ACCOUNT, { sid: ids.sid('call'), from: '+14155550102', to: PROXY, bridgedWith: null, dateCreated: clock.now() });
  assert.equal(network.programOf(ACCOUNT, leg.sid), null, 'evicted with its call');
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSidGenerator } from '../../domain/sid.ts';
import { createCarrierRegistry } from '../registry.ts';
import { SandboxCarrier } from './carrier.ts';
import { phoneKey, SandboxNetwork } from './network.ts';

const ids = { sid: createSidGenerator((n) => randomBytes(n)), token: () => 'tok' };
const clock = { now: () => new Date('2030-01-01T00:00:00Z') };
const send = (carrier: SandboxCarrier, to: string, body: string, key = body) =>
  carrier.sendMessage({ from: '+14155551212', to, body, mediaUrls: [], statusCallbackUrl: null, idempotencyKey: key });

test('any number gets voice, SMS and MMS; a sent message lands in the destination inbox as delivered', async () => {
  const network = new SandboxNetwork();
  const carrier = new SandboxCarrier({ network, ids, clock });
  assert.deepEqual(carrier.defaultCapabilities('+447700900999'), { voice: true, sms: true, mms: true });
  const sent = await send(carrier, '+14155550001', 'hi');
  assert.match(sent.sid, /^SM[0-9a-f]{32}$/);
  assert.equal(sent.status, 'delivered');
  const inbox = network.messagesOf('+14155550001');
  assert.equal(inbox.length, 1);
  assert.deepEqual({ ...inbox[0], dateCreated: undefined }, { sid: sent.sid, from: '+14155551212', to: '+14155550001', body: 'hi', mediaUrls: [], direction: 'received', dateCreated: undefined });
  assert.deepEqual(network.messagesOf('+14155550002'), []);
});

test('a retried send (same idempotency key) is delivered once', async () => {
  const network = new SandboxNetwork();
  const carrier = new SandboxCarrier({ network, ids, clock });
  const first = await send(carrier, '+14155550001', 'once', 'KI1');
  const again = await send(carrier, '+14155550001', 'once', 'KI1');
  assert.equal(again.sid, first.sid);
  assert.equal(network.messagesOf('+14155550001').length, 1);
});

test('inboxes are bounded per phone and in phones', async () => {
  const network = new SandboxNetwork({ messagesPerPhone: 3, phones: 2 });
  const carrier = new SandboxCarrier({ network, ids, clock });
  for (let i = 0; i < 5; i += 1) await send(carrier, '+14155550001', `m${i}`);
  assert.deepEqual(network.messagesOf('+14155550001').map((m) => m.body), ['m2', 'm3', 'm4']);
  await send(carrier, '+14155550002', 'b');
  await send(carrier, '+14155550003', 'c');
  assert.deepEqual(network.messagesOf('+14155550001'), [], 'the least recently used phone was forgotten');
  assert.equal(network.messagesOf('+14155550003').length, 1);
});

test('phone keys: the same number however it is written; channel addresses as they are', () => {
  assert.equal(phoneKey('14155550001'), '+14155550001');
  assert.equal(phoneKey(' +1 (415) 555-0001 '), '+14155550001');
  assert.equal(phoneKey('whatsapp:+14155550001'), 'whatsapp:+14155550001');
});

test('the registry names its carriers and refuses unknown ones with 80701', () => {
  const registry = createCarrierRegistry([new SandboxCarrier({ network: new SandboxNetwork(), ids, clock })]);
  assert.deepEqual(registry.names(), ['sandbox']);
  assert.equal(registry.get('sandbox').name, 'sandbox');
  assert.throws(() => registry.get('acme'), /'Carrier' is invalid\./);
});

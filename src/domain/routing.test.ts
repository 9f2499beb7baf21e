import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Participant } from './participant.ts';
import { decideRoute, isOptOut, type InboundEvent } from './routing.ts';
import type { Session } from './session.ts';

const now = new Date('2026-01-01T00:00:00Z');
const session = (o: Partial<Session> = {}): Session => ({
  sid: 'KC1', serviceSid: 'KS1', accountSid: 'AC1', uniqueName: null, status: 'open', closedReason: null, mode: 'voice-and-message',
  ttl: 0, dateExpiry: null, dateStarted: now, dateEnded: null, dateLastInteraction: null, expiresAt: null, dateCreated: now, dateUpdated: now, ...o,
});
const participant = (identifier: string, proxy: string): Participant => ({
  sid: `KP${identifier}`, sessionSid: 'KC1', serviceSid: 'KS1', accountSid: 'AC1', friendlyName: null, identifier,
  proxyIdentifier: proxy, proxyIdentifierSid: 'PN1', dateDeleted: null, dateCreated: now, dateUpdated: now,
});
const alice = participant('+14155550101', '+14155551212');
const bob = participant('+14155550202', '+14155553434');
const sms = (body: string): InboundEvent => ({
  channel: 'message', carrier: 'sandbox', resourceSid: 'SM1', from: alice.identifier, to: alice.proxyIdentifier, body, mediaUrls: [], carrierParams: {},
});

test('a message is forwarded to the partner, from the partner\'s proxy number', () => {
  assert.deepEqual(decideRoute(sms('hi'), { session: session(), sender: alice, partner: bob }, now, ['STOP']), {
    kind: 'forward', to: bob.identifier, from: bob.proxyIdentifier,
  });
});

test('refusals: expired, wrong mode, no partner, opt-out', () => {
  const ctx = { sender: alice, partner: bob };
  const code = (s: Session, e: InboundEvent, partner: Participant | null = bob) => {
    const v = decideRoute(e, { ...ctx, session: s, partner }, now, ['STOP']);
    return v.kind === 'refuse' ? v.code : null;
  };
  assert.equal(code(session({ expiresAt: new Date(now.getTime() - 1) }), sms('hi')), 'session-expired');
  assert.equal(code(session({ status: 'closed' }), sms('hi')), 'session-expired');
  assert.equal(code(session({ mode: 'voice-only' }), sms('hi')), 'message-to-voice-only-session');
  assert.equal(code(session({ mode: 'message-only' }), { ...sms(''), channel: 'voice' }), 'call-to-message-only-session');
  assert.equal(code(session(), sms('hi'), null), 'no-partner');
  assert.equal(code(session(), sms(' stop ')), 'opt-out-word');
  assert.equal(code(session(), sms('stop please')), null, 'only the whole body is an opt-out word');
});

test('opt-out words match whole bodies, case-insensitively; START and YES pass', () => {
  for (const w of ['STOP', 'stopall', 'Unsubscribe', 'cancel', 'END', 'quit']) assert.ok(isOptOut(w), w);
  for (const w of ['START', 'YES', 'stop it', '']) assert.ok(!isOptOut(w), w);
});

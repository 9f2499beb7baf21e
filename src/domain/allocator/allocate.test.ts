import assert from 'node:assert/strict';
import { test } from 'node:test';
import { geoTiers } from '../geo-match.ts';
import { parseIdentifier } from '../phone-number.ts';
import { allocate, funnelOf } from './allocate.ts';
import { refusalFromFunnel } from './refusal.ts';
import { facts, poolNumber, request, tier, US_TIER } from './test-fixtures.ts';
import type { ErrorName } from '../errors.ts';
import type { AllocationExplanation, CandidateFacts } from './types.ts';

const chosenSid = (result: AllocationExplanation): string | null =>
  result.decision.kind === 'chosen' ? result.decision.number.sid : null;

const refusalCode = (result: AllocationExplanation): ErrorName | null =>
  result.decision.kind === 'refused' ? result.decision.code : null;

const tiersFor = (identifier: string) => {
  const parsed = parseIdentifier(identifier);
  if (parsed.kind !== 'phone') throw new Error('phone expected');
  return geoTiers(parsed, 'country');
};

const US_NUMBER = poolNumber('PN-us', '+14155550100');
const AG_NUMBER = poolNumber('PN-ag', '+12685550100', { isoCountry: 'AG' });
const GB_NUMBER = poolNumber('PN-gb', '+447700900100', { isoCountry: 'GB', areaCode: null });

test('an Antiguan gets an Antiguan number when the pool has one, a US number otherwise', () => {
  const tiers = tiersFor('+12685551234');
  assert.equal(chosenSid(allocate(request({ tiers }), [facts(US_NUMBER), facts(AG_NUMBER)])), 'PN-ag');
  assert.equal(chosenSid(allocate(request({ tiers }), [facts(US_NUMBER)])), 'PN-us');
  assert.equal(refusalCode(allocate(request({ tiers }), [facts(GB_NUMBER)])), 'no-proxy-for-country');
});

test('a Guernsey participant is served by a GB number', () => {
  assert.equal(chosenSid(allocate(request({ tiers: tiersFor('+441481123456') }), [facts(US_NUMBER), facts(GB_NUMBER)])), 'PN-gb');
});

test('the US number that lost to the AG one is reported as outside the first matching tier', () => {
  const result = allocate(request({ tiers: tiersFor('+12685551234') }), [facts(US_NUMBER), facts(AG_NUMBER)]);
  const us = result.candidates.find((c) => c.sid === 'PN-us');
  assert.equal(us?.verdict, 'dropped');
  assert.equal(us?.reason, 'outside-first-matching-tier');
});

test('each refusal names the first filter that emptied the pool', () => {
  const reserved = poolNumber('PN-r', '+14155550101', { isReserved: true });
  const voiceOnly = poolNumber('PN-v', '+14155550102', { capabilities: { voice: true, sms: false, mms: false } });
  const smsOnly = poolNumber('PN-s', '+14155550103', { capabilities: { voice: false, sms: true, mms: false } });
  const cases: [string, ReturnType<typeof request>, CandidateFacts[], ErrorName][] = [
    ['empty pool', request(), [], 'pool-empty'],
    ['numbers not in the pool', request(), [facts(poolNumber('PN-x', '+14155550104', { serviceSid: null }))], 'pool-empty'],
    ['all reserved', request(), [facts(reserved)], 'only-reserved-numbers'],
    ['no voice for a voice-only session', request({ mode: 'voice-only' }), [facts(smsOnly)], 'no-voice-proxy'],
    ['no SMS for a message-only session', request({ mode: 'message-only' }), [facts(voiceOnly)], 'no-message-proxy'],
    ['voice first: neither voice nor SMS', request(), [facts(poolNumber('PN-n', '+14155550105', { capabilities: { voice: false, sms: false, mms: true } }))], 'no-voice-proxy'],
    ['voice and SMS on no single number', request(), [facts(voiceOnly), facts(smsOnly)], 'no-message-proxy'],
    ['wrong country', request({ tiers: [tier('same country (GB)', ['GB'])] }), [facts(US_NUMBER)], 'no-proxy-for-country'],
    ['all already bound to the participant', request(), [facts(US_NUMBER, { bound: true })], 'no-unused-proxy'],
    ['reserved before bound', request(), [facts(reserved), facts(US_NUMBER, { bound: true })], 'no-unused-proxy'],
  ];
  for (const [name, req, candidates, code] of cases) {
    const result = allocate(req, candidates);
    assert.equal(refusalCode(result), code, name);
    assert.equal(refusalFromFunnel(funnelOf(req, candidates), req.mode).code, code, `${name} (funnel)`);
  }
});

test("the counterpart's number wins over a less loaded one, so both sides share a number", () => {
  const busy = poolNumber('PN-busy', '+14155550200', { load: 9 });
  const idle = poolNumber('PN-idle', '+14155550201', { load: 0 });
  const result = allocate(request({ counterpartNumberSid: 'PN-busy' }), [facts(idle), facts(busy)]);
  assert.equal(chosenSid(result), 'PN-busy');
  assert.equal(result.decision.kind === 'chosen' && result.decision.reason, 'counterpart-number');
  assert.match(result.decision.explanation, /other participant/);
});

test('prefer-sticky reuses the number the participant had last', () => {
  const older = poolNumber('PN-old', '+14155550300');
  const last = poolNumber('PN-last', '+14155550301', { load: 5 });
  const idle = poolNumber('PN-idle', '+14155550302');
  const result = allocate(request(), [facts(older, { lastUsedHour: 1 }), facts(last, { lastUsedHour: 2 }), facts(idle)]);
  assert.equal(chosenSid(result), 'PN-last');
  assert.equal(result.decision.kind === 'chosen' && result.decision.reason, 'sticky');
});

test('prefer-sticky does not fall back to an older number when the last one is unavailable', () => {
  const older = poolNumber('PN-old', '+14155550300', { load: 3 });
  const last = poolNumber('PN-last', '+14155550301', { isReserved: true });
  const idle = poolNumber('PN-idle', '+14155550302', { load: 1 });
  const result = allocate(request(), [facts(older, { lastUsedHour: 1 }), facts(last, { lastUsedHour: 2 }), facts(idle)]);
  assert.equal(chosenSid(result), 'PN-idle');
  assert.equal(result.decision.kind === 'chosen' && result.decision.reason, 'least-loaded');
});

test('avoid-sticky prefers a never-used number, then the least recently used one', () => {
  const used = poolNumber('PN-used', '+14155550400', { load: 0 });
  const fresh = poolNumber('PN-fresh', '+14155550401', { load: 4 });
  const req = request({ behavior: 'avoid-sticky' });
  assert.equal(chosenSid(allocate(req, [facts(used, { lastUsedHour: 1 }), facts(fresh)])), 'PN-fresh');
  const recent = poolNumber('PN-recent', '+14155550402');
  const result = allocate(req, [facts(used, { lastUsedHour: 1 }), facts(recent, { lastUsedHour: 9 })]);
  assert.equal(chosenSid(result), 'PN-used');
  assert.equal(result.decision.kind === 'chosen' && result.decision.reason, 'least-recently-used');
});

test('ties on load are broken by phone number, whatever the input order', () => {
  const a = poolNumber('PN-z', '+14155550500');
  const b = poolNumber('PN-a', '+14155550501');
  assert.equal(chosenSid(allocate(request(), [facts(b), facts(a)])), 'PN-z');
  assert.equal(chosenSid(allocate(request(), [facts(a), facts(b)])), 'PN-z');
});

test('every candidate gets one verdict with a sentence, ranked numbers first', () => {
  const result = allocate(request(), [
    facts(poolNumber('PN-1', '+14155550601', { load: 2 })),
    facts(poolNumber('PN-2', '+14155550602', { isReserved: true })),
    facts(poolNumber('PN-3', '+14155550603', { load: 1 })),
    facts(poolNumber('PN-4', '+14155550604'), { bound: true }),
  ]);
  assert.deepEqual(result.candidates.map((c) => [c.sid, c.verdict, c.rank]), [
    ['PN-3', 'chosen', 1],
    ['PN-1', 'eligible', 2],
    ['PN-2', 'dropped', null],
    ['PN-4', 'dropped', null],
  ]);
  assert.deepEqual(result.candidates.map((c) => c.reason), ['least-loaded', 'least-loaded', 'reserved', 'bound-to-identifier']);
  for (const c of result.candidates) assert.ok(c.explanation.length > 10, c.sid);
  assert.match(result.decision.explanation, /\+14155550603/);
});

test('geo mismatch explains where the number is and what was asked for', () => {
  const result = allocate(request({ tiers: [US_TIER] }), [facts(GB_NUMBER)]);
  assert.match(result.candidates[0]?.explanation ?? '', /GB.*same country \(US\)/);
  assert.match(result.decision.explanation, /location/);
});

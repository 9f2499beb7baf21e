// Properties of the allocator over random pools and requests, checked against an oracle written here
// from the rules in docs/compatibility.md, independently of allocate.ts / rank.ts / refusal.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ErrorName } from '../errors.ts';
import type { SmsGateError } from '../messaging/sms-gate.ts';
import { NUMBER_SELECTION_BEHAVIORS } from '../service.ts';
import { SESSION_MODES } from '../session.ts';
import { allocate, counterpartWinsOutright, funnelOf } from './allocate.ts';
import { refusalFromFunnel } from './refusal.ts';
import { facts, poolNumber, request, tier } from './test-fixtures.ts';
import type { AllocationRequest, CandidateFacts, GeoTier, PoolFunnel } from './types.ts';

const RUNS = { numRuns: 400 };

const TIERS: readonly GeoTier[] = [
  tier('AG', ['AG']),
  tier('US', ['US']),
  tier('415 overlay', null, ['415', '628']),
  tier('510', null, ['510']),
  tier('GB family', ['GB', 'GG', 'IM', 'JE']),
  tier('anywhere', null),
];
const LOCATIONS = [
  { isoCountry: 'US', areaCode: '415' }, { isoCountry: 'US', areaCode: '628' }, { isoCountry: 'US', areaCode: '510' },
  { isoCountry: 'AG', areaCode: '268' }, { isoCountry: 'GB', areaCode: null }, { isoCountry: 'GG', areaCode: null },
  { isoCountry: null, areaCode: null },
] as const;

const GATE_ERRORS: readonly SmsGateError[] = ['sms-unregistered-number', 'sms-number-being-configured', 'sms-campaign-suspended', 'sms-tollfree-unverified'];

const chance = (percent: number) => fc.integer({ min: 1, max: 100 }).map((n) => n <= percent);

const candidateSpec = fc.record({
  phone: fc.integer({ min: 100, max: 999 }),
  inPool: chance(92),
  reserved: chance(20),
  voice: chance(75),
  sms: chance(75),
  location: fc.constantFrom(...LOCATIONS),
  load: fc.integer({ min: 0, max: 3 }),
  bound: chance(20),
  lastUsedHour: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 6 })),
  // US SMS registration gating (enforce): the caller marks the numbers that may not text the participant.
  gated: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...GATE_ERRORS) }),
});

const poolArb = fc.uniqueArray(candidateSpec, { maxLength: 24, selector: (s) => s.phone }).map((specs) =>
  specs.map((s, i) => facts(
    poolNumber(`PN${String(i).padStart(2, '0')}`, `+1555000${s.phone}`, {
      ...s.location,
      serviceSid: s.inPool ? 'KS1' : null,
      isReserved: s.reserved,
      capabilities: { voice: s.voice, sms: s.sms, mms: false },
      load: s.load,
    }),
    { bound: s.bound, lastUsedHour: s.lastUsedHour, smsGated: s.gated },
  )));

const requestArb = fc.record({
  mode: fc.constantFrom(...SESSION_MODES),
  behavior: fc.constantFrom(...NUMBER_SELECTION_BEHAVIORS),
  tiers: fc.shuffledSubarray([...TIERS], { minLength: 1, maxLength: 3 }),
  counterpart: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10 })),
}).map((r) => request({
  mode: r.mode,
  behavior: r.behavior,
  tiers: r.tiers,
  counterpartNumberSid: r.counterpart === null ? null : `PN${String(r.counterpart).padStart(2, '0')}`,
}));

const scenario = fc.record({ req: requestArb, pool: poolArb, keys: fc.array(fc.integer(), { minLength: 24, maxLength: 24 }), keep: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }) });

// ---- the oracle -------------------------------------------------------------------------------------

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const at = (c: CandidateFacts) => c.lastUsedByIdentifier?.getTime() ?? 0;
const matches = (c: CandidateFacts, t: GeoTier) =>
  (t.countries === null || t.countries.some((x) => x === c.number.isoCountry)) &&
  (t.areaCodes === null || t.areaCodes.some((x) => x === c.number.areaCode));
const leastLoaded = (list: readonly CandidateFacts[]) =>
  [...list].sort((a, b) => a.number.load - b.number.load || cmp(a.number.phoneNumber, b.number.phoneNumber) || cmp(a.number.sid, b.number.sid))[0];

type Outcome = { kind: 'refused'; code: ErrorName } | { kind: 'chosen'; sid: string; tier: GeoTier; eligible: readonly CandidateFacts[] };

const oracleFunnel = (req: AllocationRequest, pool: readonly CandidateFacts[]): PoolFunnel => {
  const voice = req.mode !== 'message-only';
  const sms = req.mode !== 'voice-only';
  const inPool = pool.filter((c) => c.number.serviceSid !== null);
  const unreserved = inPool.filter((c) => !c.number.isReserved);
  const capable = unreserved.filter((c) => (!voice || c.number.capabilities.voice) && (!sms || c.number.capabilities.sms));
  const geo = capable.filter((c) => req.tiers.some((t) => matches(c, t)));
  const sendable = geo.filter((c) => !c.smsGated);
  return {
    inPool: inPool.length, unreserved: unreserved.length, capable: capable.length, geoMatching: geo.length,
    smsSendable: sendable.length, notBound: sendable.filter((c) => !c.boundToIdentifier).length,
    voiceCapable: unreserved.filter((c) => c.number.capabilities.voice).length,
    smsCapable: unreserved.filter((c) => c.number.capabilities.sms).length,
  };
};

/** The sticky number: the identifier's most recent number in the pool (ties: phone, then sid). */
const mostRecent = (pool: readonly CandidateFacts[]) =>
  [...pool].filter((c) => c.lastUsedByIdentifier && c.number.serviceSid !== null)
    .sort((a, b) => at(b) - at(a) || cmp(a.number.phoneNumber, b.number.phoneNumber) || cmp(a.number.sid, b.number.sid))[0];

const oracle = (req: AllocationRequest, pool: readonly CandidateFacts[]): Outcome => {
  let set = pool.filter((c) => c.number.serviceSid !== null);
  if (set.length === 0) return { kind: 'refused', code: 'pool-empty' };
  set = set.filter((c) => !c.number.isReserved);
  if (set.length === 0) return { kind: 'refused', code: 'only-reserved-numbers' };
  if (req.mode !== 'message-only') set = set.filter((c) => c.number.capabilities.voice);
  if (set.length === 0) return { kind: 'refused', code: 'no-voice-proxy' };
  if (req.mode !== 'voice-only') set = set.filter((c) => c.number.capabilities.sms);
  if (set.length === 0) return { kind: 'refused', code: 'no-message-proxy' };
  set = set.filter((c) => req.tiers.some((t) => matches(c, t)));
  if (set.length === 0) return { kind: 'refused', code: 'no-proxy-for-country' };
  set = set.filter((c) => !c.smsGated);
  if (set.length === 0) return { kind: 'refused', code: 'no-message-proxy' };
  set = set.filter((c) => !c.boundToIdentifier);
  if (set.length === 0) return { kind: 'refused', code: 'no-unused-proxy' };
  const winning = req.tiers.find((t) => set.some((c) => matches(c, t)));
  if (!winning) throw new Error('oracle: a free geo-matching number must match some tier');
  const eligible = set.filter((c) => matches(c, winning));
  const pick = (c: CandidateFacts | undefined): Outcome => {
    if (!c) throw new Error('oracle: empty pick');
    return { kind: 'chosen', sid: c.number.sid, tier: winning, eligible };
  };
  const counterpart = eligible.find((c) => c.number.sid === req.counterpartNumberSid);
  if (counterpart) return pick(counterpart);
  if (req.behavior === 'prefer-sticky') {
    const sticky = mostRecent(pool);
    return pick(sticky && eligible.includes(sticky) ? sticky : leastLoaded(eligible));
  }
  const never = eligible.filter((c) => c.lastUsedByIdentifier === null);
  if (never.length > 0) return pick(leastLoaded(never));
  return pick([...eligible].sort((a, b) => at(a) - at(b) || a.number.load - b.number.load ||
    cmp(a.number.phoneNumber, b.number.phoneNumber) || cmp(a.number.sid, b.number.sid))[0]);
};

const shuffle = <T>(list: readonly T[], keys: readonly number[]): T[] =>
  list.map((item, i) => ({ item, key: keys[i] ?? 0, i })).sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.item);

// ---- properties ---------------------------------------------------------------------------------------

test('soundness: a chosen number is in the pool, unreserved, capable, in the winning tier and not bound', () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const { decision } = allocate(req, pool);
    if (decision.kind !== 'chosen') return;
    const chosen = pool.find((c) => c.number.sid === decision.number.sid);
    assert.ok(chosen, 'chosen from the candidates');
    assert.notEqual(chosen.number.serviceSid, null);
    assert.equal(chosen.number.isReserved, false);
    if (req.mode !== 'message-only') assert.ok(chosen.number.capabilities.voice);
    if (req.mode !== 'voice-only') assert.ok(chosen.number.capabilities.sms);
    assert.equal(chosen.boundToIdentifier, false);
    const expected = oracle(req, pool);
    assert.equal(expected.kind, 'chosen');
    if (expected.kind === 'chosen') assert.ok(matches(chosen, expected.tier), `in the first tier with an eligible number (${expected.tier.label})`);
  }), RUNS);
});

test('gating: no chosen number is one the gate blocks for the participant; a gated pool is refused with 80202, explained', () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const { decision, candidates } = allocate(req, pool);
    if (decision.kind === 'chosen') assert.ok(!pool.find((c) => c.number.sid === decision.number.sid)?.smsGated, 'the chosen number may text the participant');
    for (const verdict of candidates.filter((c) => c.reason === 'sms-gated')) {
      assert.equal(verdict.verdict, 'dropped');
      assert.match(verdict.explanation, /registration gating .* 3003[2-5] /);
    }
  }), RUNS);
});

test('completeness: a number is chosen exactly when one is eligible, else the first emptied filter is named', () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const { decision } = allocate(req, pool);
    const expected = oracle(req, pool);
    if (expected.kind === 'refused') assert.equal(decision.kind === 'refused' && decision.code, expected.code);
    else assert.equal(decision.kind === 'chosen' && decision.number.sid, expected.sid);
  }), RUNS);
});

test("preferences: counterpart first, prefer-sticky's last number, avoid-sticky's unused numbers, then least load", () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const expected = oracle(req, pool);
    const { decision } = allocate(req, pool);
    if (expected.kind !== 'chosen' || decision.kind !== 'chosen') return;
    const chosen = expected.eligible.find((c) => c.number.sid === decision.number.sid);
    assert.ok(chosen);
    const counterpart = expected.eligible.find((c) => c.number.sid === req.counterpartNumberSid);
    if (counterpart) return assert.equal(decision.reason, 'counterpart-number');
    const sticky = mostRecent(pool);
    if (req.behavior === 'prefer-sticky' && sticky && expected.eligible.includes(sticky)) {
      return assert.equal(decision.number.sid, sticky.number.sid);
    }
    let group = expected.eligible;
    if (req.behavior === 'avoid-sticky') {
      const never = expected.eligible.filter((c) => c.lastUsedByIdentifier === null);
      if (never.length > 0) {
        assert.equal(chosen.lastUsedByIdentifier, null, 'avoid-sticky never picks a used number while an unused one is eligible');
        group = never;
      } else {
        group = expected.eligible.filter((c) => at(c) === Math.min(...expected.eligible.map(at)));
      }
    }
    assert.equal(chosen.number.load, Math.min(...group.map((c) => c.number.load)), 'minimal load');
  }), RUNS);
});

test('determinism: the same candidates in any order give the same explanation', () => {
  fc.assert(fc.property(scenario, ({ req, pool, keys }) => {
    assert.deepEqual(allocate(req, shuffle(pool, keys)), allocate(req, pool));
  }), RUNS);
});

test('subset: any subset holding the winner and the most recent number decides like the whole pool', () => {
  fc.assert(fc.property(scenario, ({ req, pool, keep, keys }) => {
    const whole = allocate(req, pool).decision;
    const recent = mostRecent(pool);
    const subset = shuffle(pool.filter((c, i) =>
      keep[i] === true || c === recent || (whole.kind === 'chosen' && c.number.sid === whole.number.sid)), keys);
    const part = allocate(req, subset).decision;
    if (whole.kind === 'refused') return assert.equal(part.kind, 'refused', 'no subset can find what the pool lacks');
    assert.equal(part.kind === 'chosen' && part.number.sid, whole.number.sid);
    assert.equal(part.kind === 'chosen' && part.reason, whole.reason);
  }), RUNS);
});

test('counterpart shortcut: when the counterpart wins outright, it alone decides like the whole pool', () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const counterpart = pool.find((c) => c.number.sid === req.counterpartNumberSid);
    if (!counterpart || !counterpartWinsOutright(req, counterpart)) return;
    const expected = oracle(req, pool);
    assert.equal(expected.kind === 'chosen' && expected.sid, counterpart.number.sid);
    const whole = allocate(req, pool).decision;
    const alone = allocate(req, [counterpart]).decision;
    assert.equal(alone.kind === 'chosen' && alone.number.sid, whole.kind === 'chosen' && whole.number.sid);
    assert.equal(alone.kind === 'chosen' && alone.reason, 'counterpart-number');
  }), RUNS);
});

test('counterpart shortcut: it applies whenever the counterpart is free and in the first tier', () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const counterpart = pool.find((c) => c.number.sid === req.counterpartNumberSid);
    const firstTier = req.tiers[0];
    if (!counterpart || !firstTier) return;
    const expected = oracle(req, pool);
    const freeInFirstTier = expected.kind === 'chosen' && expected.sid === counterpart.number.sid && matches(counterpart, firstTier);
    assert.equal(counterpartWinsOutright(req, counterpart), freeInFirstTier);
  }), RUNS);
});

test("refusalFromFunnel, given the store's counts, names the same refusal as allocate", () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const funnel = oracleFunnel(req, pool);
    assert.deepEqual(funnelOf(req, pool), funnel);
    const { decision } = allocate(req, pool);
    if (decision.kind === 'refused') assert.equal(refusalFromFunnel(funnel, req.mode).code, decision.code);
    else assert.equal(refusalFromFunnel(funnel, req.mode).code, 'no-available-proxy', 'counts with survivors everywhere: a lost race');
  }), RUNS);
});

test('verdicts: one per candidate; the chosen number is rank 1 and eligible ranks are contiguous', () => {
  fc.assert(fc.property(scenario, ({ req, pool }) => {
    const { decision, candidates } = allocate(req, pool);
    assert.deepEqual(candidates.map((c) => c.sid).sort(), pool.map((c) => c.number.sid).sort());
    const ranked = candidates.filter((c) => c.verdict !== 'dropped');
    assert.deepEqual(ranked.map((c) => c.rank), ranked.map((_, i) => i + 1));
    assert.equal(candidates.filter((c) => c.verdict === 'chosen').length, decision.kind === 'chosen' ? 1 : 0);
    if (decision.kind === 'chosen') assert.equal(ranked[0]?.sid, decision.number.sid);
    for (const c of candidates) assert.ok(c.explanation.length > 0);
  }), RUNS);
});

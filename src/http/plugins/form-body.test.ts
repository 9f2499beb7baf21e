import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIntegers, MAX_FORM_PARAMS, MAX_VALUES_PER_KEY, normalizeFields, parseForm, parseQuery } from './form-body.ts';

const PARTICIPANT = { type: 'object', properties: { Identifier: {}, FriendlyName: {}, ProxyIdentifier: {} } };
const SESSION = { UniqueName: {}, Ttl: {}, Participants: { type: 'array', items: PARTICIPANT }, MediaUrl: { type: 'array', items: { type: 'string' } } };

test('parseForm: + and %20 are spaces, repeated keys are arrays, __proto__ is just a key', () => {
  const fields = parseForm('A=one+two&B=three%20four&M=1&M=2&M=3&__proto__=x');
  assert.equal(fields.A, 'one two');
  assert.equal(fields.B, 'three four');
  assert.deepEqual(fields.M, ['1', '2', '3']);
  assert.equal(Object.getPrototypeOf(fields), Object.prototype);
  assert.deepEqual(Object.keys(fields), ['A', 'B', 'M', '__proto__']);
});

test('keys match the schema in any case, camelCase or snake_case; unknown keys pass through', () => {
  assert.deepEqual(normalizeFields({ uniqueName: 'a', ttl: '5', Bogus: '1' }, SESSION), { UniqueName: 'a', Ttl: '5', Bogus: '1' });
  assert.deepEqual(normalizeFields({ unique_name: 'a', media_url: ['x'], MediaUrl: 'y' }, SESSION), { UniqueName: 'a', MediaUrl: ['x', 'y'] });
});

test('Participants as repeated JSON strings, with inner keys normalised too', () => {
  const out = normalizeFields({ Participants: ['{"Identifier":"+1","FriendlyName":"A"}', '{"identifier":"+2","proxy_identifier":"+3"}'] }, SESSION);
  assert.deepEqual(out.Participants, [{ Identifier: '+1', FriendlyName: 'A' }, { Identifier: '+2', ProxyIdentifier: '+3' }]);
});

test('Participants as bracket keys: one participant, two with lost grouping, explicit indexes', () => {
  assert.deepEqual(normalizeFields({ 'Participants[Identifier]': '+1', 'Participants[FriendlyName]': 'A' }, SESSION).Participants, [{ Identifier: '+1', FriendlyName: 'A' }]);
  const two = normalizeFields({ 'Participants[Identifier]': ['+1', '+2'], 'Participants[FriendlyName]': 'A', 'Participants[identifier]': '+3' }, SESSION);
  assert.deepEqual(two.Participants, [{ Identifier: '+1', FriendlyName: 'A' }, { Identifier: '+2' }, { Identifier: '+3' }]);
  const indexed = normalizeFields({ 'participants[1][Identifier]': '+2', 'participants[0][Identifier]': '+1' }, SESSION);
  assert.deepEqual(indexed.Participants, [{ Identifier: '+1' }, { Identifier: '+2' }]);
});

test('a JSON body passes objects through', () => {
  assert.deepEqual(normalizeFields({ participants: [{ identifier: '+1' }] }, SESSION).Participants, [{ Identifier: '+1' }]);
});

test('a Participants value that is not a JSON object is 80701 naming Participants', () => {
  for (const bad of ['{nope', '"+1"', '[1]']) {
    assert.throws(() => normalizeFields({ Participants: bad }, SESSION), (err: unknown) => err instanceof Error && /^'Participants' is invalid\./.test(err.message));
  }
});

const capError = (pattern: RegExp) => (err: unknown): boolean => err instanceof Error && pattern.test(err.message);

test('parseForm caps parameters and values per key; over-cap input throws before any work per repeat', () => {
  assert.throws(() => parseForm(Array.from({ length: 20_000 }, () => 'a=1').join('&')), capError(/^Too many parameters: at most 256/));
  assert.throws(() => parseForm(Array.from({ length: 100_000 }, (_, i) => `k${i}=1`).join('&')), capError(/^Too many parameters/));
  assert.throws(() => parseForm(Array.from({ length: MAX_VALUES_PER_KEY + 1 }, () => 'M=1').join('&')), capError(/^'M' is invalid\. At most 20 values/));
  const atCap = parseForm([...Array.from({ length: MAX_VALUES_PER_KEY }, () => 'M=1'), ...Array.from({ length: MAX_FORM_PARAMS - MAX_VALUES_PER_KEY }, (_, i) => `k${i}=1`)].join('&'));
  assert.equal(atCap.M?.length, MAX_VALUES_PER_KEY);
  assert.equal(Object.keys(atCap).length, MAX_FORM_PARAMS - MAX_VALUES_PER_KEY + 1);
});

test('parseQuery never throws (the router cannot answer a throw): an over-cap query parses to an empty object', () => {
  assert.deepEqual(parseQuery(Array.from({ length: 20_000 }, () => 'a=1').join('&')), {});
  assert.deepEqual(parseQuery('PageSize=2'), { PageSize: '2' });
});

test('normalizeFields caps keys and merged values (JSON bodies skip parseForm)', () => {
  assert.throws(() => normalizeFields(Object.fromEntries(Array.from({ length: MAX_FORM_PARAMS + 1 }, (_, i) => [`k${i}`, '1'])), SESSION), capError(/^Too many parameters/));
  assert.throws(() => normalizeFields({ MediaUrl: Array.from({ length: MAX_VALUES_PER_KEY + 1 }, () => 'x') }, SESSION), capError(/^'MediaUrl' is invalid\. At most 20/));
  assert.throws(() => normalizeFields({ MediaUrl: Array.from({ length: 15 }, () => 'x'), media_url: Array.from({ length: 6 }, () => 'y') }, SESSION), capError(/^'MediaUrl' is invalid\. At most 20/));
});

test('integer parameters must be plain decimal integers: Ajv would coerce Infinity, 1e3, 0x10', () => {
  const props = { PageSize: { type: 'integer' }, Name: { type: 'string' } };
  for (const bad of ['Infinity', '-Infinity', 'NaN', '1e3', '1e400', '0x10', ' 5', '5 ', '5.5', '', '+5', '1'.repeat(21)]) {
    assert.throws(() => checkIntegers({ PageSize: bad }, props), capError(/^'PageSize' is invalid\. Expected a whole number\./), JSON.stringify(bad));
  }
  assert.throws(() => checkIntegers({ PageSize: 1e30 }, props), capError(/^'PageSize' is invalid/));
  assert.throws(() => checkIntegers({ PageSize: ['1', 'Infinity'] }, props), capError(/^'PageSize' is invalid/));
  for (const good of ['0', '42', '-1', '99999999999999999999', 7]) assert.doesNotThrow(() => checkIntegers({ PageSize: good, Name: '1e3' }, props));
  assert.doesNotThrow(() => checkIntegers({}, props));
});

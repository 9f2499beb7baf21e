import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeFields, parseForm } from './form-body.ts';

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

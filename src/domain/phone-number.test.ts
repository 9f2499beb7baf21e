import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from './errors.ts';
import {
  nanpAreaCode,
  normalizeInbound,
  numberFacts,
  parseIdentifier,
  parseProxyIdentifier,
  servingCountries,
  storedE164,
  type ParsedIdentifier,
} from './phone-number.ts';

const phone = (raw: string): Extract<ParsedIdentifier, { kind: 'phone' }> => {
  const parsed = parseIdentifier(raw);
  assert.equal(parsed.kind, 'phone', `${raw} should parse as a phone number`);
  if (parsed.kind !== 'phone') throw new Error('unreachable');
  return parsed;
};

const rejectsAsInvalidIdentifier = (raw: string): void =>
  assert.throws(() => parseIdentifier(raw), (err: unknown) => err instanceof AppError && err.code === 'identifier-invalid', `${JSON.stringify(raw)} should be identifier-invalid`);

test('a US number resolves to US and its area code, served by US numbers', () => {
  assert.deepEqual(phone('+14155551212'), { kind: 'phone', e164: '+14155551212', country: 'US', areaCode: '415' });
  assert.deepEqual(servingCountries('US'), [['US']]);
});

test('a Canadian number is CA and only Canadian numbers serve it', () => {
  assert.equal(phone('+14165551234').country, 'CA');
  assert.deepEqual(servingCountries('CA'), [['CA']]);
});

test('+1 268 is Antigua: served by an AG number first, a US number otherwise', () => {
  const antigua = phone('+12685551234');
  assert.equal(antigua.country, 'AG');
  assert.equal(antigua.areaCode, '268');
  assert.deepEqual(servingCountries('AG'), [['AG'], ['US']]);
  assert.equal(phone('+1 441 292 1234').country, 'BM');
});

test('every Caribbean and Pacific NANP member falls back to US numbers', () => {
  for (const c of ['AG', 'AI', 'AS', 'BB', 'BM', 'BS', 'DM', 'DO', 'GD', 'GU', 'JM', 'KN', 'KY', 'LC', 'MP', 'MS', 'PR', 'SX', 'TC', 'TT', 'VC', 'VG', 'VI']) {
    assert.deepEqual(servingCountries(c), [[c], ['US']], c);
  }
});

test('+44 resolves Guernsey, Jersey and the Isle of Man, which share the GB family of numbers', () => {
  assert.equal(phone('+441481123456').country, 'GG'); // an unassigned Guernsey block: still Guernsey
  assert.equal(phone('+441534123456').country, 'JE');
  assert.equal(phone('+441624123456').country, 'IM');
  assert.equal(phone('+447781123456').country, 'GG'); // a Guernsey mobile range
  assert.equal(phone('+447700900123').country, 'GB'); // Ofcom's drama range: possible, not valid
  for (const c of ['GB', 'GG', 'JE', 'IM']) assert.deepEqual(servingCountries(c), [['GB', 'GG', 'IM', 'JE']], c);
});

test('+7 is split between Russia and Kazakhstan', () => {
  assert.equal(phone('+79161234567').country, 'RU');
  assert.equal(phone('+77011234567').country, 'KZ');
});

test('numbers Twilio accepts but the metadata calls invalid are accepted (isPossible, not isValid)', () => {
  assert.deepEqual(phone('+542231234567'), { kind: 'phone', e164: '+542231234567', country: 'AR', areaCode: null });
  assert.equal(phone('+15551234567').country, 'US'); // unassigned NPA 555: main country of +1
});

test('everyday formatting and tel: URIs are accepted and canonicalised', () => {
  for (const raw of ['+1 (415) 555-1212', '+1-415-555-1212', '+1.415.555.1212', ' +14155551212 ', 'tel:+14155551212']) {
    assert.equal(phone(raw).e164, '+14155551212', raw);
  }
});

test('a non-geographic number has no country', () => {
  assert.deepEqual(phone('+80012345678'), { kind: 'phone', e164: '+80012345678', country: null, areaCode: null });
});

test('a legacy Mexican +52 1 mobile is stored in its 10-digit form', () => {
  assert.equal(phone('+5215512345678').e164, '+525512345678');
  assert.equal(normalizeInbound('+5215512345678'), '+525512345678');
  assert.equal(normalizeInbound('+525512345678'), '+525512345678');
  assert.equal(normalizeInbound('+14155551212'), '+14155551212');
});

test('channel addresses are carried as they are', () => {
  assert.deepEqual(parseIdentifier('whatsapp:+14155551212'), {
    kind: 'channel', channel: 'whatsapp', address: '+14155551212', raw: 'whatsapp:+14155551212',
  });
  assert.deepEqual(parseIdentifier('messenger:1234567890'), {
    kind: 'channel', channel: 'messenger', address: '1234567890', raw: 'messenger:1234567890',
  });
});

test('anything else is 80404', () => {
  for (const raw of ['abc', '12345', '', '   ', '14155551212', '0014155551212', '+12345', '+999123456', '+1 415 555 1212 ext 3',
    'call +14155551212 now', '+14155551212abc', 'whatsapp:', `+1415555121${'2'.repeat(190)}`]) {
    rejectsAsInvalidIdentifier(raw);
  }
});

test('an identifier longer than 191 characters is refused even as a channel address', () => {
  rejectsAsInvalidIdentifier(`messenger:${'1'.repeat(182)}`);
  assert.equal(parseIdentifier(`messenger:${'1'.repeat(181)}`).kind, 'channel');
});

test('inventory facts: country and NANP area code', () => {
  assert.deepEqual(numberFacts('+14412921234'), { isoCountry: 'BM', areaCode: '441' });
  assert.deepEqual(numberFacts('+447700900123'), { isoCountry: 'GB', areaCode: null });
  assert.deepEqual(numberFacts('not a number'), { isoCountry: null, areaCode: null });
  assert.equal(nanpAreaCode('+14155551212'), '415');
  assert.equal(nanpAreaCode('+447700900123'), null);
});

test('a stored phone identifier is its own E.164: normalising it again gives it back', async () => {
  const fc = (await import('fast-check')).default;
  // Raw inputs as people type them: country codes masq serves, with and without punctuation and trunk zeros.
  const raw = fc.tuple(fc.constantFrom('1', '44', '52', '521', '54', '549', '49', '33', '39', '61', '81', '91'), fc.stringMatching(/^0?[1-9][0-9]{6,10}$/), fc.boolean())
    .map(([code, rest, spaced]) => `+${code}${spaced ? ' ' : ''}${rest}`);
  fc.assert(fc.property(raw, (input) => {
    let stored: string;
    try {
      const parsed = parseIdentifier(input);
      if (parsed.kind !== 'phone') return;
      stored = parsed.e164;
    } catch {
      return; // not a possible number: never stored
    }
    assert.equal(storedE164(stored), stored);
    assert.equal(phone(stored).e164, stored);
  }), { numRuns: 500 });
  assert.equal(storedE164('whatsapp:+14155551212'), null);
  assert.equal(storedE164('+1 415 555 1212'), null);
});

test('proxy numbers parse exactly as any identifier does (they only have a memo of their own)', () => {
  for (const raw of ['+14155551212', '+44 7700 900123', '+5215512345678', 'whatsapp:+14155551212']) {
    assert.deepEqual(parseProxyIdentifier(raw), parseIdentifier(raw));
  }
  assert.throws(() => parseProxyIdentifier('+1'), (err: unknown) => err instanceof AppError && err.code === 'identifier-invalid');
});

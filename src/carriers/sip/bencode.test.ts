// Bencoding as rtpengine's ng protocol uses it: round trips for any value (properties), the exact bytes of known
// messages, and malformed input refused rather than misread.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BencodeError, decodeBencode, encodeBencode, type BencodeValue } from './bencode.ts';

// Text without lone surrogates: UTF-8 cannot carry those, and the ng protocol never sends them.
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const value: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.maxSafeInteger().filter((n) => !Object.is(n, -0)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(text, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

describe('bencode', () => {
  test('decode(encode(v)) is v, for any text, integer, list and dictionary', () => {
    fc.assert(fc.property(value, (v) => { assert.deepEqual(decodeBencode(encodeBencode(v)), v); }), { numRuns: 500 });
  });

  test('encode(decode(bytes)) gives the same bytes back: the encoding is canonical (dictionary keys sorted)', () => {
    fc.assert(fc.property(value, (v) => {
      const bytes = encodeBencode(v);
      assert.deepEqual(encodeBencode(decodeBencode(bytes)), bytes);
    }), { numRuns: 300 });
  });

  test('string lengths count bytes, not characters', () => {
    assert.equal(encodeBencode('café ☎').toString('utf8'), '9:café ☎');
    assert.equal(decodeBencode(Buffer.from('9:café ☎', 'utf8')), 'café ☎');
  });

  test('an rtpengine offer, byte for byte, with its keys in byte order', () => {
    const bytes = encodeBencode({ sdp: 'v=0\r\n', command: 'offer', 'from-tag': 'ft', 'call-id': 'xyz', replace: ['origin'], n: -12 });
    assert.equal(bytes.toString('latin1'), 'd7:call-id3:xyz7:command5:offer8:from-tag2:ft1:ni-12e7:replacel6:origine3:sdp5:v=0\r\ne');
  });

  test('rtpengine\'s answer reads as a dictionary', () => {
    const answer = 'd3:sdp10:v=0\r\ns=-\r\n6:result2:oke';
    assert.deepEqual(decodeBencode(Buffer.from(answer, 'latin1')), { sdp: 'v=0\r\ns=-\r\n', result: 'ok' });
  });

  test('a "__proto__" key is an ordinary key, never the prototype', () => {
    const decoded = decodeBencode(Buffer.from('d9:__proto__d1:xi1eee'));
    assert.deepEqual(Object.keys(decoded), ['__proto__']);
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value, { x: 1 });
  });

  const malformed: readonly [string, string][] = [
    ['empty input', ''],
    ['a truncated string', '5:abc'],
    ['an unterminated integer', 'i42'],
    ['a leading zero', 'i042e'],
    ['negative zero', 'i-0e'],
    ['an empty integer', 'ie'],
    ['a string length with a sign', '-1:a'],
    ['an unterminated list', 'l1:a'],
    ['an unterminated dictionary', 'd1:a1:b'],
    ['a dictionary key that is not a string', 'di1e1:ae'],
    ['a duplicate dictionary key', 'd1:ai1e1:ai2ee'],
    ['trailing bytes', 'i1ei2e'],
    ['an unknown type byte', 'x'],
    ['an integer beyond 2^53', 'i9007199254740993e'],
    ['nesting deeper than any ng message', `${'l'.repeat(100)}${'e'.repeat(100)}`],
  ];
  for (const [what, input] of malformed) {
    test(`${what} is refused`, () => {
      assert.throws(() => decodeBencode(Buffer.from(input, 'latin1')), BencodeError);
    });
  }

  test('random bytes decode, or are refused with a BencodeError: never another exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      try {
        decodeBencode(bytes);
      } catch (err) {
        assert.ok(err instanceof BencodeError, `not a BencodeError: ${String(err)}`);
      }
    }), { numRuns: 1000 });
  });

  test('only integers can be encoded', () => {
    assert.throws(() => encodeBencode(1.5), BencodeError);
    assert.throws(() => encodeBencode(Number.NaN), BencodeError);
  });
});

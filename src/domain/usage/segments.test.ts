// The edges a customer sees on the bill: where a message tips into one more segment, and which part a
// character lands in. Twilio's calculator checks every one of these bodies again in segments.property.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GSM7_EXTENSION_CHARACTERS, gsm7Septets, nonGsm7Characters } from './gsm7.ts';
import { perPartCapacity, singlePartCapacity, smsSegments, type SegmentOptions } from './segments.ts';

const a = (n: number): string => 'a'.repeat(n);
const zh = (n: number): string => '中'.repeat(n); // CJK: UCS-2, one code unit each
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const lengths = (parts: readonly string[]): number[] => parts.map((p) => p.length);

describe('capacities follow from 140 octets and the header size', () => {
  test('160 / 153 / 152 septets and 70 / 67 / 66 code units', () => {
    assert.deepEqual([singlePartCapacity('GSM-7'), perPartCapacity('GSM-7', '8-bit'), perPartCapacity('GSM-7', '16-bit')], [160, 153, 152]);
    assert.deepEqual([singlePartCapacity('UCS-2'), perPartCapacity('UCS-2', '8-bit'), perPartCapacity('UCS-2', '16-bit')], [70, 67, 66]);
  });
});

describe('GSM-7', () => {
  test('160 characters are one segment, 161 are two (153 + 8)', () => {
    assert.deepEqual(smsSegments(a(160)), { encoding: 'GSM-7', segments: 1, units: 160, parts: [a(160)] });
    const r = smsSegments(a(161));
    assert.equal(r.segments, 2);
    assert.deepEqual(lengths(r.parts), [153, 8]);
  });

  test('306 characters are two full parts, 307 need a third', () => {
    assert.deepEqual(lengths(smsSegments(a(306)).parts), [153, 153]);
    assert.deepEqual(lengths(smsSegments(a(307)).parts), [153, 153, 1]);
  });

  test('extension characters cost two septets: 80 braces fill one SMS, 81 need two', () => {
    assert.deepEqual(smsSegments('{'.repeat(80)), { encoding: 'GSM-7', segments: 1, units: 160, parts: ['{'.repeat(80)] });
    assert.equal(smsSegments('{'.repeat(81)).segments, 2);
    assert.equal(smsSegments(a(159) + '€').segments, 2); // 160 characters, 161 septets
    for (const c of GSM7_EXTENSION_CHARACTERS) assert.equal(smsSegments(c).units, 2, JSON.stringify(c));
  });

  test('an extension character whose escape would be septet 153 moves whole to the next part', () => {
    const r = smsSegments(a(152) + '€' + a(10));
    assert.equal(r.units, 164);
    assert.deepEqual(r.parts, [a(152), '€' + a(10)]); // part 1 ends with 152 septets used
    const fits = smsSegments(a(151) + '€' + a(10)); // escape at 152, character at 153: both fit
    assert.deepEqual(fits.parts, [a(151) + '€', a(10)]);
  });

  test('the same at the second boundary, and with every extension character', () => {
    for (const c of GSM7_EXTENSION_CHARACTERS) {
      const r = smsSegments(a(305) + c + 'z');
      assert.deepEqual(lengths(r.parts), [153, 152, 2], JSON.stringify(c));
      assert.equal(r.parts[2], c + 'z');
    }
  });

  test('the look-alikes of the basic table stay GSM-7: Ç, Δ, ¤, § and the Greek capitals', () => {
    const body = 'Ç Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ ¤ § ¡ ¿ £ ¥ @ _ à é ß Æ Ø Å Ñ Ü';
    assert.deepEqual(nonGsm7Characters(body), []);
    assert.equal(smsSegments(body).encoding, 'GSM-7');
  });
});

describe('UCS-2', () => {
  test('one character outside GSM-7 makes the whole body UCS-2', () => {
    for (const trap of ['ç', '`', '“', '”', '‘', '’', '–', '—', '…', '\u00a0', '\u2126', 'á', '😀']) {
      assert.equal(gsm7Septets(trap), null, JSON.stringify(trap));
      const r = smsSegments(a(100) + trap);
      assert.equal(r.encoding, 'UCS-2', JSON.stringify(trap));
      assert.equal(r.segments, 2, JSON.stringify(trap)); // 100 GSM characters alone would be one segment
    }
    assert.equal(gsm7Septets('\u03a9'), 1); // GREEK CAPITAL OMEGA is GSM-7; the OHM SIGN above is not
  });

  test('in UCS-2 an extension character is one code unit, not two', () => {
    assert.deepEqual(smsSegments('{'.repeat(69) + '中'), { encoding: 'UCS-2', segments: 1, units: 70, parts: ['{'.repeat(69) + '中'] });
  });

  test('70 code units are one segment, 71 are two (67 + 4)', () => {
    assert.equal(smsSegments(zh(70)).segments, 1);
    assert.deepEqual(lengths(smsSegments(zh(71)).parts), [67, 4]);
  });

  test('134 code units are two full parts, 135 need a third', () => {
    assert.deepEqual(lengths(smsSegments(zh(134)).parts), [67, 67]);
    assert.deepEqual(lengths(smsSegments(zh(135)).parts), [67, 67, 1]);
  });

  test('an emoji is two code units and its surrogate pair is never split', () => {
    assert.equal(smsSegments('😀'.repeat(35)).segments, 1); // 70 units
    const r = smsSegments(zh(66) + '😀' + zh(10)); // the emoji would straddle units 67 and 68
    assert.deepEqual(r.parts, [zh(66), '😀' + zh(10)]);
    assert.equal(smsSegments('😀'.repeat(36)).parts[0], '😀'.repeat(33)); // 66 units: a 67th would halve an emoji
  });

  test('an emoji with a skin tone, a ZWJ family and a flag stay whole at a boundary', () => {
    for (const emoji of ['👍🏽', '👨‍👩‍👧‍👦', '🇺🇸', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️‍🔥']) {
      const r = smsSegments(zh(65) + emoji + zh(10));
      assert.deepEqual(r.parts, [zh(65), emoji + zh(10)], emoji);
    }
  });

  test('CR LF may be split between its two characters, as Twilio does', () => {
    assert.deepEqual(smsSegments(zh(66) + '\r\n' + zh(5)).parts, [zh(66) + '\r', '\n' + zh(5)]);
  });

  test('a grapheme longer than a whole part is cut between code points, never inside a surrogate pair', () => {
    const zalgo = 'e' + '\u0301'.repeat(99);
    assert.deepEqual(lengths(smsSegments(zalgo).parts), [67, 33]);
    const chain = Array.from({ length: 40 }, () => '👩').join('\u200d'); // 119 units, one grapheme
    const r = smsSegments(chain);
    assert.equal(r.parts.join(''), chain);
    for (const part of r.parts) assert.doesNotMatch(part, LONE_SURROGATE);
  });
});

describe('toll-free to US/CA: a 16-bit reference leaves 152 / 66 per part', () => {
  const tollFree: SegmentOptions = { concatenationReference: '16-bit' };

  test('single segments are unchanged: 160 GSM-7, 70 UCS-2', () => {
    assert.equal(smsSegments(a(160), tollFree).segments, 1);
    assert.equal(smsSegments(zh(70), tollFree).segments, 1);
  });

  test('GSM-7 parts hold 152 septets; an extension character at 152 moves', () => {
    assert.deepEqual(lengths(smsSegments(a(161), tollFree).parts), [152, 9]);
    assert.deepEqual(lengths(smsSegments(a(304), tollFree).parts), [152, 152]);
    assert.deepEqual(smsSegments(a(151) + '^' + a(10), tollFree).parts, [a(151), '^' + a(10)]);
  });

  test('UCS-2 parts hold 66 units; an emoji at 66 moves', () => {
    assert.deepEqual(lengths(smsSegments(zh(132), tollFree).parts), [66, 66]);
    assert.deepEqual(lengths(smsSegments(zh(133), tollFree).parts), [66, 66, 1]);
    assert.deepEqual(smsSegments(zh(65) + '😀' + zh(5), tollFree).parts, [zh(65), '😀' + zh(5)]);
  });
});

describe('an empty body', () => {
  // Twilio refuses to send one (21602: Body or MediaUrl is required), so it only reaches masq inbound
  // or as the text of an MMS; an empty SMS is still one SMS on the network and Twilio's calculator says 1.
  test('is one GSM-7 segment of no units', () => {
    assert.deepEqual(smsSegments(''), { encoding: 'GSM-7', segments: 1, units: 0, parts: [''] });
  });
});

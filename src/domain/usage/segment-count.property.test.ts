// smsSegmentCount is smsSegments(...).segments with a shortcut for bodies that fit one SMS: the two must
// agree on every body and both concatenation references, around the single-part limits (160 GSM-7
// septets, 70 UTF-16 units) above all, where extension characters and non-GSM characters change the sums.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { smsSegmentCount, smsSegments, type ConcatenationReference } from './segments.ts';

const PIECES = ['a', 'Z', '0', ' ', '@', '€', '^', '{', '\\', 'é', 'Ω', 'ç', 'ş', '中', '😀', '👍🏽', '\r\n', '\n', '\u0301'];
const body = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 200 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 150, max: 170 }).chain((n) => fc.constantFrom('a', '€', 'é').map((c) => 'a'.repeat(n - 1) + c)),
  fc.integer({ min: 60, max: 80 }).map((n) => 'ş'.repeat(n)),
);
const reference = fc.constantFrom<ConcatenationReference>('8-bit', '16-bit');

test('smsSegmentCount equals smsSegments(...).segments', () => {
  fc.assert(fc.property(body, reference, (text, concatenationReference) => {
    assert.equal(smsSegmentCount(text, { concatenationReference }), smsSegments(text, { concatenationReference }).segments);
  }), { numRuns: 3000 });
});

test('the single-part limits: 160 septets and 70 units are one segment, one more is two', () => {
  assert.equal(smsSegmentCount('a'.repeat(160)), 1);
  assert.equal(smsSegmentCount('a'.repeat(161)), 2);
  assert.equal(smsSegmentCount('a'.repeat(159) + '€'), 2);
  assert.equal(smsSegmentCount('ş'.repeat(70)), 1);
  assert.equal(smsSegmentCount('ş'.repeat(71)), 2);
  assert.equal(smsSegmentCount(''), 1);
});

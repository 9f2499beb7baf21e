// The memo answers exactly what libphonenumber does, and stays within its bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { boundedMemo, e164Class, e164Region } from './e164-class.ts';

test('e164Class and e164Region answer what libphonenumber does, first call and memoised', () => {
  for (const e164 of ['+18005550100', '+14155550100', '+447911123456', '+17875550100', '+999', 'not a number']) {
    const phone = parsePhoneNumberFromString(e164);
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(e164Class(e164), { country: phone?.country ?? null, type: phone?.getType() ?? null }, e164);
      assert.equal(e164Region(e164), phone?.country ?? null, e164);
    }
  }
});

test('boundedMemo keeps at most its limit, dropping the oldest key first', () => {
  const computed: string[] = [];
  const memo = boundedMemo(2, (key) => { computed.push(key); return key.length; });
  memo('a'); memo('bb'); memo('a'); memo('ccc'); memo('bb'); memo('a');
  // 'a' was the oldest when 'ccc' came in, so only 'a' is computed again.
  assert.deepEqual(computed, ['a', 'bb', 'ccc', 'a']);
});

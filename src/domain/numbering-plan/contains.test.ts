// The numbering-plan's Contains patterns (Twilio's): digits, keypad letters, * and %, + and $ anchors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.ts';
import { matchesContains, parseContains } from './contains.ts';
import { searchPlan } from './plan.ts';
import { parseNumberSearch } from './query.ts';

const rejects80701 = (raw: string) =>
  assert.throws(() => parseContains(raw), (err: unknown) => err instanceof AppError && err.twilioCode === 80701, raw);

const matches = (pattern: string, national: string) => matchesContains(parseContains(pattern), national, '1');

const firstNumbers = (contains: string, count: number, extra: Record<string, string> = {}): string[] => {
  const found: string[] = [];
  for (const n of searchPlan(parseNumberSearch({ Contains: contains, ...extra }, 'US', 'local'))) {
    found.push(n.e164);
    if (found.length >= count) break;
  }
  return found;
};

describe('numbering-plan Contains', () => {
  test('digits and * match anywhere in the national number', () => {
    assert.ok(matches('510555****', '5105551234'));
    assert.ok(matches('555****', '4155551234'));
    assert.ok(!matches('555****', '4152555123'), '555 then four digits must fit');
    assert.ok(matches('99', '4152079901'));
  });

  test('letters dial as on a keypad', () => {
    assert.ok(!matches('STORM', '4157868600'));
    assert.ok(matches('STORM', '4152078676'));
    assert.ok(matches('storm', '4152078676'), 'case does not matter');
  });

  test('+ anchors at the start (with or without the country code), $ at the end, % spans any digits', () => {
    assert.ok(matches('+415*', '4152070000'));
    assert.ok(matches('+1415*', '4152070000'));
    assert.ok(!matches('+207', '4152070000'));
    assert.ok(matches('00$', '4152070000'));
    assert.ok(!matches('07$', '4152070000'));
    assert.ok(matches('+415%00$', '4152070000'));
  });

  test('malformed patterns are refused with 80701', () => {
    for (const raw of ['5', '1'.repeat(17), '5*', '**', '41-5', '4%%5', '4*%5', '4+15', '41$5']) rejects80701(raw);
  });

  test('a search by pattern finds only matching numbers, vanity words included', () => {
    const fives = firstNumbers('555****', 30);
    assert.equal(fives.length, 30);
    assert.ok(fives.every((e164) => /555\d{4}/.test(e164.slice(2))), fives.join());
    const storm = firstNumbers('STORM', 10);
    assert.ok(storm.length === 10 && storm.every((e164) => e164.includes('78676')));
    const ending = firstNumbers('+1415%77$', 5, { AreaCode: '415' });
    assert.ok(ending.length === 5 && ending.every((e164) => e164.startsWith('+1415') && e164.endsWith('77')));
  });
});

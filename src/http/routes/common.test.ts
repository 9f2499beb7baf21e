import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDateParam } from './common.ts';

test('ISO dates with or without millis and offset; no offset is UTC', () => {
  const cases: [string, string][] = [
    ['2030-01-02T03:04:05Z', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02T03:04:05.5Z', '2030-01-02T03:04:05.500Z'],
    ['2030-01-02T03:04:05.123456Z', '2030-01-02T03:04:05.123Z'],
    ['2030-01-02T05:04:05+02:00', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02T01:04:05-0200', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02T03:04:05', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02T03:04', '2030-01-02T03:04:00.000Z'],
  ];
  for (const [input, iso] of cases) assert.equal(parseDateParam('DateExpiry', input)?.toISOString(), iso, input);
});

test('empty clears, absent stays absent, nonsense is 80701 naming the parameter', () => {
  assert.equal(parseDateParam('DateExpiry', ''), null);
  assert.equal(parseDateParam('DateExpiry', undefined), undefined);
  for (const bad of ['tomorrow', '2030-02-30T00:00:00Z', '2030-13-01T00:00:00Z', '2030-01-01T24:00:00Z', '2030-01-01']) {
    assert.throws(() => parseDateParam('DateExpiry', bad), /^Error: 'DateExpiry' is invalid\.|'DateExpiry' is invalid\./, bad);
  }
});

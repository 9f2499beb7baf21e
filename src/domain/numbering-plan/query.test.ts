// The numbering-plan's query parser: Twilio's parameters into a search, each mistake with Twilio's code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors.ts';
import { parseNumberSearch, type SearchParams } from './query.ts';
import type { AvailableNumberType } from './types.ts';

const failsWith = (code: number, params: SearchParams, isoCountry = 'US', type: AvailableNumberType = 'local') =>
  assert.throws(() => parseNumberSearch(params, isoCountry, type), (err: unknown) => err instanceof AppError && err.twilioCode === code, JSON.stringify(params));

describe('numbering-plan query', () => {
  test('defaults: 50 results, 25 miles, no filters', () => {
    const query = parseNumberSearch({ NearLatLong: '37.7,-122.4' }, 'US', 'local');
    assert.equal(query.limit, 50);
    assert.ok(query.near && Math.abs(query.near.km - 25 * 1.609344) < 1e-9);
    assert.deepEqual(query.capabilities, {});
    assert.equal(parseNumberSearch({ SmsEnabled: 'TRUE', VoiceEnabled: 'false' }, 'US', 'local').capabilities.sms, true);
  });

  test('21451 for an area code that is malformed or not the country\'s', () => {
    for (const AreaCode of ['41', '4155', 'abc', '115', '911']) failsWith(21451, { AreaCode });
    failsWith(21451, { AreaCode: '416' }, 'US');
    failsWith(21451, { AreaCode: '415' }, 'CA');
    failsWith(21451, { AreaCode: '415' }, 'GB');
    failsWith(21451, { AreaCode: '415' }, 'US', 'toll-free');
    failsWith(21451, { AreaCode: '415' }, 'US', 'short-code');
    assert.equal(parseNumberSearch({ AreaCode: '888' }, 'US', 'toll-free').areaCode, '888');
    assert.equal(parseNumberSearch({ AreaCode: '416' }, 'CA', 'local').areaCode, '416');
  });

  test('80701 for other malformed parameters', () => {
    failsWith(80701, { PageSize: '1001' });
    failsWith(80701, { PageSize: '0' });
    failsWith(80701, { Distance: '501' });
    failsWith(80701, { NearLatLong: '91,0' });
    failsWith(80701, { NearLatLong: 'here' });
    failsWith(80701, { NearNumber: 'here' });
    failsWith(80701, { NearNumber: '+1415555' });
    failsWith(80701, { SmsEnabled: 'yes' });
    failsWith(80701, { InRateCenter: 'SAN FRANCISCO' });
    failsWith(80701, { Contains: '5' });
  });

  test('NearNumber: a NANP number is placed at its rate center; a number the plan cannot place is kept, with no point', () => {
    const nanp = parseNumberSearch({ NearNumber: '4155550100' }, 'US', 'local');
    assert.equal(nanp.nearNumber, '+14155550100');
    assert.ok(nanp.near && Math.abs(nanp.near.latitude - 37.99) < 0.5);
    const london = parseNumberSearch({ NearNumber: '+442071234567' }, 'GB', 'local');
    assert.deepEqual([london.nearNumber, london.near], ['+442071234567', null]);
  });

  test('InRateCenter needs InLata, unless it is a phone number (which says both); Page, PageToken and Beta are accepted', () => {
    failsWith(80701, { InRateCenter: 'SAN FRANCISCO' });
    assert.equal(parseNumberSearch({ InRateCenter: '+14155550100' }, 'US', 'local').rateCenter, '+14155550100');
    const paged = parseNumberSearch({ Page: '3', PageToken: 'PAanything', Beta: 'false' }, 'US', 'local');
    assert.equal(paged.limit, 50);
    assert.equal(paged.includeBeta, false);
  });
});

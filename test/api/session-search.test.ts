// GET /v1/Services/{KS}/Sessions with masq's search parameters (docs/api-extensions.md#searching-sessions):
// what the console's Sessions page sends. Twilio's clients send none of them and get the plain list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list, startApi, str, type Api } from './support.ts';

describe('searching sessions', () => {
  let api: Api;
  let sessionsPath: string;
  const sids: Record<string, string> = {};

  before(async () => {
    api = await startApi();
    const service = await api.post('/v1/Services', { UniqueName: 'deliveries' });
    sessionsPath = `/v1/Services/${str(service.json, 'sid')}/Sessions`;
    for (const number of ['+14155551212', '+14155553434']) {
      assert.equal((await api.post(`/v1/Services/${str(service.json, 'sid')}/PhoneNumbers`, { PhoneNumber: number })).status, 201);
    }
    const deliveries: readonly (readonly [string, string, string])[] = [
      ['delivery-1', '+14155550101', '+14155550901'],
      ['delivery-2', '+14155550102', '+14155550902'],
      ['delivery-3', '+14155550103', '+14155550901'],
    ];
    for (const [name, customer, driver] of deliveries) {
      const created = await api.post(sessionsPath, { UniqueName: name, Participants: [JSON.stringify({ Identifier: customer }), JSON.stringify({ Identifier: driver })] });
      assert.equal(created.status, 201, created.body);
      sids[name] = str(created.json, 'sid');
    }
    assert.equal((await api.post(`${sessionsPath}/delivery-2`, { Status: 'closed' })).status, 200);
  });
  after(async () => { await api.close(); });

  const names = async (query: string): Promise<string[]> => {
    const res = await api.get(`${sessionsPath}?${query}`);
    assert.equal(res.status, 200, res.body);
    return list(res.json, 'sessions').map((s) => str(s, 'unique_name'));
  };

  test('by identifier, in any spelling of the number', async () => {
    assert.deepEqual(await names('Identifier=%2B14155550901'), ['delivery-1', 'delivery-3']);
    assert.deepEqual(await names(`Identifier=${encodeURIComponent('+1 (415) 555-0901')}`), ['delivery-1', 'delivery-3']);
    assert.deepEqual(await names('Identifier=%2B14155550102'), ['delivery-2']);
  });

  test('by status (closed included) and by unique-name prefix, combined', async () => {
    assert.deepEqual(await names('Status=closed'), ['delivery-2']);
    assert.deepEqual(await names('Status=open'), ['delivery-1', 'delivery-3']);
    assert.deepEqual(await names('UniqueName=delivery-'), ['delivery-1', 'delivery-2', 'delivery-3']);
    assert.deepEqual(await names('UniqueName=delivery-3'), ['delivery-3']);
    assert.deepEqual(await names('UniqueName=delivery&Status=open&Identifier=%2B14155550901'), ['delivery-1', 'delivery-3']);
    assert.deepEqual(await names(''), ['delivery-1', 'delivery-2', 'delivery-3']);
  });

  test('page links keep the search', async () => {
    const res = await api.get(`${sessionsPath}?Identifier=%2B14155550901&Status=open&PageSize=1`);
    assert.equal(list(res.json, 'sessions').length, 1);
    const meta = res.json.meta;
    assert.ok(meta && typeof meta === 'object' && 'next_page_url' in meta && typeof meta.next_page_url === 'string');
    const next = new URL(meta.next_page_url);
    assert.equal(next.searchParams.get('Identifier'), '+14155550901');
    assert.equal(next.searchParams.get('Status'), 'open');
    const second = await api.get(`${next.pathname}${next.search}`);
    assert.deepEqual(list(second.json, 'sessions').map((s) => str(s, 'unique_name')), ['delivery-3']);
  });

  test('a bad identifier or status is refused in Twilio\'s envelope', async () => {
    const badIdentifier = await api.get(`${sessionsPath}?Identifier=not-a-number`);
    assert.equal(badIdentifier.status, 400);
    assert.equal(badIdentifier.json.code, 80404);
    const badStatus = await api.get(`${sessionsPath}?Status=sleeping`);
    assert.equal(badStatus.status, 400);
  });
});

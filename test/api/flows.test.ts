// /masq/v1/Flows as an API user meets it, on SQLite and PostgreSQL: a flow created from a JSON body and
// from a form, refused definitions (Studio's 81022 with every problem's pointer), validation without a save,
// revisions and the 409 of a save based on an old one, the dry-run, attaching a flow to a number through
// masq's PhoneNumbers and the 2010 IncomingPhoneNumber (and seeing it on each view), and deletion refused
// while a number uses the flow. Another account sees none of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_DIALECTS } from '../support/stores.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, jsonObjectOf, list, MAIN_AUTH, OTHER_AUTH, str, type Api, type Response } from './support.ts';

const API = `/2010-04-01/Accounts/${ACCOUNT_SID}`;

const HOURS = {
  version: 1,
  start: 'hours',
  nodes: {
    hours: {
      type: 'route',
      rules: [{ when: { time: { timezone: 'America/New_York', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } }, next: 'menu' }],
      otherwise: 'closed',
    },
    menu: { type: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales' }, retries: 0, noInput: 'closed' },
    sales: { type: 'forward', to: ['+14155550101'] },
    closed: { type: 'voicemail', greeting: 'We are closed. Leave a message.' },
  },
};

const postJson = async (api: Api, path: string, body: unknown, auth = MAIN_AUTH): Promise<Response> => {
  const res = await api.app.inject({ method: 'POST', url: path, headers: { authorization: auth, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: res.statusCode, body: res.body, json: jsonObjectOf(res.body), headers: res.headers };
};

const record = (value: unknown): Record<string, unknown> => {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `expected an object, got ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
};

for (const dialect of TEST_DIALECTS) {
  describe(`flows API (${dialect})`, () => {
    let api: Api;
    before(async () => { api = await startSuiteApi(dialect); });
    after(() => api.close());

    const create = async (definition: unknown = HOURS, name = 'Front desk'): Promise<string> => {
      const res = await postJson(api, '/masq/v1/Flows', { FriendlyName: name, Definition: definition, CommitMessage: 'first' });
      assert.equal(res.status, 201, res.body);
      return str(res.json, 'sid');
    };

    const buyNumber = async (fields: Record<string, string> = {}): Promise<Response> => {
      const offer = await api.get(`${API}/AvailablePhoneNumbers/US/Local.json?AreaCode=415&PageSize=20`);
      const free = list(offer.json, 'available_phone_numbers').map((n) => str(n, 'phone_number'));
      for (const e164 of free) {
        const bought = await api.post(`${API}/IncomingPhoneNumbers.json`, { PhoneNumber: e164, ...fields });
        if (bought.status === 201 || bought.json.code !== 21422) return bought;
      }
      throw new Error('no number left to buy');
    };

    test('create from JSON or a form; fetch, list and revisions; another account sees nothing', async () => {
      const sid = await create();
      const fetched = await api.get(`/masq/v1/Flows/${sid}`);
      assert.equal(fetched.status, 200, fetched.body);
      assert.deepEqual(fetched.json.definition, HOURS);
      assert.deepEqual([fetched.json.revision, fetched.json.commit_message, fetched.json.friendly_name, fetched.json.valid], [1, 'first', 'Front desk', true]);
      assert.equal(record(fetched.json.links).revisions, `http://masq.test/masq/v1/Flows/${sid}/Revisions`);

      const fromForm = await api.post('/masq/v1/Flows', { FriendlyName: 'Texts', Definition: JSON.stringify({ version: 1, start: 'r', nodes: { r: { type: 'reply', text: 'hi' } } }) });
      assert.equal(fromForm.status, 201, fromForm.body);
      assert.deepEqual(record(fromForm.json.definition).start, 'r');

      const all = await api.get('/masq/v1/Flows');
      assert.ok(list(all.json, 'flows').some((f) => f.sid === sid && f.definition === null));
      assert.equal((await api.get(`/masq/v1/Flows/${sid}`, OTHER_AUTH)).status, 404);
      assert.ok(!list((await api.get('/masq/v1/Flows', OTHER_AUTH)).json, 'flows').some((f) => f.sid === sid));
      assert.equal((await api.get('/masq/v1/Flows/FWnope')).status, 404);
    });

    test('a bad definition: 81022 with every problem by its pointer; Validate saves nothing', async () => {
      const bad = { ...HOURS, nodes: { ...HOURS.nodes, menu: { type: 'menu', prompt: 'Press 1', options: { 1: 'sales', 2: 'nowhere' }, timeout: 0 } } };
      const res = await postJson(api, '/masq/v1/Flows', { FriendlyName: 'Bad', Definition: bad });
      assert.equal(res.status, 400, res.body);
      assert.equal(res.json.code, 81022);
      assert.equal(res.json.more_info, 'https://www.twilio.com/docs/errors/81022');
      assert.deepEqual(res.json.problems, [
        { pointer: '/nodes/menu/timeout', message: 'expected 1 to 60, got 0' },
        { pointer: '/nodes/menu/options/2', message: 'unknown node "nowhere"' },
      ]);
      assert.match(str(res.json, 'message'), /^Flow definition validation failed: \/nodes\/menu\/timeout: expected 1 to 60, got 0; \/nodes\/menu\/options\/2: unknown node "nowhere"$/);

      const invalid = await api.post('/masq/v1/Flows/Validate', { Definition: '{"version":1,"start":"x","nodes":{"x":{"type":"say"}}}' });
      assert.equal(invalid.status, 400);
      assert.deepEqual(invalid.json.problems, [{ pointer: '/nodes/x', message: 'give exactly one of "text" (spoken) and "play" (an audio URL)' }]);
      const valid = await postJson(api, '/masq/v1/Flows/Validate', { Definition: HOURS });
      assert.deepEqual([valid.status, valid.json], [200, { valid: true, problems: [] }]);
      const missing = await api.post('/masq/v1/Flows', { FriendlyName: 'Empty' });
      assert.deepEqual([missing.status, missing.json.code, missing.json.message], [400, 80701, "'Definition' is invalid. It is required."]);
      const blank = await api.post('/masq/v1/Flows', { FriendlyName: 'Empty', Definition: '' });
      assert.deepEqual([blank.status, blank.json.code], [400, 81022]);
    });

    test('revisions: each save one more; a save from an old revision is a 409', async () => {
      const sid = await create();
      const changed = { ...HOURS, nodes: { ...HOURS.nodes, sales: { type: 'forward', to: ['+14155550102'] } } };
      const saved = await postJson(api, `/masq/v1/Flows/${sid}`, { Definition: changed, CommitMessage: 'new sales line', ExpectedRevision: 1 });
      assert.equal(saved.status, 200, saved.body);
      assert.deepEqual([saved.json.revision, saved.json.commit_message], [2, 'new sales line']);
      const stale = await api.post(`/masq/v1/Flows/${sid}`, { Definition: JSON.stringify(HOURS), ExpectedRevision: '1' });
      assert.deepEqual([stale.status, stale.json.code, stale.json.status], [409, 80701, 409]);
      assert.match(str(stale.json, 'message'), /is at revision 2, not 1/);
      assert.equal(stale.json.more_info, 'http://masq.test/docs/errors#flow-revision-conflict');

      const revisions = await api.get(`/masq/v1/Flows/${sid}/Revisions?PageSize=1`);
      assert.deepEqual(list(revisions.json, 'revisions').map((r) => r.revision), [1]);
      const next = str(record(revisions.json.meta), 'next_page_url').replace('http://masq.test', '');
      assert.deepEqual(list((await api.get(next)).json, 'revisions').map((r) => [r.revision, r.commit_message]), [[2, 'new sales line']]);
      const first = await api.get(`/masq/v1/Flows/${sid}/Revisions/1`);
      assert.deepEqual([first.status, first.json.definition], [200, HOURS]);
      assert.equal((await api.get(`/masq/v1/Flows/${sid}/Revisions/3`)).status, 404);
      assert.equal((await api.get(`/masq/v1/Flows/${sid}/Revisions/zero`)).json.code, 80701);
    });

    test('dry-run: office hours, the key pressed, after hours on a Sunday evening', async () => {
      const sid = await create();
      const open = await api.post(`/masq/v1/Flows/${sid}/DryRun`, { From: '+12125550100', At: '2026-12-07T10:00:00-05:00', Digits: '1' });
      assert.equal(open.status, 200, open.body);
      assert.deepEqual(list(open.json, 'path').map((p) => [p.node, p.why]), [
        ['hours', 'rule 1 matched (time: mon,tue,wed,thu,fri 09:00-17:00 America/New_York)'],
        ['menu', 'next'],
        ['menu', 'pressed 1'],
        ['sales', 'option 1 of menu "menu"'],
      ]);
      assert.deepEqual(list(open.json, 'path')[3]?.actions, ['dial +14155550101 (ring 20 s, caller id +12125550100)']);
      assert.deepEqual([open.json.outcome, open.json.at, open.json.revision], ['the call is connected to +14155550101', '2026-12-07T15:00:00Z', 1]);
      const sunday = await postJson(api, `/masq/v1/Flows/${sid}/DryRun`, { From: '+12125550100', At: '2026-12-06T21:00:00-05:00' });
      assert.deepEqual(list(sunday.json, 'path').map((p) => p.node), ['hours', 'closed']);
      assert.equal(sunday.json.outcome, 'the caller leaves a voicemail');
      const bad = await api.post(`/masq/v1/Flows/${sid}/DryRun`, { From: '+12125550100', At: 'Sunday' });
      assert.deepEqual([bad.status, bad.json.code], [400, 80701]);
    });

    test('attach to a number: masq PhoneNumbers and the 2010 API, shown on every view; delete refused while used', async () => {
      const sid = await create();
      const other = await postJson(api, '/masq/v1/Flows', { FriendlyName: 'Theirs', Definition: HOURS }, OTHER_AUTH);
      const refusedBuy = await buyNumber({ FlowSid: str(other.json, 'sid') });
      assert.deepEqual([refusedBuy.status, refusedBuy.json.code], [400, 80701]);
      const bought = await buyNumber({ FlowSid: sid, FlowRevision: '1' });
      assert.equal(bought.status, 201, bought.body);
      const pn = str(bought.json, 'sid');
      assert.deepEqual([bought.json.masq_flow_sid, bought.json.masq_flow_revision], [sid, 1]);

      const following = await api.post(`${API}/IncomingPhoneNumbers/${pn}.json`, { FlowRevision: '' });
      assert.deepEqual([following.status, following.json.masq_flow_sid, following.json.masq_flow_revision], [200, sid, null]);
      assert.deepEqual([(await api.get(`/masq/v1/Numbers/${pn}`)).json.flow_sid, (await api.get(`/masq/v1/Numbers/${pn}`)).json.flow_revision], [sid, null]);

      // A number of a Proxy pool (it has masq's PhoneNumbers record) takes a flow there too.
      const service = await api.post('/v1/Services', { UniqueName: `flows-${dialect}` });
      const added = await api.post(`/v1/Services/${str(service.json, 'sid')}/PhoneNumbers`, { PhoneNumber: '+14155550177' });
      assert.equal(added.status, 201, added.body);
      const pooled = str(added.json, 'sid');
      const masq = await api.post(`/masq/v1/PhoneNumbers/${pooled}`, { FlowSid: sid, FlowRevision: '1' });
      assert.equal(masq.status, 200, masq.body);
      assert.deepEqual([masq.json.flow_sid, masq.json.flow_revision], [sid, 1]);
      assert.equal((await api.get(`/masq/v1/PhoneNumbers/${pooled}`)).json.flow_sid, sid);
      const foreign = await api.post(`/masq/v1/PhoneNumbers/${pooled}`, { FlowSid: str(other.json, 'sid'), FriendlyName: 'renamed' });
      assert.deepEqual([foreign.status, foreign.json.code], [400, 80701]);
      assert.match(str(foreign.json, 'message'), /'FlowSid' is invalid\. No flow FW[0-9a-f]{32} in this account\./);
      assert.notEqual((await api.get(`/masq/v1/PhoneNumbers/${pooled}`)).json.friendly_name, 'renamed', 'a refused flow leaves the rest unmade');
      assert.equal((await api.post(`/masq/v1/PhoneNumbers/${pooled}`, { FlowSid: '' })).json.flow_sid, null);

      const used = await api.del(`/masq/v1/Flows/${sid}`);
      assert.deepEqual([used.status, used.json.code], [409, 80611]);
      assert.match(str(used.json, 'message'), new RegExp(`answers 1 number\\(s\\): \\+1\\d{10} \\(${pn}\\)`));
      const detached = await api.post(`${API}/IncomingPhoneNumbers/${pn}.json`, { FlowSid: '' });
      assert.deepEqual([detached.status, detached.json.masq_flow_sid, detached.json.masq_flow_revision], [200, null, null]);
      assert.equal((await api.del(`/masq/v1/Flows/${sid}`)).status, 204);
      assert.equal((await api.get(`/masq/v1/Flows/${sid}`)).status, 404);
      const again = await api.post(`${API}/IncomingPhoneNumbers/${pn}.json`, { FlowSid: sid });
      assert.deepEqual([again.status, again.json.code], [400, 80701]);
    });
  });
}

// The sandbox is per account: each account's virtual phones, messages and calls are its own; another
// account's calls read as 404 and cannot be answered or hung up. And media is capped like Twilio's:
// 10 MediaUrl per message (21623), each an http(s) URL of at most 2,048 characters (21620).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorOf, list, obj, OTHER_AUTH, seedService, startApi, str, type Api } from './support.ts';

const ALICE = '+14155550101';
const BOB = '+14155550202';
const enc = encodeURIComponent;

describe('sandbox: one network per account', () => {
  let api: Api;
  let aliceProxy = '';
  let bobProxy = '';
  before(async () => {
    api = await startApi();
    const { sid } = await seedService(api, 'rides', ['+14155551212', '+14155553434']);
    const session = await api.post(`/v1/Services/${sid}/Sessions`, { UniqueName: 'ride' });
    const a = await api.post(`/v1/Services/${sid}/Sessions/${str(session.json, 'sid')}/Participants`, { Identifier: ALICE });
    const b = await api.post(`/v1/Services/${sid}/Sessions/${str(session.json, 'sid')}/Participants`, { Identifier: BOB });
    aliceProxy = str(a.json, 'proxy_identifier');
    bobProxy = str(b.json, 'proxy_identifier');
  });
  after(async () => { await api.close(); });

  test("another account cannot read, answer or hang up this account's calls", async () => {
    const placed = await api.post(`/sandbox/phones/${enc(ALICE)}/calls`, { To: aliceProxy });
    assert.equal(placed.status, 201, placed.body);
    const callerLeg = str(obj(placed.json, 'call'), 'sid');
    const bobLeg = str(obj(placed.json, 'call'), 'bridged_with');
    for (const res of [
      await api.get(`/sandbox/calls/${callerLeg}`, OTHER_AUTH),
      await api.post(`/sandbox/calls/${bobLeg}/answer`, {}, OTHER_AUTH),
      await api.post(`/sandbox/calls/${callerLeg}/hangup`, {}, OTHER_AUTH),
      await api.post(`/sandbox/calls/${bobLeg}/hangup`, {}, OTHER_AUTH),
    ]) assert.deepEqual(errorOf(res), { status: 404, code: 20404, bodyStatus: 404 }, res.body);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(BOB)}/calls`, OTHER_AUTH)).json, 'calls'), []);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(ALICE)}/calls`, OTHER_AUTH)).json, 'calls'), []);
    // Untouched for its own account: still ringing, and it can still be answered.
    assert.equal((await api.get(`/sandbox/calls/${callerLeg}`)).json.status, 'ringing');
    assert.equal((await api.post(`/sandbox/calls/${bobLeg}/answer`)).json.status, 'in-progress');
    assert.equal((await api.post(`/sandbox/calls/${callerLeg}/hangup`)).json.status, 'completed');
  });

  test("another account cannot read this account's messages, nor text its numbers", async () => {
    const sent = await api.post(`/sandbox/phones/${enc(ALICE)}/messages`, { To: aliceProxy, Body: 'meet at the corner' });
    assert.equal(obj(sent.json, 'routing').outcome, 'forward', sent.body);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(BOB)}/messages`)).json, 'messages').map((m) => m.body), ['meet at the corner']);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(BOB)}/messages`, OTHER_AUTH)).json, 'messages'), []);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(ALICE)}/messages`, OTHER_AUTH)).json, 'messages'), []);
    const probe = await api.post(`/sandbox/phones/${enc(BOB)}/messages`, { To: bobProxy, Body: 'spoofed' }, OTHER_AUTH);
    assert.equal(probe.status, 404);
  });

  test("the other account's own traffic to the same person stays in its own network", async () => {
    const other = await api.post('/v1/Services', { UniqueName: 'other-rides' }, OTHER_AUTH);
    const service = str(other.json, 'sid');
    assert.equal((await api.post(`/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: '+14155557878' }, OTHER_AUTH)).status, 201);
    const session = await api.post(`/v1/Services/${service}/Sessions`, {}, OTHER_AUTH);
    const path = `/v1/Services/${service}/Sessions/${str(session.json, 'sid')}/Participants`;
    const carol = await api.post(path, { Identifier: '+14155550303' }, OTHER_AUTH);
    assert.equal((await api.post(path, { Identifier: BOB }, OTHER_AUTH)).status, 201);
    const sent = await api.post(`/sandbox/phones/${enc('+14155550303')}/messages`, { To: str(carol.json, 'proxy_identifier'), Body: 'from the other account' }, OTHER_AUTH);
    assert.equal(obj(sent.json, 'routing').outcome, 'forward', sent.body);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(BOB)}/messages`, OTHER_AUTH)).json, 'messages').map((m) => m.body), ['from the other account']);
    assert.ok(!list((await api.get(`/sandbox/phones/${enc(BOB)}/messages`)).json, 'messages').some((m) => m.body === 'from the other account'));
  });
});

describe('media limits', () => {
  let api: Api;
  let serviceSid = '';
  let sessionSid = '';
  let aliceProxy = '';
  let bobParticipant = '';
  const url = (i: number) => `https://media.invalid/${i}.png`;
  before(async () => {
    api = await startApi();
    serviceSid = (await seedService(api, 'media', ['+14155551212'])).sid;
    sessionSid = str((await api.post(`/v1/Services/${serviceSid}/Sessions`, { UniqueName: 'media' })).json, 'sid');
    const a = await api.post(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`, { Identifier: ALICE });
    aliceProxy = str(a.json, 'proxy_identifier');
    bobParticipant = str((await api.post(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`, { Identifier: BOB })).json, 'sid');
  });
  after(async () => { await api.close(); });

  const received = async (phone: string) => list((await api.get(`/sandbox/phones/${enc(phone)}/messages`)).json, 'messages');

  test('a virtual phone: 11 MediaUrl is 21623, a bad or overlong one 21620; nothing is sent or kept', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => url(i));
    const cases: [readonly string[], number][] = [
      [eleven, 21623],
      [['ftp://media.invalid/a.png'], 21620],
      [['not a url'], 21620],
      [[`https://media.invalid/${'x'.repeat(2048)}`], 21620],
    ];
    for (const [media, code] of cases) {
      const res = await api.post(`/sandbox/phones/${enc(ALICE)}/messages`, { To: aliceProxy, Body: 'pic', MediaUrl: media });
      assert.deepEqual(errorOf(res), { status: 400, code, bodyStatus: 400 }, res.body);
    }
    assert.deepEqual(await received(ALICE), []);
    assert.deepEqual(await received(BOB), []);
    const ten = await api.post(`/sandbox/phones/${enc(ALICE)}/messages`, { To: aliceProxy, Body: 'pics', MediaUrl: eleven.slice(0, 10) });
    assert.equal(ten.status, 201, ten.body);
    assert.deepEqual((await received(BOB)).at(-1)?.media_urls, eleven.slice(0, 10));
  });

  test('a MessageInteraction: 11 MediaUrl is 21623, a bad one 21620; nothing is sent', async () => {
    const path = `/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants/${bobParticipant}/MessageInteractions`;
    const before = (await received(BOB)).length;
    const eleven = await api.post(path, { Body: 'x', MediaUrl: Array.from({ length: 11 }, (_, i) => url(i)) });
    assert.deepEqual(errorOf(eleven), { status: 400, code: 21623, bodyStatus: 400 }, eleven.body);
    const bad = await api.post(path, { Body: 'x', MediaUrl: 'javascript:alert(1)' });
    assert.deepEqual(errorOf(bad), { status: 400, code: 21620, bodyStatus: 400 }, bad.body);
    assert.equal((await received(BOB)).length, before);
    assert.deepEqual(list((await api.get(path)).json, 'interactions'), []);
    assert.equal((await api.post(path, { Body: 'x', MediaUrl: [url(1), url(2)] })).status, 201);
  });
});

// The sandbox next to a real carrier, and without the sandbox. A virtual phone can claim any address, so
// it may only text and call through numbers on the sandbox carrier: through a Twilio number (or into a
// session whose partner is reached through one) it is refused, 80610, and Twilio's API hears nothing.
// With MASQ_SANDBOX=off there are no /sandbox routes and no sandbox carrier at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultConfig, loadConfig } from '../../src/config/load-config.ts';
import { CARRIER_SETTINGS, createRuntime } from '../../src/runtime.ts';
import { startFakeTwilioApi, type FakeTwilioApi } from '../e2e/fake-twilio-api.ts';
import { errorOf, list, obj, seedService, startApi, str, type Api } from './support.ts';

const TWILIO_SID = `AC${'7'.repeat(32)}`;
const TWILIO_TOKEN = 'twilio-account-auth-token-0123';
const twilioConfig = (url: string) => ({ carrierAccounts: [{ type: 'twilio', name: 'twilio', settings: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, apiUrl: url } }] });
const ALICE = '+14155550101';
const BOB = '+14155550202';
const SANDBOX_NUMBER = '+14155551212';
const TWILIO_NUMBER = '+14155553434';
const enc = encodeURIComponent;

describe('sandbox phones and a real carrier', () => {
  let twilioApi: FakeTwilioApi;
  let api: Api;
  let serviceSid = '';
  let sessionSid = '';
  before(async () => {
    twilioApi = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
    api = await startApi({ config: twilioConfig(twilioApi.url) });
    const { sid, numbers } = await seedService(api, 'mixed', [SANDBOX_NUMBER, TWILIO_NUMBER]);
    serviceSid = sid;
    const moved = await api.post(`/masq/v1/PhoneNumbers/${numbers[1] ?? ''}`, { Carrier: 'twilio' });
    assert.equal(moved.json.carrier, 'twilio', moved.body);
    sessionSid = str((await api.post(`/v1/Services/${sid}/Sessions`, { UniqueName: 'mixed' })).json, 'sid');
    const participants = `/v1/Services/${sid}/Sessions/${sessionSid}/Participants`;
    assert.equal((await api.post(participants, { Identifier: ALICE, ProxyIdentifier: SANDBOX_NUMBER })).status, 201);
    assert.equal((await api.post(participants, { Identifier: BOB, ProxyIdentifier: TWILIO_NUMBER })).status, 201);
  });
  after(async () => {
    await api.close();
    await twilioApi.close();
  });

  const interactions = async () => list((await api.get(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Interactions`)).json, 'interactions');

  test('texting or calling a Twilio number from a virtual phone is refused; nothing reaches Twilio', async () => {
    const text = await api.post(`/sandbox/phones/${enc(BOB)}/messages`, { To: TWILIO_NUMBER, Body: 'in your name' });
    assert.deepEqual(errorOf(text), { status: 403, code: 80610, bodyStatus: 403 }, text.body);
    assert.match(str(text.json, 'message'), /twilio carrier/);
    const call = await api.post(`/sandbox/phones/${enc(BOB)}/calls`, { To: TWILIO_NUMBER });
    assert.deepEqual(errorOf(call), { status: 403, code: 80610, bodyStatus: 403 }, call.body);
    assert.equal(twilioApi.messages.length, 0);
    assert.deepEqual(await interactions(), []);
  });

  test('a sandbox number whose session partner is on Twilio is refused too; nothing reaches Twilio', async () => {
    const text = await api.post(`/sandbox/phones/${enc(ALICE)}/messages`, { To: SANDBOX_NUMBER, Body: 'impersonating Alice' });
    assert.deepEqual(errorOf(text), { status: 403, code: 80610, bodyStatus: 403 }, text.body);
    const call = await api.post(`/sandbox/phones/${enc(ALICE)}/calls`, { To: SANDBOX_NUMBER });
    assert.deepEqual(errorOf(call), { status: 403, code: 80610, bodyStatus: 403 }, call.body);
    assert.equal(twilioApi.messages.length, 0);
    assert.deepEqual(await interactions(), []);
    assert.deepEqual(list((await api.get(`/sandbox/phones/${enc(ALICE)}/messages`)).json, 'messages'), [], 'not even logged as sent');
  });

  test('the API still sends through Twilio to that partner (the refusal is the sandbox\'s, not the setup\'s)', async () => {
    const bob = list((await api.get(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`)).json, 'participants').find((p) => p.identifier === BOB);
    const sent = await api.post(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants/${String(bob?.sid)}/MessageInteractions`, { Body: 'real' });
    assert.equal(sent.status, 201, sent.body);
    assert.equal(twilioApi.messages.length, 1);
    assert.equal(twilioApi.messages[0]?.form.get('From'), TWILIO_NUMBER);
  });
});

describe('MASQ_SANDBOX=off', () => {
  let twilioApi: FakeTwilioApi;
  let api: Api;
  before(async () => {
    twilioApi = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
    api = await startApi({ config: { ...twilioConfig(twilioApi.url), sandbox: false, defaultCarrier: 'twilio' } });
  });
  after(async () => {
    await api.close();
    await twilioApi.close();
  });

  test('every /sandbox route is a 404 and none is documented', async () => {
    const call = `CA${'0'.repeat(32)}`;
    for (const res of [
      await api.get(`/sandbox/phones/${enc(ALICE)}/messages`),
      await api.post(`/sandbox/phones/${enc(ALICE)}/messages`, { To: SANDBOX_NUMBER, Body: 'hi' }),
      await api.get(`/sandbox/phones/${enc(ALICE)}/calls`),
      await api.post(`/sandbox/phones/${enc(ALICE)}/calls`, { To: SANDBOX_NUMBER }),
      await api.get(`/sandbox/calls/${call}`),
      await api.post(`/sandbox/calls/${call}/answer`),
      await api.post(`/sandbox/calls/${call}/hangup`),
    ]) assert.deepEqual(errorOf(res), { status: 404, code: 20404, bodyStatus: 404 }, res.body);
    const paths = Object.keys(obj((await api.get('/openapi.json', null)).json, 'paths'));
    assert.deepEqual(paths.filter((p) => p.startsWith('/sandbox')), []);
    assert.equal(api.runtime.sandbox, null);
  });

  test('there is no sandbox carrier: numbers join the real carrier and cannot be moved onto the sandbox', async () => {
    assert.deepEqual(api.runtime.deps.carriers.names(), ['twilio']);
    const { numbers } = await seedService(api, 'prod', [SANDBOX_NUMBER]);
    const pn = numbers[0] ?? '';
    assert.equal((await api.get(`/masq/v1/PhoneNumbers/${pn}`)).json.carrier, 'twilio');
    const moved = await api.post(`/masq/v1/PhoneNumbers/${pn}`, { Carrier: 'sandbox' });
    assert.deepEqual(errorOf(moved), { status: 400, code: 80701, bodyStatus: 400 }, moved.body);
    assert.match(str(moved.json, 'message'), /No carrier named 'sandbox' is configured/);
  });

  test('MASQ_SANDBOX and --sandbox take on/off; on by default (the quick start)', () => {
    const carrierTypes = CARRIER_SETTINGS;
    assert.equal(loadConfig({ env: {}, argv: [], carrierTypes }).sandbox, true);
    assert.equal(loadConfig({ env: { MASQ_SANDBOX: 'off' }, argv: [], carrierTypes }).sandbox, false);
    assert.equal(loadConfig({ env: { MASQ_SANDBOX: 'off' }, argv: ['--sandbox', 'on'], carrierTypes }).sandbox, true);
    assert.throws(() => loadConfig({ env: { MASQ_SANDBOX: 'maybe' }, argv: [], carrierTypes }), /MASQ_SANDBOX: must be true or false/);
  });

  test('with the sandbox off, the default carrier must be a real one: a clear error at start', async () => {
    await assert.rejects(
      createRuntime(defaultConfig({ databaseUrl: 'sqlite::memory:', sandbox: false }), { sweepIntervalMs: 0, jobIntervalMs: 0 }),
      /MASQ_DEFAULT_CARRIER 'sandbox' is not a configured carrier \(the sandbox is off: set MASQ_DEFAULT_CARRIER to a real carrier such as twilio\); configured: none/,
    );
  });
});

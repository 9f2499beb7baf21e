// US SMS registration gating end to end on the sandbox, through the official twilio client, on SQLite and
// PostgreSQL: MessageInteractions and in-session forwards are accepted and then fail on their outbound leg
// with Twilio's codes (30032-30035, on the interaction's data and in the CallbackUrl's parameters) in
// enforce mode, go out with a masq_warning in warn mode, and go out untouched when off; in enforce mode the
// allocator never hands a session a number that may not text the participant, and says why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { openBenchHandle, type BenchHandle } from '../../src/storage/bench-handle.ts';
import { registerCampaign, setCampaignStatus, verifyTollfree } from '../support/registrations.ts';
import { suiteDatabaseUrl, TEST_DIALECTS, type TestDatabase } from '../support/stores.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, startApi, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

const RIDER = '+14155550111', DRIVER = '+14155550222', CANADIAN = '+14165550333';
const LOCAL_A = '+14155551001', LOCAL_B = '+14155551002', TOLL_FREE = '+18005550100';
const CALLBACK = 'http://callback.invalid/proxy';
const enc = encodeURIComponent;

for (const dialect of TEST_DIALECTS) {
  describe(`SMS registration gating on the sandbox (${dialect})`, () => {
    let db: TestDatabase;
    let api: Api;
    let handle: BenchHandle;
    let client: Client;
    let serviceSid = '';
    const numbers = new Map<string, string>();

    before(async () => {
      db = await suiteDatabaseUrl(dialect);
      api = await startApi({ config: { databaseUrl: db.url } });
      handle = await openBenchHandle(db.url);
      const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
      client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.proxy.baseUrl = origin;
      serviceSid = (await client.proxy.v1.services.create({ uniqueName: 'gated', callbackUrl: CALLBACK })).sid;
      for (const phoneNumber of [LOCAL_A, LOCAL_B, TOLL_FREE]) {
        numbers.set(phoneNumber, (await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber })).sid);
      }
    });
    after(async () => {
      await handle?.close();
      await api?.close();
      await db?.drop();
    });

    const sidOf = (phone: string): string => numbers.get(phone) ?? assert.fail(`no pool number ${phone}`);
    const setMode = async (mode: string) => {
      const res = await api.post('/masq/v1/NumberPolicy', { SmsGating: mode });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json.smsGating, mode);
    };
    /** A session of RIDER (on `riderProxy`) and `driver` (on `driverProxy`). */
    let riders = 0;
    const session = async (name: string, driverProxy: string, driver = DRIVER, riderProxy = LOCAL_A) => {
      // A rider of its own per session: one test's leftovers never bind the next one's numbers.
      const rider = `+1415555${String(300 + (riders += 1)).padStart(4, '0')}`;
      const created = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: name });
      const join = (identifier: string, proxyIdentifier: string) =>
        client.proxy.v1.services(serviceSid).sessions(created.sid).participants.create({ identifier, proxyIdentifier });
      return { sid: created.sid, rider: await join(rider, riderProxy), riderNumber: rider, driver: await join(driver, driverProxy) };
    };
    const sendTo = async (s: { sid: string; driver: { sid: string } }, body: string) => {
      const sent = await client.proxy.v1.services(serviceSid).sessions(s.sid).participants(s.driver.sid).messageInteractions.create({ body });
      const fetched = await client.proxy.v1.services(serviceSid).sessions(s.sid).interactions(sent.sid).fetch();
      return { sent, fetched, data: JSON.parse(fetched.data ?? '{}') as Record<string, unknown> };
    };
    const inbox = async (phone: string) =>
      list((await api.get(`/sandbox/phones/${enc(phone)}/messages`)).json, 'messages').filter((m) => m.direction === 'received').map((m) => m.body);
    /** The CallbackUrl deliveries owed for an interaction (the job worker is off in tests). */
    const callbacks = async (interactionSid: string) =>
      (await api.runtime.deps.store.listJobs(ACCOUNT_SID, { kind: 'callback', limit: 500 }))
        .map((job) => obj(job.payload, 'params'))
        .filter((params) => params.interactionSid === interactionSid);

    test('enforce: an unregistered 10DLC number is accepted (201, queued), then fails undelivered with 30034, the callback says so', async () => {
      await setMode('enforce');
      const s = await session('unregistered', LOCAL_B);
      const { sent, fetched, data } = await sendTo(s, 'your ride is here');
      assert.equal(sent.outboundResourceStatus, 'queued', 'the create answers as Twilio does: accepted');
      assert.equal(fetched.outboundResourceStatus, 'undelivered');
      assert.equal(data.error_code, 30034);
      assert.match(String(data.blocked), /Unregistered Number/);
      assert.deepEqual(await inbox(DRIVER), [], 'nothing was sent');
      const failed = (await callbacks(sent.sid)).find((params) => params.outboundResourceStatus === 'undelivered');
      assert.match(String(failed?.interactionData), /"error_code":30034/, 'the CallbackUrl hears the failure with its code');
      await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
    });

    test('enforce: a campaign PENDING gives 30035, SUSPENDED 30033, VERIFIED delivers', async () => {
      await setMode('enforce');
      const messaging = await registerCampaign(handle.kysely, ACCOUNT_SID, [sidOf(LOCAL_B)], 'PENDING');
      const s = await session('campaign', LOCAL_B);
      assert.equal((await sendTo(s, 'one')).data.error_code, 30035);
      await setCampaignStatus(handle.kysely, messaging, 'SUSPENDED');
      assert.equal((await sendTo(s, 'two')).data.error_code, 30033);
      await setCampaignStatus(handle.kysely, messaging, 'VERIFIED');
      const verified = await sendTo(s, 'three');
      assert.equal(verified.fetched.outboundResourceStatus, 'delivered');
      assert.equal(verified.data.error_code, undefined);
      assert.deepEqual(await inbox(DRIVER), ['three']);
      await setCampaignStatus(handle.kysely, messaging, 'FAILED');
      assert.equal((await sendTo(s, 'four')).data.error_code, 30034);
      await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
    });

    test('enforce: a toll-free number needs its latest verification TWILIO_APPROVED (30032), toward Canada too', async () => {
      await setMode('enforce');
      const s = await session('toll-free', TOLL_FREE, CANADIAN);
      assert.equal((await sendTo(s, 'unverified')).data.error_code, 30032);
      const t0 = new Date('2024-01-01T00:00:00Z');
      await verifyTollfree(handle.kysely, ACCOUNT_SID, sidOf(TOLL_FREE), 'TWILIO_APPROVED', t0);
      assert.equal((await sendTo(s, 'approved')).fetched.outboundResourceStatus, 'delivered');
      await verifyTollfree(handle.kysely, ACCOUNT_SID, sidOf(TOLL_FREE), 'TWILIO_REJECTED', new Date(t0.getTime() + 60_000));
      assert.equal((await sendTo(s, 'rejected later')).data.error_code, 30032, 'the latest verification decides');
      assert.deepEqual(await inbox(CANADIAN), ['approved']);
      await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
    });

    test('enforce: an inbound SMS forwarded in a session from an unregistered number is logged undelivered with 30034, never sent', async () => {
      await setMode('enforce');
      const s = await session('forward', LOCAL_B);
      const before = (await inbox(DRIVER)).length;
      const res = await api.post(`/sandbox/phones/${enc(s.riderNumber)}/messages`, { To: LOCAL_A, Body: 'where are you?' });
      assert.equal(res.status, 201, res.body);
      const interactionSid = String(obj(res.json, 'routing').interaction_sid);
      const fetched = await client.proxy.v1.services(serviceSid).sessions(s.sid).interactions(interactionSid).fetch();
      assert.equal(fetched.inboundResourceStatus, 'delivered');
      assert.equal(fetched.outboundResourceStatus, 'undelivered');
      assert.equal(JSON.parse(fetched.data ?? '{}').error_code, 30034);
      assert.equal((await inbox(DRIVER)).length, before);
      assert.ok((await callbacks(interactionSid)).some((params) => params.outboundResourceStatus === 'undelivered' && String(params.interactionData).includes('30034')));
      await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
    });

    test('warn: the message goes out with masq_warning on its data, and /metrics counts it', async () => {
      await setMode('warn');
      const s = await session('warned', LOCAL_A);
      const { fetched, data } = await sendTo(s, 'warned message');
      assert.equal(fetched.outboundResourceStatus, 'delivered');
      assert.deepEqual(Object.keys(obj(data, 'masq_warning')).sort(), ['code', 'message']);
      assert.equal(obj(data, 'masq_warning').code, 30034);
      const forwarded = await api.post(`/sandbox/phones/${enc(s.riderNumber)}/messages`, { To: LOCAL_A, Body: 'forwarded with a warning' });
      assert.equal(obj(forwarded.json, 'routing').outcome, 'forward');
      assert.ok((await inbox(DRIVER)).includes('forwarded with a warning'));
      const metrics = (await api.get('/metrics')).body;
      assert.match(metrics, /masq_sms_gate_warnings_total\{code="30034"\} [2-9]/);
      await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
    });

    test('off: nothing is checked or recorded', async () => {
      await setMode('off');
      const s = await session('off', LOCAL_A);
      const { fetched, data } = await sendTo(s, 'ungated');
      assert.equal(fetched.outboundResourceStatus, 'delivered');
      assert.equal(data.masq_warning, undefined);
      await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
    });

    test('enforce: the allocator picks only a number that may text the participant, and explain says why the others dropped', async () => {
      await setMode('enforce');
      // LOCAL_B's campaign ended FAILED above; LOCAL_A has none: only a registered number may be chosen.
      const other = (await client.proxy.v1.services.create({ uniqueName: 'allocating' })).sid;
      const a = (await client.proxy.v1.services(other).phoneNumbers.create({ phoneNumber: '+14155552001' })).sid;
      const b = (await client.proxy.v1.services(other).phoneNumbers.create({ phoneNumber: '+14155552002' })).sid;
      const s = await client.proxy.v1.services(other).sessions.create({ uniqueName: 'auto', mode: 'message-only' });
      await assert.rejects(client.proxy.v1.services(other).sessions(s.sid).participants.create({ identifier: RIDER }), (err: unknown) => {
        assert.ok(err instanceof twilio.RestException);
        assert.equal(err.code, 80202);
        assert.match(err.message, /registration gating/);
        return true;
      });
      await registerCampaign(handle.kysely, ACCOUNT_SID, [b], 'VERIFIED');
      const joined = await client.proxy.v1.services(other).sessions(s.sid).participants.create({ identifier: RIDER });
      assert.equal(joined.proxyIdentifier, '+14155552002');
      const explained = await api.get(`/masq/v1/Services/${other}/Explain?Identifier=${enc(DRIVER)}&Mode=message-only`);
      assert.equal(explained.status, 200, explained.body);
      const dropped = list(explained.json, 'candidates').find((c) => c.sid === a);
      assert.equal(dropped?.reason, 'sms-gated');
      assert.match(String(dropped?.explanation), /30034/);
      // A voice-only session is not gated, nor is a participant outside the US.
      const voice = await client.proxy.v1.services(other).sessions.create({ uniqueName: 'voice', mode: 'voice-only' });
      const caller = await client.proxy.v1.services(other).sessions(voice.sid).participants.create({ identifier: DRIVER });
      assert.ok(['+14155552001', '+14155552002'].includes(caller.proxyIdentifier));
    });
  });
}

// docs/programmable-numbers.md's examples, run as the page shows them against a served masq (SQLite, and
// PostgreSQL when MASQ_TEST_POSTGRES_URL is set): the page's own example app (read from its code block and
// run as a Node process, checking every signature with the twilio package), its flow document (read from
// its JSON block), the same requests with the same bodies, and the outcomes the page claims: what sandbox
// callers hear, the replies they get, the call log, the callbacks and emails delivered, the recordings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, startApi, str, type Api } from '../api/support.ts';
import { freePort } from '../e2e/serve-process.ts';
import { attachmentOf, startSmtpPeer, type SmtpPeer } from '../support/smtp-peer.ts';
import { suiteDatabase, TEST_DIALECTS } from '../support/stores.ts';
import { codeAfter, jsonAfter, masqClient, readDoc, runDocApp, type Answer, type DocApp, type Masq } from './doc-examples.ts';

const DOC = readDoc('programmable-numbers.md');
const APP_SOURCE = codeAfter(DOC, '// app.mjs', 'js');
const FLOW_TEXT = codeAfter(DOC, 'save it as `front-desk.json`', 'json');
const DRY_RUN_ANSWER = jsonAfter(DOC, 'Voicemail (it is out of hours)');
/** Where the page's app listens; the test's copy listens elsewhere. */
const PAGE_APP = 'http://127.0.0.1:8080';
const API = `/2010-04-01/Accounts/${ACCOUNT_SID}`;
const enc = encodeURIComponent;
const CALLER = '+12125550123';
const VOICEMAIL_TEXT = 'Hi, it is Ana, please call me back';

const ok = (answer: Answer, status = 200): Record<string, unknown> => {
  assert.equal(answer.status, status, answer.text);
  return answer.json;
};
const heard = (call: Record<string, unknown>): string[] => list(call, 'heard_log').map((line) => String(line.text));
const kindsOf = (traffic: Record<string, unknown>): string[] => list(traffic, 'events').map((e) => String(e.kind));

/** The clock moved forward to the next Monday 10:00 in New York (office hours in the page's flow). */
const toMondayMorningInNewYork = (api: Api): void => {
  const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  const start = api.clock.now().getTime();
  for (let t = start + 3_600_000; ; t += 3_600_000) {
    const parts = Object.fromEntries(local.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    if (parts.weekday === 'Mon' && parts.hour === '10') {
      api.clock.advance(Math.ceil((t - start) / 1000));
      return;
    }
  }
};

for (const dialect of TEST_DIALECTS) {
  describe(`docs/programmable-numbers.md examples (${dialect})`, () => {
    let api: Api;
    let masq: Masq;
    let app: DocApp;
    let smtp: SmtpPeer;
    let origin = '';
    let drop = async (): Promise<void> => {};
    /** The page's URL of the app, where this run's copy listens. */
    const appUrl = (pageUrl: string): string => pageUrl.replace(PAGE_APP, app.base);
    const state = { number: '', numberSid: '', voicemailCall: '', flowNumber: '', flowVoicemailCall: '' };

    before(async () => {
      const db = await suiteDatabase(dialect);
      drop = db.drop;
      smtp = await startSmtpPeer();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      api = await startApi({ config: {
        callbackAllowPrivate: true, numberSweepIntervalMs: 0, publicUrl: origin,
        smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'masq@example.com',
        ...(db.url !== null && { databaseUrl: db.url }),
      } });
      await api.app.listen({ host: '127.0.0.1', port });
      masq = masqClient(origin, ACCOUNT_SID, AUTH_TOKEN);
      app = await runDocApp(APP_SOURCE, await freePort(), { MASQ_AUTH_TOKEN: AUTH_TOKEN });
    });
    after(async () => {
      await app.stop();
      await api.close();
      await smtp.close();
      await drop();
    });

    const call = async (to: string, from = CALLER) => {
      const placed = ok(await masq.post(`/sandbox/phones/${enc(from)}/calls`, { To: to }), 201);
      return { call: obj(placed, 'call'), routing: obj(placed, 'routing') };
    };
    const act = async (sid: string, what: string, fields: Record<string, string | number> = {}) => ok(await masq.post(`/sandbox/calls/${sid}/${what}`, fields));
    const text = async (to: string, body: string, from = CALLER): Promise<string[]> => {
      ok(await masq.post(`/sandbox/phones/${enc(from)}/messages`, { To: to, Body: body }), 201);
      return list(ok(await masq.get(`/sandbox/phones/${enc(from)}/messages`)), 'messages').filter((m) => m.to === from).map((m) => String(m.body));
    };
    const legTo = async (phone: string): Promise<Record<string, unknown>> => {
      const leg = list(ok(await masq.get(`/sandbox/phones/${enc(phone)}/calls`)), 'calls').filter((c) => c.to === phone).at(-1);
      assert.ok(leg, `a leg rings at ${phone}`);
      return leg;
    };
    const traffic = async (sid: string) => ok(await masq.get(`/masq/v1/NumberTraffic/${sid}`));
    /** The callback jobs due now, run as masq's worker runs them; then the account's deliveries to `url`. */
    const deliveriesTo = async (url: string): Promise<Record<string, unknown>[]> => {
      await runDueJobs(api.runtime.deps, JOB_HANDLERS);
      return list(ok(await masq.get('/masq/v1/Webhooks?PageSize=1000')), 'webhooks').filter((w) => String(w.url).startsWith(url));
    };

    test('your app: the example app answers calls at VoiceUrl and messages at SmsUrl', async () => {
      const bought = ok(await masq.post(`${API}/IncomingPhoneNumbers.json`, {
        AreaCode: 415, VoiceUrl: appUrl(`${PAGE_APP}/voice`), VoiceFallbackUrl: appUrl(`${PAGE_APP}/fallback`),
        StatusCallback: appUrl(`${PAGE_APP}/status`), SmsUrl: appUrl(`${PAGE_APP}/sms`),
      }), 201);
      state.number = str(bought, 'phone_number');
      state.numberSid = str(bought, 'sid');
      assert.equal(bought.voice_url, appUrl(`${PAGE_APP}/voice`));

      const first = await call(state.number);
      assert.equal(first.routing.outcome, 'program');
      const trafficSid = str(first.routing, 'traffic_sid');
      const sid = str(first.call, 'sid');
      assert.deepEqual([first.call.status, heard(first.call), obj(first.call, 'program').waiting_for], ['in-progress', ['Press 1 for sales, 2 to leave a message.'], 'digits']);
      assert.equal(obj(first.call, 'program').traffic_sid, trafficSid);
      assert.equal(obj(await act(sid, 'digits', { Digits: '1' }), 'program').waiting_for, 'dial');
      const leg = await legTo('+14155550123');
      assert.equal(leg.status, 'ringing');
      await act(str(leg, 'sid'), 'answer');
      await act(str(leg, 'sid'), 'hangup');
      assert.equal(ok(await masq.get(`/sandbox/calls/${sid}`)).status, 'completed');

      const second = await call(state.number);
      state.voicemailCall = str(second.call, 'sid');
      assert.deepEqual(heard(await act(state.voicemailCall, 'digits', { Digits: '2' })).slice(-2), ['Leave a message after the beep.', '[beep]']);
      const left = await act(state.voicemailCall, 'voicemail', { Text: VOICEMAIL_TEXT, Seconds: 5 });
      assert.equal(left.status, 'completed');
      assert.match(heard(left).at(-1) ?? '', /^Thanks, your message RE[0-9a-f]{32} is saved\.$/);

      const third = await call(state.number);
      const silent = await act(str(third.call, 'sid'), 'silence');
      assert.deepEqual([silent.status, heard(silent).at(-1)], ['completed', 'We did not get that. Goodbye.']);

      const statuses = await deliveriesTo(appUrl(`${PAGE_APP}/status`));
      assert.equal(statuses.length, 3, 'a StatusCallback per finished call');
      for (const delivery of statuses) {
        assert.equal(delivery.status, 'delivered', `the app accepted its signature: ${String(delivery.last_error)}`);
        assert.equal(obj(delivery, 'params').CallStatus, 'completed');
      }

      assert.ok((await text(state.number, 'Is the shop open?')).includes('Got it: Is the shop open?'));

      const logged = list(ok(await masq.get(`/masq/v1/NumberTraffic?PhoneNumber=${enc(state.number)}`)), 'number_traffic');
      assert.deepEqual(logged.map((t) => [t.channel, t.application]), [['voice', 'app'], ['voice', 'app'], ['voice', 'app'], ['message', 'app']]);
      const detail = await traffic(trafficSid);
      for (const kind of ['app-request', 'verb', 'digits', 'dial-result', 'status']) assert.ok(kindsOf(detail).includes(kind), `${kind} in ${kindsOf(detail).join(', ')}`);
      const requests = list(detail, 'events').filter((e) => e.kind === 'app-request').map((e) => obj(e, 'data').status);
      assert.deepEqual(requests, ['200', '200', '200'], 'the app accepted every signed request');
    });

    test("a Messaging service's inbound URL answers the number's messages instead of its SmsUrl", async () => {
      const service = ok(await masq.post('/messaging/v1/Services', {
        FriendlyName: 'Shop inbox', InboundRequestUrl: appUrl(`${PAGE_APP}/service-sms`), FallbackUrl: appUrl(`${PAGE_APP}/fallback`),
      }), 201);
      const mg = str(service, 'sid');
      assert.deepEqual([service.inbound_request_url, service.use_inbound_webhook_on_number], [appUrl(`${PAGE_APP}/service-sms`), false]);
      ok(await masq.post(`/messaging/v1/Services/${mg}/PhoneNumbers`, { PhoneNumberSid: state.numberSid }), 201);
      assert.ok((await text(state.number, 'Do you deliver?')).includes(`Thanks for writing to ${mg}. We will be in touch.`));
      const latest = list(ok(await masq.get(`/masq/v1/NumberTraffic?PhoneNumber=${enc(state.number)}&Channel=message`)), 'number_traffic').at(-1);
      assert.equal(latest?.application, 'messaging-service');

      assert.equal((await masq.del(`/messaging/v1/Services/${mg}/PhoneNumbers/${state.numberSid}`)).status, 204);
      assert.ok((await text(state.number, 'And now?')).includes('Got it: And now?'), 'the SmsUrl answers again');
    });

    test('fallback: an app that answers 404 gets the fallback, and the call log says why', async () => {
      const pnUrl = `${API}/IncomingPhoneNumbers/${state.numberSid}.json`;
      ok(await masq.post(pnUrl, { VoiceUrl: appUrl(`${PAGE_APP}/nowhere`) }));
      const { call: placed, routing } = await call(state.number);
      assert.deepEqual([placed.status, heard(placed)], ['completed', ['Sorry, something went wrong. Please call again later.']]);
      const events = list(await traffic(str(routing, 'traffic_sid')), 'events');
      const failed = events.find((e) => e.kind === 'app-failed');
      assert.equal(failed && obj(failed, 'data').ErrorCode, '11200');
      assert.ok(events.some((e) => e.kind === 'fallback'));
      ok(await masq.post(pnUrl, { VoiceUrl: appUrl(`${PAGE_APP}/voice`) }));
    });

    test('a flow: created from the page, dry-run, a menu with a forward and a voicemail, a message flow', async () => {
      const definition: unknown = JSON.parse(FLOW_TEXT.replaceAll(PAGE_APP, app.base));
      const flow = ok(await masq.post('/masq/v1/Flows', {}, { FriendlyName: 'Front desk', Definition: definition }), 201);
      const fw = str(flow, 'sid');
      assert.equal(flow.revision, 1);
      const bought = ok(await masq.post(`${API}/IncomingPhoneNumbers.json`, { AreaCode: 212, FlowSid: fw }), 201);
      assert.deepEqual([bought.masq_flow_sid, bought.masq_flow_revision], [fw, null]);
      state.flowNumber = str(bought, 'phone_number');

      const dryRun = ok(await masq.post(`/masq/v1/Flows/${fw}/DryRun`, { From: CALLER, At: '2026-12-06T21:00:00-05:00' }));
      assert.deepEqual(dryRun, JSON.parse(JSON.stringify(DRY_RUN_ANSWER).replaceAll('FW…', fw)));

      toMondayMorningInNewYork(api);
      ok(await masq.post(`/sandbox/phones/${enc('+12125550144')}`, { Digits: '1' }));
      ok(await masq.post(`/sandbox/phones/${enc('+14155550101')}`, { OnCall: 'no-answer' }));
      ok(await masq.post(`/sandbox/phones/${enc('+14155550102')}`, { OnCall: 'answer' }));
      const sales = await call(state.flowNumber, '+12125550144');
      assert.deepEqual([sales.call.status, heard(sales.call), obj(sales.call, 'program').waiting_for], ['in-progress', ['Press 1 for sales, 2 for support.'], 'dial']);
      assert.deepEqual([(await legTo('+14155550101')).status, (await legTo('+14155550102')).status], ['no-answer', 'in-progress']);
      assert.equal((await act(str(sales.call, 'sid'), 'hangup')).status, 'completed');

      ok(await masq.post(`/sandbox/phones/${enc('+12125550145')}`, { Digits: '2', Voicemail: VOICEMAIL_TEXT }));
      const support = await call(state.flowNumber, '+12125550145');
      state.flowVoicemailCall = str(support.call, 'sid');
      assert.equal(support.call.status, 'completed');
      assert.deepEqual(heard(support.call), ['Press 1 for sales, 2 for support.', 'Nobody can take your call. Leave a message after the tone.', '[beep]']);
      const logged = await traffic(str(support.routing, 'traffic_sid'));
      for (const kind of ['flow-step', 'digits', 'recording', 'webhook', 'email']) assert.ok(kindsOf(logged).includes(kind), `${kind} in ${kindsOf(logged).join(', ')}`);

      const voicemails = await deliveriesTo(appUrl(`${PAGE_APP}/voicemail`));
      assert.deepEqual(voicemails.map((w) => w.status), ['delivered'], 'the app accepted the signed JSON');
      const mail = smtp.received.find((m) => m.raw.includes('Subject: Voicemail from +12125550145'));
      assert.ok(mail, 'the voicemail is emailed');
      assert.deepEqual(mail.to, ['ops@example.com']);
      const recordingSid = /RE[0-9a-f]{32}/.exec(mail.raw)?.[0] ?? '';
      assert.equal(attachmentOf(mail.raw, `${recordingSid}.wav`)?.data.subarray(0, 4).toString('latin1'), 'RIFF');

      const replies = await text(state.flowNumber, 'Is the shop open?', '+12125550145');
      assert.ok(replies.includes('We got "Is the shop open?" and will call you back.'));
      assert.ok(smtp.received.some((m) => m.raw.includes(`Subject: Message from +12125550145 to ${state.flowNumber}`)), 'the message is emailed');
      assert.deepEqual(await text(state.flowNumber, 'STOP', '+12125550145'), replies, 'STOP reaches the flow, which then sends nothing back');
      const stopped = list(ok(await masq.get('/masq/v1/NumberTraffic?Channel=message')), 'number_traffic').at(-1);
      const refused = list(await traffic(str(stopped ?? {}, 'sid')), 'events').find((e) => e.kind === 'error');
      assert.equal(refused && obj(refused, 'data').code, '21610');
      const voiceLog = list(ok(await masq.get('/masq/v1/NumberTraffic?Channel=voice')), 'number_traffic');
      assert.deepEqual(voiceLog.filter((t) => t.application === 'flow').map((t) => t.flow_sid), [fw, fw]);
    });

    test('recordings read back through the 2010 Recordings API', async () => {
      const byCall = list(ok(await masq.get(`${API}/Recordings.json?CallSid=${state.voicemailCall}`)), 'recordings');
      assert.deepEqual(byCall.map((r) => [r.call_sid, r.status, r.duration, r.source, r.masq_transcript, r.masq_content_type]),
        [[state.voicemailCall, 'completed', '5', 'RecordVerb', VOICEMAIL_TEXT, 'audio/wav']]);
      const all = list(ok(await masq.get(`${API}/Recordings.json?PageSize=20`)), 'recordings');
      assert.deepEqual(all.map((r) => r.call_sid), [state.voicemailCall, state.flowVoicemailCall]);
      const since = list(ok(await masq.get(`${API}/Recordings.json?DateCreated>=2026-05-01`)), 'recordings');
      assert.equal(since.length, 2);
      const sid = str(byCall[0] ?? {}, 'sid');
      assert.equal(ok(await masq.get(`${API}/Recordings/${sid}.json`)).sid, sid);
      for (const path of [`${API}/Recordings/${sid}.wav`, `${API}/Recordings/${sid}`]) {
        const audio = await masq.get(path);
        assert.deepEqual([audio.status, audio.contentType, audio.bytes.subarray(8, 12).toString('latin1')], [200, 'audio/wav', 'WAVE']);
      }

      const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.api.baseUrl = origin;
      const recordings = await client.recordings.list({ callSid: state.flowVoicemailCall, dateCreatedAfter: new Date('2026-05-01') });
      assert.equal(recordings.length, 1);
      await client.recordings(recordings[0]?.sid ?? '').remove();
      assert.equal((await masq.get(`${API}/Recordings/${recordings[0]?.sid ?? ''}.json`)).status, 404);
      assert.equal((await masq.del(`${API}/Recordings/${sid}.json`)).status, 204);
      assert.deepEqual(list(ok(await masq.get(`${API}/Recordings.json`)), 'recordings'), []);
    });
  });
}

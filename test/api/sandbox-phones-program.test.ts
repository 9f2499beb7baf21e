// Programmable numbers on the sandbox, the way a user tries them (docs/sandbox.md), on SQLite and
// PostgreSQL: a number bought with the official twilio client and pointed at the owner's app (a loopback
// server checking X-Twilio-Signature), called from a virtual phone; the caller hears the app's TwiML,
// presses digits, leaves a voicemail or stays silent, the Dial's phones answer, are busy or ring out,
// and the call log (NumberTraffic) and the number's recordings tell what happened.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { suiteDatabase, TEST_DIALECTS } from '../support/stores.ts';
import { twiml, TwimlApp } from '../support/twiml-app.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, OTHER_AUTH, startApi, str, type Api, type Response } from './support.ts';

const enc = encodeURIComponent;
const CALLER = '+14155550101';
const SALES = '+14155550202';
const SUPPORT = '+14155550303';

for (const dialect of TEST_DIALECTS) {
  describe(`sandbox phones on a programmable number (${dialect})`, () => {
    let api: Api;
    let app: TwimlApp;
    let client: ReturnType<typeof twilio>;
    let drop = async (): Promise<void> => {};

    before(async () => {
      const db = await suiteDatabase(dialect);
      drop = db.drop;
      api = await startApi({ config: { callbackAllowPrivate: true, numberSweepIntervalMs: 0, ...(db.url !== null && { databaseUrl: db.url }) } });
      const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
      client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.api.baseUrl = `${origin}/api`;
      app = await new TwimlApp(() => AUTH_TOKEN).start();
    });
    after(async () => {
      await app.close();
      await api.close();
      await drop();
    });

    /** A number bought on the sandbox whose calls the app at `path` answers. */
    const programmableNumber = async (path: string): Promise<string> => {
      const [offer] = await client.api.v2010.accounts(ACCOUNT_SID).availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
      assert.ok(offer, 'the sandbox has a number for sale');
      const bought = await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber, voiceUrl: app.url(path) });
      return bought.phoneNumber;
    };

    const ok = (res: Response, status = 200): Record<string, unknown> => {
      assert.equal(res.status, status, res.body);
      return res.json;
    };
    const place = async (to: string, from = CALLER) => ok(await api.post(`/sandbox/phones/${enc(from)}/calls`, { To: to }), 201);
    const act = async (sid: string, what: string, fields: Record<string, string | number | boolean> = {}) => ok(await api.post(`/sandbox/calls/${sid}/${what}`, fields));
    const heard = (call: Record<string, unknown>): string[] => list(call, 'heard_log').map((entry) => String(entry.text));
    const waitingFor = (call: Record<string, unknown>): unknown => (call.program === null ? null : obj(call, 'program').waiting_for);
    const legTo = async (phone: string): Promise<Record<string, unknown>> => {
      const legs = list(ok(await api.get(`/sandbox/phones/${enc(phone)}/calls`)), 'calls').filter((c) => c.to === phone);
      const leg = legs.at(-1);
      assert.ok(leg, `a call leg rings at ${phone}`);
      return leg;
    };
    const trafficOf = async (sid: string) => {
      const detail = ok(await api.get(`/masq/v1/NumberTraffic/${sid}`));
      return { status: detail.status, duration: detail.duration, kinds: list(detail, 'events').map((e) => String(e.kind)) };
    };

    test('the app answers: the caller hears its Say, presses a digit, the Dial rings a phone that answers, and the call log follows', async () => {
      const number = await programmableNumber('/ivr');
      app.answer('/ivr', twiml('<Gather numDigits="1" action="/menu"><Say>Press 1 for sales</Say></Gather><Say>Goodbye</Say>'));
      app.answer('/menu', twiml('<Say>Connecting you</Say><Dial timeout="10" action="/dialed"><Number>+14155550202</Number><Sip>sip:desk@pbx.invalid</Sip></Dial>'));
      app.answer('/dialed', twiml('<Say>The call ended</Say><Hangup/>'));

      const placed = await place(number);
      const routing = obj(placed, 'routing');
      assert.equal(routing.outcome, 'program');
      const trafficSid = str(routing, 'traffic_sid');
      const call = obj(placed, 'call');
      const sid = str(call, 'sid');
      assert.deepEqual([call.status, heard(call), waitingFor(call)], ['in-progress', ['Press 1 for sales'], 'digits']);
      assert.deepEqual(app.to('/ivr').map((r) => [r.params.CallSid, r.params.From, r.params.CallStatus, r.signatureValid]), [[sid, CALLER, 'ringing', true]]);

      const pressed = await act(sid, 'digits', { Digits: '1' });
      assert.deepEqual(app.to('/menu').map((r) => [r.params.Digits, r.signatureValid]), [['1', true]]);
      assert.deepEqual([heard(pressed).at(-1), waitingFor(pressed), pressed.heard], ['Connecting you', 'dial', 'Press 1 for sales\nConnecting you']);
      assert.match(String(list(pressed, 'notes')[0]?.text), /sip:desk@pbx\.invalid failed: the sandbox has no SIP network/);

      const leg = await legTo(SALES);
      assert.deepEqual([leg.status, leg.from, leg.bridged_with], ['ringing', CALLER, sid]);
      await act(str(leg, 'sid'), 'answer');
      api.clock.advance(30);
      await act(str(leg, 'sid'), 'hangup');
      const [dialed] = app.to('/dialed');
      assert.deepEqual([dialed?.params.DialCallStatus, dialed?.params.DialCallSid, dialed?.signatureValid], ['completed', leg.sid, true]);
      assert.ok(Number(dialed?.params.DialCallDuration) >= 30);

      const ended = ok(await api.get(`/sandbox/calls/${sid}`));
      assert.deepEqual([ended.status, heard(ended).at(-1), ended.program], ['completed', 'The call ended', null]);
      const traffic = await trafficOf(trafficSid);
      assert.equal(traffic.status, 'completed');
      assert.ok(Number(traffic.duration) >= 30, `duration ${String(traffic.duration)}`);
      for (const kind of ['app-request', 'digits', 'dial-result', 'status']) assert.ok(traffic.kinds.includes(kind), `a ${kind} event in ${traffic.kinds.join(', ')}`);
    });

    test('a voicemail is recorded and reaches the app with its recording; silence at a Record goes on with the next verb', async () => {
      const number = await programmableNumber('/voicemail');
      app.answer('/voicemail', twiml('<Say>Leave a message</Say><Record maxLength="60" action="/saved"/><Say>No message recorded</Say>'));
      app.answer('/saved', twiml('<Say>Thanks</Say><Hangup/>'));

      const call = obj(await place(number), 'call');
      assert.deepEqual([heard(call), waitingFor(call)], [['Leave a message', '[beep]'], 'voicemail']);
      const left = await act(str(call, 'sid'), 'voicemail', { Text: 'Please call me back about the order', Seconds: 4 });
      assert.deepEqual([left.status, heard(left).at(-1)], ['completed', 'Thanks']);
      const [saved] = app.to('/saved');
      assert.ok(saved?.signatureValid);
      assert.equal(saved.params.RecordingDuration, '4');
      const recordingSid = saved.params.RecordingSid ?? '';
      assert.match(recordingSid, /^RE[0-9a-f]{32}$/);
      const recording = ok(await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}.json`));
      assert.deepEqual([recording.call_sid, recording.duration], [call.sid, '4']);

      const silent = obj(await place(number), 'call');
      const after = await act(str(silent, 'sid'), 'silence');
      assert.deepEqual([after.status, heard(after).at(-1)], ['completed', 'No message recorded']);
      assert.equal(app.to('/saved').length, 1, 'an empty recording asks no action');
    });

    test("unattended: the caller's preset digits and the dialed phones' standing behaviour run the call to its end", async () => {
      const number = await programmableNumber('/menu2');
      app.answer('/menu2', twiml('<Gather numDigits="1" action="/pick"><Say>Sales 1, support 2</Say></Gather>'));
      app.answer('/pick', twiml('<Dial action="/outcome"><Number>+14155550202</Number><Number>+14155550303</Number></Dial>'));
      app.answer('/outcome', twiml('<Say>Nobody is free</Say>'));
      const caller = '+14155550111';
      const behaviour = ok(await api.post(`/sandbox/phones/${enc(caller)}`, { Digits: ['2'] }));
      assert.deepEqual(behaviour, { phone: caller, on_call: 'ring', digits: ['2'], voicemail: null });
      ok(await api.post(`/sandbox/phones/${enc(SALES)}`, { OnCall: 'busy' }));
      ok(await api.post(`/sandbox/phones/${enc(SUPPORT)}`, { OnCall: 'no-answer' }));

      const call = obj(await place(number, caller), 'call');
      assert.deepEqual([call.status, heard(call)], ['completed', ['Sales 1, support 2', 'Nobody is free']]);
      assert.deepEqual(app.to('/pick').map((r) => r.params.Digits), ['2']);
      assert.deepEqual(app.to('/outcome').map((r) => r.params.DialCallStatus), ['no-answer']);
      assert.deepEqual([(await legTo(SALES)).status, (await legTo(SUPPORT)).status], ['busy', 'no-answer']);
      assert.deepEqual(ok(await api.get(`/sandbox/phones/${enc(caller)}`)).digits, [], 'the preset digit was used');
      for (const phone of [SALES, SUPPORT]) ok(await api.post(`/sandbox/phones/${enc(phone)}`, {}));
    });

    test('a dialed phone that is busy through the API; a ringing phone rings out with no-answer', async () => {
      const number = await programmableNumber('/two');
      app.answer('/two', twiml('<Dial action="/two-dialed"><Number>+14155550202</Number></Dial>'));
      app.answer('/two-dialed', twiml('<Say>Try later</Say>'));
      const first = obj(await place(number), 'call');
      assert.equal(waitingFor(first), 'dial');
      assert.deepEqual(obj(first, 'program').dialing, [(await legTo(SALES)).sid]);
      const busy = await act(str(await legTo(SALES), 'sid'), 'busy');
      assert.equal(busy.status, 'busy');
      const second = obj(await place(number), 'call');
      await act(str(await legTo(SALES), 'sid'), 'no-answer');
      assert.deepEqual(app.to('/two-dialed').map((r) => r.params.DialCallStatus), ['busy', 'no-answer']);
      assert.equal(ok(await api.get(`/sandbox/calls/${str(second, 'sid')}`)).status, 'completed');
    });

    test('a masq flow on the sandbox: menu, forward in turn (no answer, then busy), then voicemail, all in the call log', async () => {
      const number = await programmableNumber('/unused');
      const definition = {
        version: 1,
        start: 'menu',
        nodes: {
          menu: { type: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales' }, noInput: 'vm' },
          sales: { type: 'forward', to: [SALES, SUPPORT], strategy: 'sequential', timeout: 15, next: 'vm' },
          vm: { type: 'voicemail', greeting: 'Nobody is here, leave a message', maxLength: 30 },
        },
      };
      const flow = ok(await api.post('/masq/v1/Flows', { FriendlyName: 'front desk', Definition: JSON.stringify(definition) }), 201);
      const [owned] = await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.list({ phoneNumber: number });
      ok(await api.post(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${owned?.sid ?? ''}.json`, { FlowSid: str(flow, 'sid') }));

      const placed = await place(number);
      const trafficSid = str(obj(placed, 'routing'), 'traffic_sid');
      const sid = str(obj(placed, 'call'), 'sid');
      assert.deepEqual(heard(obj(placed, 'call')), ['Press 1 for sales']);
      await act(sid, 'digits', { Digits: '1' });
      await act(str(await legTo(SALES), 'sid'), 'no-answer');
      const second = await legTo(SUPPORT);
      assert.equal(second.status, 'ringing', 'the next number rings once the first rang out');
      assert.equal((await act(str(second, 'sid'), 'busy')).status, 'busy');
      const atVoicemail = ok(await api.get(`/sandbox/calls/${sid}`));
      assert.deepEqual([waitingFor(atVoicemail), heard(atVoicemail).slice(-2)], ['voicemail', ['Nobody is here, leave a message', '[beep]']]);
      const done = await act(sid, 'voicemail', { Text: 'Please call me', HangUp: true });
      assert.equal(done.status, 'completed');

      const traffic = await trafficOf(trafficSid);
      assert.equal(traffic.status, 'completed');
      for (const kind of ['flow-step', 'digits', 'dial-result', 'recording']) assert.ok(traffic.kinds.includes(kind), `a ${kind} event in ${traffic.kinds.join(', ')}`);
      const recordings = list(ok(await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings.json?CallSid=${sid}`)), 'recordings');
      assert.deepEqual(recordings.map((r) => r.call_sid), [sid]);
    });

    test('bad input and wrong moments are 4xx, another account sees nothing', async () => {
      const number = await programmableNumber('/wait');
      app.answer('/wait', twiml('<Gather action="/never"><Say>Enter your PIN</Say></Gather>'));
      const sid = str(obj(await place(number), 'call'), 'sid');
      const codeOf = (res: Response): [number, unknown] => [res.status, res.json.code];
      assert.deepEqual(codeOf(await api.post(`/sandbox/calls/${sid}/digits`, { Digits: '12a' })), [400, 80701]);
      assert.deepEqual(codeOf(await api.post(`/sandbox/calls/${sid}/voicemail`, { Text: 'hello' })), [400, 80701]);
      assert.deepEqual(codeOf(await api.post(`/sandbox/calls/${sid}/busy`)), [400, 80701]);
      assert.deepEqual(codeOf(await api.post(`/sandbox/calls/${sid}/digits`, { Digits: '1' }, OTHER_AUTH)), [404, 20404]);
      assert.deepEqual(codeOf(await api.post(`/sandbox/phones/${enc(CALLER)}`, { OnCall: 'maybe' })), [400, 80701]);
      assert.deepEqual(codeOf(await api.post(`/sandbox/phones/${enc(CALLER)}`, { Digits: ['1', 'x'] })), [400, 80701]);
      const ended = await act(sid, 'hangup');
      assert.equal(ended.status, 'completed');
      assert.deepEqual(codeOf(await api.post(`/sandbox/calls/${sid}/silence`)), [400, 80701]);
    });
  });
}

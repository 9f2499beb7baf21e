// Programmable calls over each carrier's signed webhooks (Twilio, SignalWire, Telnyx), against loopback
// fakes, on every database: a call to a number whose owner's app (VoiceUrl) answers TwiML. The carrier
// gets the app's verbs with masq's step URLs in place of the app's (Twilio-shaped carriers: the app's own
// TwiML passed through; Telnyx: its TeXML translation), calls those step URLs back as it would (signed,
// with Digits, DialCallStatus, a recording), and each time gets the app's next document; the app is asked
// with the method it chose, signed with the account's auth token, and never called by the carrier itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_SID } from '../api/support.ts';
import { twiml } from '../support/twiml-app.ts';
import { DRIVERS } from './drivers/all.ts';
import { DATABASES, PUBLIC_URL } from './harness.ts';
import { inProgrammableWorld, stepCallbackOf, stepUrlOf, verbsOf } from './programmable-world.ts';

const CALLER = '+14155550101';
const NUMBER = '+14155557000';
const SALES = '+14155550199';
const VOICEMAIL = Buffer.from('RIFF....WAVEfmt a recorded voicemail', 'latin1');

for (const db of DATABASES) {
  for (const driver of DRIVERS.filter((d) => d.features.webhooks !== null)) {
    test(`${driver.type} on ${db.name}: an app's IVR over signed webhooks, step by step`, () => inProgrammableWorld(db, driver, async ({ w, carrier, app, storage, number, runJobs }) => {
      const account = carrier.accountName;
      const stepCallback = stepCallbackOf(carrier);
      await number(NUMBER, { VoiceUrl: app.url('/voice') });

      // 1. The call comes in: the app's menu, its Gather's action now masq's step URL.
      app.answer('/voice', twiml('<Gather numDigits="1" action="/menu" method="GET"><Say>Press 1 for sales &amp; support</Say></Gather><Say>Goodbye</Say>'));
      const { delivery } = await carrier.call(w.masq, CALLER, NUMBER);
      const [gather, goodbye] = verbsOf(delivery.reply, 'the first answer');
      assert.ok(gather?.verb === 'Gather');
      assert.deepEqual({ ...gather, action: undefined }, { verb: 'Gather', numDigits: 1, action: undefined, prompts: [{ verb: 'Say', text: 'Press 1 for sales & support' }] });
      assert.deepEqual(goodbye, { verb: 'Say', text: 'Goodbye' });
      const [asked] = app.to('/voice');
      assert.ok(asked?.signatureValid, 'the app is asked with X-Twilio-Signature under the account\'s auth token');
      assert.equal(asked.params.CallSid, delivery.resourceId);

      // 2. The caller presses 1: the carrier calls the step URL; the app's /menu is asked (GET, as it said).
      app.answer('/menu', twiml(`<Say>Connecting you to sales</Say><Dial action="/dialed" timeout="20"><Number>${SALES}</Number></Dial>`));
      const menu = await stepCallback(w.masq, stepUrlOf(gather.action, account), delivery.resourceId, { Digits: '1' });
      const [connecting, dial] = verbsOf(menu, 'the answer to the digits');
      assert.deepEqual(connecting, { verb: 'Say', text: 'Connecting you to sales' });
      assert.ok(dial?.verb === 'Dial');
      assert.deepEqual({ ...dial, action: undefined }, { verb: 'Dial', timeout: 20, action: undefined, targets: [{ kind: 'number', number: SALES }] });
      const [menuAsked] = app.to('/menu');
      assert.ok(menuAsked?.signatureValid);
      assert.equal(menuAsked.method, 'GET');
      assert.equal(menuAsked.params.Digits, '1');

      // 3. Sales did not answer: the dial's outcome goes to /dialed, which asks for a voicemail. Its
      //    recordingStatusCallback is masq's to deliver: the carrier never sees it.
      app.answer('/dialed', twiml('<Say>Sales is busy. Leave a message.</Say><Record action="/recorded" maxLength="30" recordingStatusCallback="/recording-status"/>'));
      const dialed = await stepCallback(w.masq, stepUrlOf(dial.action, account), delivery.resourceId, { DialCallStatus: 'no-answer', DialCallDuration: '0' });
      const [, record] = verbsOf(dialed, 'the answer to the dial');
      assert.ok(record?.verb === 'Record');
      assert.doesNotMatch(dialed.body, /recordingStatusCallback|recording-status/);
      assert.equal(app.to('/dialed')[0]?.params.DialCallStatus, 'no-answer');

      // 4. The carrier recorded the message: masq fetches the audio from the carrier and keeps it, and the
      //    app hears of masq's recording, not the carrier's.
      const reported = carrier.recording?.(VOICEMAIL, 7) ?? {};
      app.answer('/recorded', twiml('<Say>Thank you. Goodbye.</Say><Hangup/>'));
      const recorded = await stepCallback(w.masq, stepUrlOf(record.action, account), delivery.resourceId, reported);
      assert.deepEqual(verbsOf(recorded, 'the answer to the recording'), [{ verb: 'Say', text: 'Thank you. Goodbye.' }, { verb: 'Hangup' }]);
      const told = app.to('/recorded')[0]?.params ?? {};
      assert.match(told.RecordingSid ?? '', /^RE[0-9a-f]{32}$/);
      assert.equal(told.RecordingUrl, `${PUBLIC_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${told.RecordingSid}`);
      assert.deepEqual([...storage.files.values()].map((f) => f.data), [VOICEMAIL]);

      // 5. masq's job worker delivers the Record's recordingStatusCallback: signed, masq's recording.
      app.answer('/recording-status', { status: 204 });
      assert.deepEqual(await runJobs(), { done: 1, failed: 0 });
      const reportedToApp = app.to('/recording-status');
      assert.deepEqual(reportedToApp.map((r) => [r.method, r.signatureValid, r.params.RecordingSid, r.params.RecordingUrl, r.params.RecordingStatus]),
        [['POST', true, told.RecordingSid, told.RecordingUrl, 'completed']]);

      // The app was only ever called by masq: once per step, and once for the recording.
      assert.deepEqual(app.requests.map((r) => r.path), ['/voice', '/menu', '/dialed', '/recorded', '/recording-status']);
    }));

    test(`${driver.type} on ${db.name}: a step callback for a call masq never answered ends it, no app asked`, () => inProgrammableWorld(db, driver, async ({ w, carrier, app, number }) => {
      await number(NUMBER, { VoiceUrl: app.url('/voice') });
      app.answer('/voice', twiml('<Gather action="/menu"><Say>Menu</Say></Gather>'));
      const { delivery } = await carrier.call(w.masq, CALLER, NUMBER);
      const [gather] = verbsOf(delivery.reply, 'the first answer');
      assert.ok(gather?.verb === 'Gather');
      // The step URL of one call, replayed for another call: the token does not belong to it.
      const replayed = await stepCallbackOf(carrier)(w.masq, stepUrlOf(gather.action, carrier.accountName), `${delivery.resourceId}-other`, { Digits: '1' });
      assert.deepEqual(verbsOf(replayed, 'the answer to a foreign step'), [{ verb: 'Hangup' }]);
      assert.deepEqual(app.requests.map((r) => r.path), ['/voice']);
    }));
  }
}

// Typed voice verbs -> TwiML, verb by verb against the official SDK's builders (twilio.twiml.VoiceResponse)
// as the oracle; a property that masq's reader gives back exactly the verbs that were rendered; and the
// TeXML translation of every attribute TeXML names or bounds differently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import twilio from 'twilio';
import { readVoiceTwiml } from '../../domain/twiml/read-twiml.ts';
import { DIAL_RECORD_MODES, type DialTarget, type GatherPrompt, type HttpMethod, type VoiceVerb } from '../../domain/twiml/verbs.ts';
import { renderVoiceTwiml, type ContinuationTarget, type VoiceMarkupOptions } from './render-voice.ts';

const AS_GIVEN: VoiceMarkupOptions = { dialect: 'twiml', continuation: (target) => target };
const TEXML: VoiceMarkupOptions = { dialect: 'texml', continuation: (target) => target };
const HOSTILE = `</Say><Dial>+19005550000</Dial> & "quotes" 'single' <![CDATA[x]]> é 🚗`;
const ACTION = 'https://app.invalid/ivr?menu=main&step=2';

const twiml = (verbs: readonly VoiceVerb[], options: VoiceMarkupOptions = AS_GIVEN): string => renderVoiceTwiml(verbs, options).body;

test('<Say> with text to escape, voice, language and loop, as the SDK writes it', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.say(HOSTILE);
  sdk.say({ voice: 'Polly.Amy', language: 'en-GB', loop: 0 }, 'Hello & goodbye');
  assert.equal(twiml([{ verb: 'Say', text: HOSTILE }, { verb: 'Say', text: 'Hello & goodbye', voice: 'Polly.Amy', language: 'en-GB', loop: 0 }]), sdk.toString());
});

test('<Play> of a URL with a query, looped, and of DTMF digits only', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.play({ loop: 3 }, 'https://media.invalid/a.mp3?x=1&y=2');
  sdk.play({ digits: 'ww1234#' });
  assert.equal(twiml([{ verb: 'Play', url: 'https://media.invalid/a.mp3?x=1&y=2', loop: 3 }, { verb: 'Play', digits: 'ww1234#' }]), sdk.toString());
});

test('<Pause> with and without a length', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.pause({ length: 4 });
  sdk.pause();
  assert.equal(twiml([{ verb: 'Pause', length: 4 }, { verb: 'Pause' }]), sdk.toString());
});

test('<Gather> with every attribute masq models and nested <Say>, <Play>, <Pause>; a bare one', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  const gather = sdk.gather({ input: ['dtmf'], numDigits: 4, timeout: 7, finishOnKey: '*', action: ACTION, method: 'GET' });
  gather.say({ voice: 'alice' }, 'Enter your PIN & press star');
  gather.play({ loop: 2 }, 'https://media.invalid/beep.wav');
  gather.pause({ length: 1 });
  sdk.gather();
  const prompts: GatherPrompt[] = [
    { verb: 'Say', text: 'Enter your PIN & press star', voice: 'alice' },
    { verb: 'Play', url: 'https://media.invalid/beep.wav', loop: 2 },
    { verb: 'Pause', length: 1 },
  ];
  assert.equal(twiml([
    { verb: 'Gather', input: 'dtmf', numDigits: 4, timeout: 7, finishOnKey: '*', action: ACTION, method: 'GET', prompts },
    { verb: 'Gather', prompts: [] },
  ]), sdk.toString());
});

test('<Gather finishOnKey=""> (no finishing key) keeps its empty value', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.gather({ finishOnKey: '' }).say('Any key');
  assert.equal(twiml([{ verb: 'Gather', finishOnKey: '', prompts: [{ verb: 'Say', text: 'Any key' }] }]), sdk.toString());
});

test('<Dial> with callerId, timeout, action, method, record; <Number sendDigits> and <Sip> in order', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  const dial = sdk.dial({ callerId: '+14155551212', timeout: 25, action: ACTION, method: 'POST', record: 'record-from-answer-dual' });
  dial.number({ sendDigits: 'ww42#' }, '+14155550002');
  dial.sip('sip:desk@pbx.invalid;transport=tls');
  dial.number('+14155550003');
  sdk.dial('+14155550004');
  const targets: DialTarget[] = [
    { kind: 'number', number: '+14155550002', sendDigits: 'ww42#' },
    { kind: 'sip', uri: 'sip:desk@pbx.invalid;transport=tls' },
    { kind: 'number', number: '+14155550003' },
  ];
  assert.equal(twiml([
    { verb: 'Dial', callerId: '+14155551212', timeout: 25, action: ACTION, method: 'POST', record: 'record-from-answer-dual', targets },
    // A bare `<Dial>+1...</Dial>` reads as one number target; masq writes it as a <Number>, which Twilio reads the same.
    { verb: 'Dial', targets: [{ kind: 'number', number: '+14155550004' }] },
  ]), sdk.toString().replace('<Dial>+14155550004</Dial>', '<Dial><Number>+14155550004</Number></Dial>'));
});

test('<Record> with every attribute masq models, and a bare one', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.record({ action: ACTION, method: 'POST', maxLength: 120, timeout: 3, finishOnKey: '#*', playBeep: false, transcribe: true });
  sdk.record();
  assert.equal(twiml([
    { verb: 'Record', action: ACTION, method: 'POST', maxLength: 120, timeout: 3, finishOnKey: '#*', playBeep: false, transcribe: true },
    { verb: 'Record' },
  ]), sdk.toString());
});

test('<Record>\'s recordingStatusCallback is never rendered, in TwiML or TeXML: masq delivers it itself', () => {
  const verb: VoiceVerb = { verb: 'Record', action: ACTION, recordingStatusCallback: 'https://app.invalid/rec', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['completed'] };
  for (const options of [AS_GIVEN, TEXML]) assert.doesNotMatch(twiml([verb], options), /recordingStatusCallback|\/rec"/);
});

test('<Hangup>, <Reject> with and without a reason, <Redirect> with a method', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.reject({ reason: 'busy' });
  sdk.reject();
  sdk.redirect({ method: 'GET' }, ACTION);
  sdk.redirect('https://app.invalid/next');
  sdk.hangup();
  assert.equal(twiml([
    { verb: 'Reject', reason: 'busy' }, { verb: 'Reject' },
    { verb: 'Redirect', url: ACTION, method: 'GET' }, { verb: 'Redirect', url: 'https://app.invalid/next' },
    { verb: 'Hangup' },
  ]), sdk.toString());
});

test('continuations are what the caller maps them to: the URL and method of every action and Redirect', () => {
  const seen: ContinuationTarget[] = [];
  const options: VoiceMarkupOptions = {
    dialect: 'twiml',
    continuation: (target) => {
      seen.push(target);
      return { url: `https://masq.invalid/webhooks/t/program?Step=${seen.length}&x=1` };
    },
  };
  const xml = twiml([
    { verb: 'Gather', action: 'https://app.invalid/g', method: 'GET', prompts: [] },
    { verb: 'Dial', action: 'https://app.invalid/d', targets: [{ kind: 'number', number: '+14155550002' }] },
    { verb: 'Record', action: 'https://app.invalid/r', method: 'POST' },
    { verb: 'Redirect', url: 'https://app.invalid/x', method: 'GET' },
  ], options);
  assert.deepEqual(seen, [
    { url: 'https://app.invalid/g', method: 'GET' }, { url: 'https://app.invalid/d', method: undefined },
    { url: 'https://app.invalid/r', method: 'POST' }, { url: 'https://app.invalid/x', method: 'GET' },
  ]);
  assert.ok(!xml.includes('method='));
  assert.ok(xml.includes('<Gather action="https://masq.invalid/webhooks/t/program?Step=1&amp;x=1"/>'));
  assert.ok(xml.includes('<Redirect>https://masq.invalid/webhooks/t/program?Step=4&amp;x=1</Redirect>'));
});

// ---- the reader reads back what was rendered ----

const SAFE_TEXT_CHARS = ['a', 'Z', '0', ' ', '&', '<', '>', '"', "'", ';', '/', ']', 'é', '🚗', '\n', '\t'];
const text = fc.array(fc.constantFrom(...SAFE_TEXT_CHARS), { minLength: 1, maxLength: 20 })
  .map((chars) => chars.join('').trim()).filter((s) => s !== '');
const whole = fc.integer({ min: 0, max: 999_999_999 });
const method = fc.constantFrom<HttpMethod>('GET', 'POST');
const digits = fc.stringMatching(/^[0-9wW*#]{1,8}$/);
// What the reader gives for a URL is its resolved href, so that is what is generated.
const url = fc.webUrl({ withQueryParameters: true }).map((u) => new URL(u).href);

const say = fc.record({ verb: fc.constant('Say' as const), text, voice: text, language: text, loop: whole }, { noNullPrototype: true, requiredKeys: ['verb', 'text'] });
const play = fc.oneof(
  fc.record({ verb: fc.constant('Play' as const), url, loop: whole, digits }, { noNullPrototype: true, requiredKeys: ['verb', 'url'] }),
  fc.record({ verb: fc.constant('Play' as const), loop: whole, digits }, { noNullPrototype: true, requiredKeys: ['verb', 'digits'] }),
);
const pause = fc.record({ verb: fc.constant('Pause' as const), length: whole }, { noNullPrototype: true, requiredKeys: ['verb'] });
const gather = fc.record({
  verb: fc.constant('Gather' as const), input: fc.constant('dtmf' as const), numDigits: fc.integer({ min: 1, max: 99 }), timeout: whole,
  finishOnKey: fc.stringMatching(/^[0-9*#]?$/), action: url, method, prompts: fc.array(fc.oneof(say, play, pause), { maxLength: 3 }),
}, { noNullPrototype: true, requiredKeys: ['verb', 'prompts'] });
const target: fc.Arbitrary<DialTarget> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), number: text, sendDigits: digits }, { noNullPrototype: true, requiredKeys: ['kind', 'number'] }),
  fc.record({ kind: fc.constant('sip' as const), uri: fc.stringMatching(/^sips?:[a-z0-9@.;=]{1,20}$/) }, { noNullPrototype: true }),
);
const dialVerb = fc.record({
  verb: fc.constant('Dial' as const), callerId: text, timeout: fc.integer({ min: 1, max: 600 }), action: url, method,
  record: fc.constantFrom(...DIAL_RECORD_MODES), targets: fc.array(target, { minLength: 1, maxLength: 3 }),
}, { noNullPrototype: true, requiredKeys: ['verb', 'targets'] });
const recordVerb = fc.record({
  verb: fc.constant('Record' as const), action: url, method, maxLength: fc.integer({ min: 1, max: 14_400 }), timeout: whole,
  finishOnKey: fc.stringMatching(/^[0-9*#]{0,4}$/), playBeep: fc.boolean(), transcribe: fc.boolean(),
}, { noNullPrototype: true, requiredKeys: ['verb'] });
const voiceVerb: fc.Arbitrary<VoiceVerb> = fc.oneof(
  say, play, pause, gather, dialVerb, recordVerb,
  fc.constant({ verb: 'Hangup' as const }),
  fc.record({ verb: fc.constant('Reject' as const), reason: fc.constantFrom('rejected' as const, 'busy' as const) }, { noNullPrototype: true, requiredKeys: ['verb'] }),
  fc.record({ verb: fc.constant('Redirect' as const), url, method }, { noNullPrototype: true, requiredKeys: ['verb', 'url'] }),
);

test('property: reading the rendered TwiML gives back exactly the verbs rendered', () => {
  fc.assert(fc.property(fc.array(voiceVerb, { maxLength: 6 }), (verbs) => {
    assert.deepEqual(readVoiceTwiml(twiml(verbs)), { kind: 'ok', verbs });
  }), { numRuns: 300 });
});

// ---- TeXML ----

test('TeXML: ranges narrower than TwiML\'s are clamped (Say loop, Pause, Gather and Dial timeouts, Record maxLength)', () => {
  const xml = twiml([
    { verb: 'Say', text: 'hi', loop: 50 },
    { verb: 'Pause', length: 600 },
    { verb: 'Gather', timeout: 300, prompts: [{ verb: 'Pause', length: 0 }, { verb: 'Say', text: 'menu' }] },
    { verb: 'Dial', timeout: 2, targets: [{ kind: 'number', number: '+14155550002' }] },
    { verb: 'Record', maxLength: 20_000, timeout: 0 },
  ], TEXML);
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?><Response><Say loop="10">hi</Say><Pause length="180"/>'
    + '<Gather timeout="120"><Say>menu</Say></Gather><Dial timeout="5"><Number>+14155550002</Number></Dial>'
    + '<Record maxLength="14400" timeout="0"/></Response>');
});

test('TeXML: a zero-second <Pause> is left out, Gather has no method, Number no sendDigits, transcribe is transcription', () => {
  const xml = twiml([
    { verb: 'Pause', length: 0 },
    { verb: 'Gather', action: ACTION, method: 'GET', numDigits: 1, finishOnKey: '#', input: 'dtmf', prompts: [] },
    { verb: 'Dial', callerId: '+14155551212', action: ACTION, method: 'GET', record: 'record-from-answer', targets: [{ kind: 'number', number: '+14155550002', sendDigits: '1234' }, { kind: 'sip', uri: 'sip:a@pbx.invalid' }] },
    { verb: 'Record', transcribe: true, playBeep: true, finishOnKey: '#', method: 'POST', action: ACTION },
  ], TEXML);
  const action = ACTION.replace('&', '&amp;');
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?><Response>'
    + `<Gather input="dtmf" numDigits="1" finishOnKey="#" action="${action}"/>`
    + `<Dial callerId="+14155551212" action="${action}" method="GET" record="record-from-answer"><Number>+14155550002</Number><Sip>sip:a@pbx.invalid</Sip></Dial>`
    + `<Record action="${action}" method="POST" timeout="5" finishOnKey="#" playBeep="true" transcription="true"/></Response>`);
});

test('TeXML: what it shares with TwiML is written the same (Say, Play, Reject, Redirect, Hangup)', () => {
  const verbs: VoiceVerb[] = [
    { verb: 'Say', text: HOSTILE, voice: 'alice', language: 'fr-FR', loop: 2 },
    { verb: 'Play', url: 'https://media.invalid/a.mp3', loop: 1 }, { verb: 'Play', digits: '12w3' },
    { verb: 'Reject', reason: 'busy' }, { verb: 'Redirect', url: ACTION, method: 'POST' }, { verb: 'Hangup' },
  ];
  assert.equal(twiml(verbs, TEXML), twiml(verbs));
});

// The official twilio SDK's TwiML builders are the oracle: what they emit, the reader must read back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import twilio from 'twilio';
import { readMessagingTwiml, readTwiml, readVoiceTwiml } from './read-twiml.ts';
import type { TwimlProblem, TwimlReadResult, VoiceVerb } from './verbs.ts';
import { MAX_TWIML_BYTES } from './xml-tree.ts';

const { VoiceResponse, MessagingResponse } = twilio.twiml;

const verbsOf = <V>(result: TwimlReadResult<V>): readonly V[] => {
  assert.equal(result.kind, 'ok', JSON.stringify(result));
  return result.kind === 'ok' ? result.verbs : [];
};
const problemsOf = <V>(result: TwimlReadResult<V>): readonly TwimlProblem[] => {
  assert.equal(result.kind, 'invalid', JSON.stringify(result));
  return result.kind === 'invalid' ? result.problems : [];
};
const voice = (xml: string) => verbsOf(readVoiceTwiml(xml));
const voiceProblems = (xml: string) => problemsOf(readVoiceTwiml(xml));
const paths = (problems: readonly TwimlProblem[]) => problems.map((p) => `${p.kind} ${p.path}`);
const wrap = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;

test('Say: voice, language, loop and the text', () => {
  const r = new VoiceResponse();
  r.say({ voice: 'Polly.Joanna', language: 'en-US', loop: 2 }, 'Hello there');
  r.say('Plain');
  assert.deepEqual(voice(r.toString()), [
    { verb: 'Say', text: 'Hello there', voice: 'Polly.Joanna', language: 'en-US', loop: 2 },
    { verb: 'Say', text: 'Plain' },
  ]);
});

test('Play: an audio URL with loop, or digits', () => {
  const r = new VoiceResponse();
  r.play({ loop: 0 }, 'https://audio.invalid/hold.mp3');
  r.play({ digits: 'ww1234#' });
  assert.deepEqual(voice(r.toString()), [
    { verb: 'Play', url: 'https://audio.invalid/hold.mp3', loop: 0 },
    { verb: 'Play', digits: 'ww1234#' },
  ]);
});

test('Pause: with and without a length', () => {
  const r = new VoiceResponse();
  r.pause({ length: 3 });
  r.pause();
  assert.deepEqual(voice(r.toString()), [{ verb: 'Pause', length: 3 }, { verb: 'Pause' }]);
});

test('Gather: DTMF attributes and nested Say/Play/Pause in order', () => {
  const r = new VoiceResponse();
  const g = r.gather({ input: ['dtmf'], numDigits: 4, timeout: 7, finishOnKey: '#', action: 'https://app.invalid/pin', method: 'GET' });
  g.say('Enter your PIN');
  g.pause({ length: 1 });
  g.play('https://audio.invalid/beep.wav');
  assert.deepEqual(voice(r.toString()), [{
    verb: 'Gather', input: 'dtmf', numDigits: 4, timeout: 7, finishOnKey: '#', action: 'https://app.invalid/pin', method: 'GET',
    prompts: [{ verb: 'Say', text: 'Enter your PIN' }, { verb: 'Pause', length: 1 }, { verb: 'Play', url: 'https://audio.invalid/beep.wav' }],
  }]);
});

test('Dial: attributes, Number with sendDigits, Sip, and a bare number', () => {
  const r = new VoiceResponse();
  const d = r.dial({ callerId: '+15550001111', timeout: 20, action: 'https://app.invalid/dialed', method: 'POST', record: 'record-from-answer' });
  d.number({ sendDigits: 'ww12' }, '+15551112222');
  d.sip('sip:alice@pbx.invalid');
  r.dial('+15553334444');
  assert.deepEqual(voice(r.toString()), [
    {
      verb: 'Dial', callerId: '+15550001111', timeout: 20, action: 'https://app.invalid/dialed', method: 'POST', record: 'record-from-answer',
      targets: [{ kind: 'number', number: '+15551112222', sendDigits: 'ww12' }, { kind: 'sip', uri: 'sip:alice@pbx.invalid' }],
    },
    { verb: 'Dial', targets: [{ kind: 'number', number: '+15553334444' }] },
  ]);
});

test('Record, Hangup, Reject, Redirect', () => {
  const r = new VoiceResponse();
  r.record({ action: 'https://app.invalid/vm', method: 'POST', maxLength: 120, timeout: 5, finishOnKey: '#*', playBeep: false, transcribe: true });
  r.reject({ reason: 'busy' });
  r.reject();
  r.redirect({ method: 'GET' }, 'https://app.invalid/next');
  r.hangup();
  assert.deepEqual(voice(r.toString()), [
    { verb: 'Record', action: 'https://app.invalid/vm', method: 'POST', maxLength: 120, timeout: 5, finishOnKey: '#*', playBeep: false, transcribe: true },
    { verb: 'Reject', reason: 'busy' },
    { verb: 'Reject' },
    { verb: 'Redirect', url: 'https://app.invalid/next', method: 'GET' },
    { verb: 'Hangup' },
  ]);
});

test('Record: recordingStatusCallback with its method and events (space-separated, as the SDK writes them), resolved like other URLs', () => {
  const r = new VoiceResponse();
  r.record({ action: '/vm', recordingStatusCallback: 'recordings?x=1&y=2', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['completed', 'absent'] });
  r.record({ recordingStatusCallback: 'https://hooks.invalid/rec' });
  r.record({ recordingStatusCallback: 'https://hooks.invalid/rec', recordingStatusCallbackEvent: ['absent', 'completed', 'absent'] });
  assert.match(r.toString(), /recordingStatusCallbackEvent="completed absent"/);
  assert.deepEqual(verbsOf(readVoiceTwiml(r.toString(), { baseUrl: 'https://app.invalid/voice/start' })), [
    {
      verb: 'Record', action: 'https://app.invalid/vm', recordingStatusCallback: 'https://app.invalid/voice/recordings?x=1&y=2',
      recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['completed', 'absent'],
    },
    { verb: 'Record', recordingStatusCallback: 'https://hooks.invalid/rec' },
    { verb: 'Record', recordingStatusCallback: 'https://hooks.invalid/rec', recordingStatusCallbackEvent: ['absent', 'completed'] },
  ]);
  assert.deepEqual(voice(wrap('<Record recordingStatusCallback="https://hooks.invalid/r" recordingStatusCallbackEvent="completed,absent"/>')), [
    { verb: 'Record', recordingStatusCallback: 'https://hooks.invalid/r', recordingStatusCallbackEvent: ['completed', 'absent'] },
  ]);
});

test('Record: the in-progress event is unsupported (masq gets a recording once it has ended); other bad callback values are invalid', () => {
  const r = new VoiceResponse();
  r.record({ recordingStatusCallback: 'https://hooks.invalid/rec', recordingStatusCallbackEvent: ['in-progress', 'completed'] });
  const problems = voiceProblems(r.toString());
  assert.deepEqual(paths(problems), ['unsupported Response/Record[1]/@recordingStatusCallbackEvent']);
  assert.match(problems[0]?.message ?? '', /in-progress/);
  assert.deepEqual(paths(voiceProblems(wrap([
    '<Record recordingStatusCallback="ftp://hooks.invalid/r" recordingStatusCallbackMethod="PUT"/>',
    '<Record recordingStatusCallback="https://hooks.invalid/r" recordingStatusCallbackEvent="finished"/>',
    '<Record recordingStatusCallback="https://hooks.invalid/r" recordingStatusCallbackEvent=" "/>',
  ].join('')))), [
    'invalid Response/Record[1]/@recordingStatusCallback', 'invalid Response/Record[1]/@recordingStatusCallbackMethod',
    'invalid Response/Record[2]/@recordingStatusCallbackEvent', 'invalid Response/Record[3]/@recordingStatusCallbackEvent',
  ]);
  // Still refused where masq does not deliver it: <Dial>'s recording callback.
  assert.deepEqual(paths(voiceProblems(wrap('<Dial record="record-from-answer" recordingStatusCallback="https://hooks.invalid/r">+15551112222</Dial>'))), ['unsupported Response/Dial[1]/@recordingStatusCallback']);
});

test('Message: attributes, Body and Media children, or plain text; Redirect in messaging', () => {
  const m = new MessagingResponse();
  const msg = m.message({ to: '+15551112222', from: '+15550001111', action: 'https://app.invalid/status', method: 'POST' }, '');
  msg.body('Your code is 1234');
  msg.media('https://img.invalid/a.png');
  msg.media('https://img.invalid/b.png');
  m.message('Thanks!');
  m.redirect('https://app.invalid/more');
  assert.deepEqual(verbsOf(readMessagingTwiml(m.toString())), [
    { verb: 'Message', to: '+15551112222', from: '+15550001111', action: 'https://app.invalid/status', method: 'POST', body: 'Your code is 1234', media: ['https://img.invalid/a.png', 'https://img.invalid/b.png'] },
    { verb: 'Message', body: 'Thanks!', media: [] },
    { verb: 'Redirect', url: 'https://app.invalid/more' },
  ]);
});

test('an empty Response is a valid answer with no verbs; readTwiml picks the kind', () => {
  assert.deepEqual(voice(new VoiceResponse().toString()), []);
  assert.deepEqual(verbsOf(readTwiml('messaging', new MessagingResponse().toString())), []);
  assert.equal(readTwiml('messaging', wrap('<Say>x</Say>')).kind, 'invalid');
});

test('escaping: & and < in Say text and in attributes come back as written', () => {
  const r = new VoiceResponse();
  r.say('Tom & Jerry <3 "quotes" \'apos\'');
  r.dial({ callerId: 'a&b<c"d' }, '+15551112222');
  r.redirect('https://app.invalid/next?a=1&b=<2>');
  assert.deepEqual(voice(r.toString()), [
    { verb: 'Say', text: 'Tom & Jerry <3 "quotes" \'apos\'' },
    { verb: 'Dial', callerId: 'a&b<c"d', targets: [{ kind: 'number', number: '+15551112222' }] },
    { verb: 'Redirect', url: new URL('https://app.invalid/next?a=1&b=<2>').href },
  ]);
  assert.deepEqual(voice(wrap('<Say>&#38; &#x3C; <![CDATA[<raw> & ]]></Say>')), [{ verb: 'Say', text: '& < <raw> &' }]);
});

test('relative URLs resolve against the base URL; without one they are refused', () => {
  const xml = wrap('<Redirect>/next</Redirect><Gather action="gathered"><Say>x</Say></Gather>');
  assert.deepEqual(verbsOf(readVoiceTwiml(xml, { baseUrl: 'https://app.invalid/voice/start' })), [
    { verb: 'Redirect', url: 'https://app.invalid/next' },
    { verb: 'Gather', action: 'https://app.invalid/voice/gathered', prompts: [{ verb: 'Say', text: 'x' }] },
  ]);
  assert.deepEqual(paths(voiceProblems(xml)), ['invalid Response/Redirect[1]', 'invalid Response/Gather[1]/@action']);
});

test('unsupported Twilio verbs are named, never dropped', () => {
  for (const name of ['Enqueue', 'Connect', 'Leave', 'Refer', 'Stream', 'Pay', 'Prompt', 'Start', 'Stop', 'Queue', 'Conference', 'Client', 'Sms', 'Echo']) {
    const problems = voiceProblems(wrap(`<Say>hi</Say><${name}>x</${name}>`));
    assert.deepEqual(paths(problems), [`unsupported Response/${name}[1]`], name);
    assert.match(problems[0]?.message ?? '', new RegExp(`<${name}>`));
  }
  assert.deepEqual(paths(voiceProblems(wrap('<Dial><Number>+15551112222</Number><Conference>room</Conference><Client>bob</Client></Dial>'))), [
    'unsupported Response/Dial[1]/Conference[1]', 'unsupported Response/Dial[1]/Client[1]',
  ]);
  assert.deepEqual(paths(voiceProblems(wrap('<Gather input="speech"><Say>x</Say></Gather>'))), ['unsupported Response/Gather[1]/@input']);
  assert.deepEqual(paths(voiceProblems(wrap('<Say>a<break time="1s"/>b</Say>'))), ['unsupported Response/Say[1]/break[1]']);
  assert.deepEqual(paths(voiceProblems(wrap('<Dial timeLimit="60">+15551112222</Dial>'))), ['unsupported Response/Dial[1]/@timeLimit']);
});

test('unknown elements and elements out of place name their path', () => {
  assert.deepEqual(paths(voiceProblems(wrap('<Say>a</Say><Foo/>'))), ['unknown Response/Foo[1]']);
  assert.deepEqual(paths(voiceProblems(wrap('<Gather><Say>a</Say><Gather/></Gather>'))), ['not-allowed Response/Gather[1]/Gather[1]']);
  assert.deepEqual(paths(voiceProblems(wrap('<Gather><Dial>+1555</Dial></Gather>'))), ['not-allowed Response/Gather[1]/Dial[1]']);
  assert.deepEqual(paths(voiceProblems(wrap('<Number>+15551112222</Number><Message>hi</Message>'))), ['not-allowed Response/Number[1]', 'not-allowed Response/Message[1]']);
  assert.deepEqual(paths(problemsOf(readMessagingTwiml(wrap('<Message>a</Message><Dial>+1555</Dial><Say>b</Say>')))), ['not-allowed Response/Dial[1]', 'not-allowed Response/Say[1]']);
  assert.deepEqual(paths(problemsOf(readMessagingTwiml(wrap('<Message><Body>a</Body><Say>b</Say></Message>')))), ['not-allowed Response/Message[1]/Say[1]']);
  assert.deepEqual(paths(voiceProblems(wrap('<Hangup><Say>x</Say></Hangup>'))), ['not-allowed Response/Hangup[1]/Say[1]']);
});

test('bad attribute values name the element and the attribute', () => {
  const problems = voiceProblems(wrap([
    '<Dial>+15550000000</Dial>',
    '<Dial timeout="soon" method="PUT" action="ftp://app.invalid/x" record="always"><Number sendDigits="12x">+15551112222</Number><Sip>tel:+1555</Sip></Dial>',
    '<Gather numDigits="0" finishOnKey="##"><Say>x</Say></Gather>',
    '<Say loop="-1">x</Say><Pause length="1.5"/><Reject reason="nope"/>',
    '<Record playBeep="yes" maxLength="abc"/><Play>javascript:alert(1)</Play><Redirect>mailto:a@b.invalid</Redirect>',
  ].join('')));
  assert.deepEqual(paths(problems), [
    'invalid Response/Dial[2]/@timeout', 'invalid Response/Dial[2]/@action', 'invalid Response/Dial[2]/@method', 'invalid Response/Dial[2]/@record',
    'invalid Response/Dial[2]/Number[1]/@sendDigits', 'invalid Response/Dial[2]/Sip[1]',
    'invalid Response/Gather[1]/@numDigits', 'invalid Response/Gather[1]/@finishOnKey',
    'invalid Response/Say[1]/@loop', 'invalid Response/Pause[1]/@length', 'invalid Response/Reject[1]/@reason',
    'invalid Response/Record[1]/@maxLength', 'invalid Response/Record[1]/@playBeep', 'invalid Response/Play[1]', 'invalid Response/Redirect[1]',
  ]);
  assert.match(problems[0]?.message ?? '', /timeout.*'soon'/);
});

test('missing or conflicting content is refused', () => {
  assert.deepEqual(paths(voiceProblems(wrap('<Say></Say><Play/><Dial/><Dial>+1555<Number>+1666</Number></Dial><Redirect/><Hangup>now</Hangup>'))), [
    'invalid Response/Say[1]', 'invalid Response/Play[1]', 'invalid Response/Dial[1]', 'invalid Response/Dial[2]', 'invalid Response/Redirect[1]', 'invalid Response/Hangup[1]',
  ]);
  assert.deepEqual(paths(problemsOf(readMessagingTwiml(wrap('<Message/><Message>a<Body>b</Body></Message><Message><Body>a</Body><Body>b</Body></Message><Message><Media>ftp://x.invalid/a</Media></Message>')))), [
    'invalid Response/Message[1]', 'invalid Response/Message[2]', 'invalid Response/Message[3]', 'invalid Response/Message[4]/Media[1]',
  ]);
  const elevenMedia = Array.from({ length: 11 }, (_, i) => `<Media>https://img.invalid/${i}.png</Media>`).join('');
  assert.deepEqual(paths(problemsOf(readMessagingTwiml(wrap(`<Message>${elevenMedia}</Message>`)))), ['invalid Response/Message[1]']);
});

test('a non-Response root, malformed XML, DOCTYPE and oversized documents are refused', () => {
  assert.deepEqual(paths(voiceProblems('<Reply><Say>x</Say></Reply>')), ['invalid Reply']);
  for (const bad of ['', 'not xml', '<Response><Say>x</Response>', '<Response/><Response/>', '<Response><Play loop=2/></Response>', '<Response a="1" a="2"/>']) {
    assert.deepEqual(paths(voiceProblems(bad)), ['malformed document'], bad);
  }
  const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Response><Say>&x;</Say></Response>';
  const bomb = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Response><Say>&b;</Say></Response>';
  for (const bad of [xxe, bomb, '<!doctype Response><Response/>']) assert.deepEqual(paths(voiceProblems(bad)), ['refused document'], bad);
  const big = wrap(`<Say>${'a'.repeat(MAX_TWIML_BYTES)}</Say>`);
  const problems = voiceProblems(big);
  assert.deepEqual(paths(problems), ['malformed document']);
  assert.match(problems[0]?.message ?? '', /limited/);
  assert.equal(readVoiceTwiml(wrap(`<Say>${'a'.repeat(MAX_TWIML_BYTES - 100)}</Say>`)).kind, 'ok');
});

test('every problem in one answer is reported, not only the first', () => {
  assert.equal(voiceProblems(wrap('<Foo/><Enqueue>q</Enqueue><Pause length="x"/>')).length, 3);
});

// Random sequences of the supported builder calls, each paired with the verb it must read back as.
type Step = { build: (r: InstanceType<typeof VoiceResponse>) => void; verb: VoiceVerb };
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.trim() !== '' && !/[\u0000-\u001f\ufffe\uffff\ud800-\udfff]/.test(s));
const url = fc.webPath().map((p) => `https://app.invalid/${encodeURI(p).replace(/^\/+/, '')}`).map((u) => new URL(u).href);
const method = fc.constantFrom<'GET' | 'POST'>('GET', 'POST');
const small = fc.nat({ max: 60 });
const say: fc.Arbitrary<Step> = fc.record({ text, loop: fc.option(small, { nil: undefined }), voice: fc.option(fc.constantFrom<'alice' | 'man' | 'Polly.Joanna'>('alice', 'man', 'Polly.Joanna'), { nil: undefined }) }).map(({ text: t, loop, voice: v }) => ({
  build: (r) => { r.say({ ...(loop === undefined ? {} : { loop }), ...(v === undefined ? {} : { voice: v }) }, t); },
  verb: { verb: 'Say', text: t, ...(loop === undefined ? {} : { loop }), ...(v === undefined ? {} : { voice: v }) },
}));
const play: fc.Arbitrary<Step> = fc.tuple(url, small).map(([u, loop]) => ({ build: (r) => { r.play({ loop }, u); }, verb: { verb: 'Play', url: u, loop } }));
const pause: fc.Arbitrary<Step> = small.map((length) => ({ build: (r) => { r.pause({ length }); }, verb: { verb: 'Pause', length } }));
const gather: fc.Arbitrary<Step> = fc.tuple(fc.integer({ min: 1, max: 9 }), url, method, text).map(([numDigits, action, m, prompt]) => ({
  build: (r) => { r.gather({ numDigits, action, method: m }).say(prompt); },
  verb: { verb: 'Gather', numDigits, action, method: m, prompts: [{ verb: 'Say', text: prompt }] },
}));
const phone = fc.stringMatching(/^\+1[2-9]\d{9}$/);
const dial: fc.Arbitrary<Step> = fc.tuple(phone, phone, fc.integer({ min: 1, max: 600 })).map(([callerId, to, timeout]) => ({
  build: (r) => { r.dial({ callerId, timeout }).number(to); },
  verb: { verb: 'Dial', callerId, timeout, targets: [{ kind: 'number', number: to }] },
}));
const recordingEvents = fc.option(fc.subarray(['completed' as const, 'absent' as const], { minLength: 1 }), { nil: undefined });
const recordingCallback = fc.option(fc.record({ url, method: fc.option(method, { nil: undefined }), events: recordingEvents }), { nil: undefined });
const record: fc.Arbitrary<Step> = fc.tuple(url, fc.integer({ min: 1, max: 3600 }), fc.boolean(), recordingCallback).map(([action, maxLength, playBeep, callback]) => {
  const sdk = callback === undefined ? {} : {
    recordingStatusCallback: callback.url,
    ...(callback.method !== undefined && { recordingStatusCallbackMethod: callback.method }),
    ...(callback.events !== undefined && { recordingStatusCallbackEvent: callback.events }),
  };
  return {
    build: (r) => { r.record({ action, maxLength, playBeep, ...sdk }); },
    verb: { verb: 'Record', action, maxLength, playBeep, ...sdk },
  };
});
const ends: fc.Arbitrary<Step> = fc.constantFrom<Step>(
  { build: (r) => { r.hangup(); }, verb: { verb: 'Hangup' } },
  { build: (r) => { r.reject({ reason: 'busy' }); }, verb: { verb: 'Reject', reason: 'busy' } },
);
const redirect: fc.Arbitrary<Step> = url.map((u) => ({ build: (r) => { r.redirect(u); }, verb: { verb: 'Redirect', url: u } }));

test('property: any VoiceResponse built from supported builder calls reads back to the same verbs in order', () => {
  fc.assert(fc.property(fc.array(fc.oneof(say, play, pause, gather, dial, record, ends, redirect), { maxLength: 15 }), (steps) => {
    const r = new VoiceResponse();
    for (const step of steps) step.build(r);
    assert.deepEqual(voice(r.toString()), steps.map((s) => s.verb));
  }));
});

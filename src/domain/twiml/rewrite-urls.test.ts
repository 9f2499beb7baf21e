// Continuation rewriting: the app's XML and the typed verbs get the same references, under Twilio's
// defaults, and the XML stays the same document otherwise (escaping included). Documents are built with
// the official twilio SDK's TwiML builder, as an app would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import twilio from 'twilio';
import { readVoiceTwiml } from './read-twiml.ts';
import { referenceVerbContinuations, rewriteContinuations, type ContinuationSite } from './rewrite-urls.ts';
import type { VoiceVerb } from './verbs.ts';

const DOC = 'https://app.invalid/ivr/start?tenant=7';
/**
 * A reference that shows what it stands for, so tests can read it back. It is an http URL here (as a
 * carrier's step URL is once rendered), so the rewritten document can be read by the same reader.
 */
const STEP_URL = 'https://masq.invalid/webhooks/twilio/program?Step=';
const reference = (site: ContinuationSite): string => {
  const callback = site.recordingCallback ? ` + ${site.recordingCallback.method} ${site.recordingCallback.url} [${site.recordingCallback.events.join(' ')}]` : '';
  return `${STEP_URL}${Buffer.from(`${site.method} ${site.url}${callback}`).toString('base64url')}`;
};
const stood = (ref: string | undefined): string => Buffer.from((ref ?? '').replace(STEP_URL, ''), 'base64url').toString('utf8');

const verbsOf = (xml: string, baseUrl = DOC): readonly VoiceVerb[] => {
  const read = readVoiceTwiml(xml, { baseUrl });
  assert.equal(read.kind, 'ok', JSON.stringify(read));
  return read.kind === 'ok' ? read.verbs : [];
};

const rewritten = (xml: string): string => {
  const out = rewriteContinuations(xml, DOC, reference);
  assert.ok(out !== null);
  return out;
};

test('actions and Redirects become references to their resolved URL and method; the method attribute goes', () => {
  const app = new twilio.twiml.VoiceResponse();
  const gather = app.gather({ action: 'menu?step=2&x=1', method: 'GET', numDigits: 1 });
  gather.say('Press 1 & wait <here>');
  app.dial({ action: '/after-dial', timeout: 20 }).number('+14155550101');
  app.redirect({ method: 'POST' }, 'https://other.invalid/next');
  const out = rewritten(app.toString());
  assert.doesNotMatch(out, /method=/);
  const verbs = verbsOf(out);
  const [g, d, r] = verbs;
  assert.ok(g?.verb === 'Gather' && d?.verb === 'Dial' && r?.verb === 'Redirect');
  assert.equal(stood(g.action), 'GET https://app.invalid/ivr/menu?step=2&x=1');
  assert.equal(stood(d.action), 'POST https://app.invalid/after-dial');
  assert.equal(stood(r.url), 'POST https://other.invalid/next');
  assert.deepEqual(g.prompts, [{ verb: 'Say', text: 'Press 1 & wait <here>' }]);
});

test('a Gather or Record without an action continues at the document\'s own URL with POST (Twilio\'s default)', () => {
  const app = new twilio.twiml.VoiceResponse();
  app.gather({ numDigits: 4 });
  app.record({ maxLength: 30 });
  const [gather, record] = verbsOf(rewritten(app.toString()));
  assert.ok(gather?.verb === 'Gather' && record?.verb === 'Record');
  assert.equal(stood(gather.action), `POST ${DOC}`);
  assert.equal(stood(record.action), `POST ${DOC}`);
  assert.equal(record.maxLength, 30);
});

test('a Record\'s recordingStatusCallback leaves the XML and the verbs, and goes into its reference with Twilio\'s defaults', () => {
  const app = new twilio.twiml.VoiceResponse();
  app.record({ action: '/done', method: 'GET', recordingStatusCallback: 'rec?a=1&b=2', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['absent', 'completed'] });
  app.record({ recordingStatusCallback: 'https://hooks.invalid/rec', maxLength: 9 });
  app.record({ recordingStatusCallbackMethod: 'GET' });
  const xml = app.toString();
  const out = rewritten(xml);
  assert.doesNotMatch(out, /recordingStatusCallback|hooks\.invalid|rec\?a=1/);
  const [withAll, withDefaults, methodOnly] = verbsOf(out);
  assert.ok(withAll?.verb === 'Record' && withDefaults?.verb === 'Record' && methodOnly?.verb === 'Record');
  assert.equal(stood(withAll.action), 'GET https://app.invalid/done + GET https://app.invalid/ivr/rec?a=1&b=2 [absent completed]');
  assert.equal(stood(withDefaults.action), `POST ${DOC} + POST https://hooks.invalid/rec [completed]`);
  assert.deepEqual({ ...withDefaults, action: 'x' }, { verb: 'Record', action: 'x', maxLength: 9 });
  // A method without a callback URL names no callback; the attribute goes all the same.
  assert.equal(stood(methodOnly.action), `POST ${DOC}`);
  const typed = referenceVerbContinuations(verbsOf(xml), DOC, reference);
  assert.deepEqual(typed, verbsOf(out));
  assert.ok(typed.every((v) => !Object.keys(v).some((k) => k.startsWith('recordingStatusCallback'))));
  // Without a URL to continue at (a flow's Record without action) there is no step to carry it: it goes.
  assert.deepEqual(referenceVerbContinuations([{ verb: 'Record', recordingStatusCallback: 'https://hooks.invalid/rec' }], null, reference), [{ verb: 'Record' }]);
});

test('a Dial without an action is left alone (the call goes on with the next verb)', () => {
  const app = new twilio.twiml.VoiceResponse();
  app.dial({ callerId: '+14155550100' }, '+14155550101');
  app.say('After the dial');
  const verbs = verbsOf(rewritten(app.toString()));
  assert.deepEqual(verbs, [
    { verb: 'Dial', callerId: '+14155550100', targets: [{ kind: 'number', number: '+14155550101' }] },
    { verb: 'Say', text: 'After the dial' },
  ]);
});

test('the typed verbs get the same references as the XML', () => {
  const app = new twilio.twiml.VoiceResponse();
  app.gather({ action: '/g', method: 'GET' }).play('https://cdn.invalid/a.mp3');
  app.record({ action: 'https://rec.invalid/done', playBeep: false });
  app.redirect('/loop');
  const original = verbsOf(app.toString());
  assert.deepEqual(referenceVerbContinuations(original, DOC, reference), verbsOf(rewritten(app.toString())));
});

test('without a document URL (a flow), a missing action stays missing', () => {
  assert.deepEqual(referenceVerbContinuations([{ verb: 'Gather', numDigits: 1, prompts: [] }], null, reference), [{ verb: 'Gather', numDigits: 1, prompts: [] }]);
});

test('text and attributes keep XML\'s special characters, escaped', () => {
  const xml = '<Response><Say voice="alice" language="en-US">Tom &amp; Jerry say "hi" &lt;3 &#38; \'bye\'</Say><Play>https://cdn.invalid/a.mp3?x=1&amp;y=2</Play></Response>';
  const out = rewritten(xml);
  assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
  assert.deepEqual(verbsOf(out), verbsOf(xml));
});

test('what is not well-formed is not rewritten', () => {
  assert.equal(rewriteContinuations('<Response><Say>', DOC, reference), null);
});

// Printable text with XML's special characters, never blank (a Say needs text).
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');
const path = fc.constantFrom('next', '/abs?x=1&y=2', 'https://other.invalid/p?q="a"', '../up');
const method = fc.constantFrom<'GET' | 'POST' | undefined>('GET', 'POST', undefined);

type Callback = { url: string; method: 'GET' | 'POST' | undefined; events: ('completed' | 'absent')[] | undefined };
type Step =
  | { kind: 'say'; text: string }
  | { kind: 'gather' | 'dial'; action: string | undefined; method: 'GET' | 'POST' | undefined }
  | { kind: 'record'; action: string | undefined; method: 'GET' | 'POST' | undefined; callback: Callback | undefined }
  | { kind: 'redirect'; url: string; method: 'GET' | 'POST' | undefined };

const callback: fc.Arbitrary<Callback | undefined> = fc.option(fc.record({
  url: path, method, events: fc.option(fc.subarray(['completed' as const, 'absent' as const], { minLength: 1 }), { nil: undefined }),
}), { nil: undefined });

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('say' as const), text }),
  fc.record({ kind: fc.constantFrom('gather' as const, 'dial' as const), action: fc.option(path, { nil: undefined }), method }),
  fc.record({ kind: fc.constant('record' as const), action: fc.option(path, { nil: undefined }), method, callback }),
  fc.record({ kind: fc.constant('redirect' as const), url: path, method }),
);

const callbackAttributes = (c: Callback | undefined) => (c === undefined ? {} : {
  recordingStatusCallback: c.url,
  ...(c.method !== undefined && { recordingStatusCallbackMethod: c.method }),
  ...(c.events !== undefined && { recordingStatusCallbackEvent: c.events }),
});

const build = (steps: readonly Step[]): string => {
  const app = new twilio.twiml.VoiceResponse();
  for (const s of steps) {
    if (s.kind === 'say') {
      app.say(s.text);
      continue;
    }
    const method = s.method ? { method: s.method } : {};
    if (s.kind === 'redirect') {
      app.redirect(method, s.url);
      continue;
    }
    const attrs = { ...method, ...(s.action !== undefined && { action: s.action }) };
    if (s.kind === 'gather') app.gather(attrs).say('Choose');
    else if (s.kind === 'record') app.record({ ...attrs, ...callbackAttributes(s.callback) });
    else app.dial(attrs).number('+14155550101');
  }
  return app.toString();
};

test('property: reading the rewritten XML gives the referenced verbs of the original, for any document', () => {
  fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
    const xml = build(steps);
    const out = rewritten(xml);
    assert.deepEqual(verbsOf(out), referenceVerbContinuations(verbsOf(xml), DOC, reference));
    assert.doesNotMatch(out, /recordingStatusCallback/);
  }));
});

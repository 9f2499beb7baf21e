// A programmable call's plan verb in each carrier's markup: the app's own TwiML passed through with masq's
// step URLs in place of its step references (Twilio, SignalWire), or its verbs rendered (flows, and TeXML).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import { stepReference } from '../../domain/programmable/continuation.ts';
import { readVoiceTwiml } from '../../domain/twiml/read-twiml.ts';
import type { VoiceVerb } from '../../domain/twiml/verbs.ts';
import { renderPassThrough } from './pass-through.ts';
import { renderPlanTwiml, statusUrlsUnder, type StatusUrls } from './render-plan.ts';

const T1 = 'eyJ0IjoiTlQxIn0.c2lnbmF0dXJl-_1';
const T2 = 'eyJ0IjoiTlQyIn0.b3RoZXI';
/** A step URL whose query holds '&' next to the token, so escaping is visible. */
const stepUrl = (token: string): string => `https://masq.invalid/webhooks/twilio/program?Step=${token}&v=1`;
const urls: StatusUrls = { ...statusUrlsUnder('https://masq.invalid/webhooks/twilio'), programStep: stepUrl };

const programPlan = (verbs: readonly VoiceVerb[], passThrough: string | null): { plan: CallPlan; verb: PlanVerb } => {
  const verb: PlanVerb = { verb: 'program', trafficSid: 'NT0123456789abcdef0123456789abcdef', verbs, passThrough };
  return { plan: { channel: 'voice', interactionSid: null, verbs: [verb], refusal: null }, verb };
};

const APP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="a>b">Menu &amp; more</Say>
  <Gather action="${stepReference(T1)}" method="GET" numDigits="1"><Say>Press 1</Say></Gather>
  <Pay paymentConnector="x"/>
  <!-- masq-step:in-a-comment stays -->
  <Redirect method="GET">${stepReference(T2)}</Redirect>
</Response>`;

test('pass-through: the app\'s TwiML as it was, each step reference now masq\'s step URL, escaped where it stands', () => {
  const { body, contentType } = renderPassThrough(APP_XML, stepUrl);
  assert.equal(contentType, 'text/xml');
  assert.equal(body, `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="a>b">Menu &amp; more</Say>
  <Gather action="https://masq.invalid/webhooks/twilio/program?Step=${T1}&amp;v=1" method="POST" numDigits="1"><Say>Press 1</Say></Gather>
  <Pay paymentConnector="x"/>
  <!-- masq-step:in-a-comment stays -->
  <Redirect method="POST">https://masq.invalid/webhooks/twilio/program?Step=${T2}&amp;v=1</Redirect>
</Response>`);
  assert.equal(XMLValidator.validate(body), true);
});

test('pass-through: what Twilio reads from it is the step URL itself, & and all', () => {
  const xml = renderPassThrough(`<Response><Gather action="${stepReference(T1)}"/><Redirect>${stepReference(T2)}</Redirect></Response>`, stepUrl).body;
  assert.deepEqual(readVoiceTwiml(xml), {
    kind: 'ok',
    verbs: [{ verb: 'Gather', action: stepUrl(T1), prompts: [] }, { verb: 'Redirect', url: stepUrl(T2) }],
  });
});

test('pass-through: single-quoted attributes, CDATA text, and an element asking GET with no step reference', () => {
  const quoted = (token: string): string => `https://masq.invalid/p?Step=${token}&q='x'`;
  const xml = `<Response><Record action='${stepReference(T1)}' method='GET'/><Redirect><![CDATA[${stepReference(T2)}]]></Redirect>`
    + '<Dial action="https://app.invalid/after" method="GET"><Number>+14155550002</Number></Dial></Response>';
  const body = renderPassThrough(xml, quoted).body;
  assert.equal(body, `<Response><Record action='https://masq.invalid/p?Step=${T1}&amp;q=&apos;x&apos;' method="POST"/>`
    + `<Redirect><![CDATA[https://masq.invalid/p?Step=${T2}&q='x']]></Redirect>`
    + '<Dial action="https://app.invalid/after" method="GET"><Number>+14155550002</Number></Dial></Response>');
  const parsed: unknown = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(body);
  assert.deepEqual(parsed, {
    Response: {
      Record: { action: `https://masq.invalid/p?Step=${T1}&q='x'`, method: 'POST' },
      Redirect: `https://masq.invalid/p?Step=${T2}&q='x'`,
      Dial: { action: 'https://app.invalid/after', method: 'GET', Number: 14155550002 },
    },
  });
});

test('property: a document without step references passes through byte for byte, whatever its markup', () => {
  const piece = fc.oneof(fc.string(), fc.constantFrom('<', '>', '"', "'", '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '/>', '</', 'method="GET"', 'masq-step'));
  fc.assert(fc.property(fc.array(piece), (pieces) => {
    const xml = pieces.join('');
    fc.pre(!xml.includes('masq-step:'));
    assert.equal(renderPassThrough(xml, stepUrl).body, xml);
  }), { numRuns: 500 });
});

test('a Twilio-shaped carrier answers the pass-through; without one (a flow) the verbs, with step URLs', () => {
  const verbs: VoiceVerb[] = [
    { verb: 'Gather', action: stepReference(T1), method: 'GET', numDigits: 1, prompts: [{ verb: 'Say', text: 'Press 1' }] },
    { verb: 'Redirect', url: stepReference(T2), method: 'GET' },
  ];
  const withApp = programPlan(verbs, `<Response><Redirect>${stepReference(T2)}</Redirect></Response>`);
  assert.equal(renderPlanTwiml(withApp.plan, [withApp.verb], urls).body, `<Response><Redirect>https://masq.invalid/webhooks/twilio/program?Step=${T2}&amp;v=1</Redirect></Response>`);
  const flow = programPlan(verbs, null);
  assert.equal(renderPlanTwiml(flow.plan, [flow.verb], urls).body, '<?xml version="1.0" encoding="UTF-8"?><Response>'
    + `<Gather numDigits="1" action="https://masq.invalid/webhooks/twilio/program?Step=${T1}&amp;v=1"><Say>Press 1</Say></Gather>`
    + `<Redirect>https://masq.invalid/webhooks/twilio/program?Step=${T2}&amp;v=1</Redirect></Response>`);
});

test('TeXML always gets the verbs, translated; continuations are POSTed step URLs', () => {
  const verbs: VoiceVerb[] = [
    { verb: 'Dial', action: stepReference(T1), method: 'GET', timeout: 3, targets: [{ kind: 'number', number: '+14155550002', sendDigits: '9' }] },
  ];
  const { plan, verb } = programPlan(verbs, `<Response><Dial action="${stepReference(T1)}">+14155550002</Dial></Response>`);
  assert.equal(renderPlanTwiml(plan, [verb], urls, 'texml').body, '<?xml version="1.0" encoding="UTF-8"?><Response>'
    + `<Dial timeout="5" action="https://masq.invalid/webhooks/twilio/program?Step=${T1}&amp;v=1"><Number>+14155550002</Number></Dial></Response>`);
});

test('the real step URL: under the account\'s webhook base, the token as the Step query parameter', () => {
  const real = statusUrlsUnder('https://masq.invalid/webhooks/twilio');
  const { plan, verb } = programPlan([{ verb: 'Record', action: stepReference(T1) }], null);
  assert.match(renderPlanTwiml(plan, [verb], real).body, new RegExp(`<Record action="https://masq\\.invalid/webhooks/twilio/program\\?Step=${T1.replace(/\./g, '\\.')}"/>`));
});

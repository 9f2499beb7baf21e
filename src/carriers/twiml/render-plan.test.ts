// Our TwiML for call plans against the official SDK's builders (twilio.twiml): equal XML for equal
// inputs, so a message body can never become a verb, and Twilio reads exactly what its own library would write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { markupPlan, refusePlan, replyPlan, type CallPlan } from '../../domain/call-plan.ts';
import { renderPlanTwiml, statusUrlsUnder, type Twiml } from './render-plan.ts';

const BASE = 'https://masq.example.com';
const KI = 'KI0123456789abcdef0123456789abcdef';
const STATUS = `${BASE}/webhooks/twilio/message-status?Interaction=${KI}`;
const DIAL = `${BASE}/webhooks/twilio/dial-status?Interaction=${KI}`;
const HOSTILE = `</Message><Dial>+19005550000</Dial> & "quotes" 'single' <![CDATA[x]]> \t tab\r\nline`;

interface Forward {
  readonly channel: 'message' | 'voice';
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** False when masq carried the forward out by API: nothing is left for the answer. */
  readonly inReply: boolean;
}

const forward = (over: Partial<Forward>): Forward => ({ channel: 'message', from: '+14155551212', to: '+14155550002', body: 'hi', mediaUrls: [], inReply: true, ...over });

const forwardPlan = (f: Forward): CallPlan => ({
  channel: f.channel,
  interactionSid: KI,
  verbs: f.channel === 'message'
    ? [{ verb: 'message', carrier: 'twilio', from: f.from, to: f.to, body: f.body, mediaUrls: f.mediaUrls, reply: false }]
    : [{ verb: 'dial', callerId: f.from, to: f.to, timeoutSeconds: null }],
  refusal: null,
});

const urls = statusUrlsUnder(`${BASE}/webhooks/twilio`);

/** Renders a forward, or any plan with all its verbs in the answer. */
const render = (what: Forward | CallPlan): Twiml => {
  if ('verbs' in what) return renderPlanTwiml(what, what.verbs, urls);
  const plan = forwardPlan(what);
  return renderPlanTwiml(plan, what.inReply ? plan.verbs : [], urls);
};

test('an SMS forward is <Message to from action> with the body as text, as the SDK writes it', () => {
  for (const body of ['hi', HOSTILE, 'emoji 🚕 and é', '']) {
    const sdk = new twilio.twiml.MessagingResponse();
    sdk.message({ to: '+14155550002', from: '+14155551212', action: STATUS }, body);
    const ours = render(forward({ body }));
    assert.equal(ours.body, sdk.toString());
    assert.equal(ours.contentType, 'text/xml');
  }
});

test('a hostile body stays text: one <Message>, no <Dial>', () => {
  const xml = render(forward({ body: HOSTILE })).body;
  assert.equal(xml.match(/<Message[ >]/g)?.length, 1);
  assert.ok(!xml.includes('<Dial>'));
  assert.ok(xml.includes('&lt;/Message&gt;&lt;Dial&gt;'));
});

test('an MMS forward carries <Body> and one <Media> per URL', () => {
  const mediaUrls = ['https://media.example/1.jpg?a=1&b=2', 'https://media.example/2.png'];
  const sdk = new twilio.twiml.MessagingResponse();
  const message = sdk.message({ to: '+14155550002', from: '+14155551212', action: STATUS }, '');
  message.body(HOSTILE);
  for (const url of mediaUrls) message.media(url);
  assert.equal(render(forward({ body: HOSTILE, mediaUrls })).body, sdk.toString());

  const imageOnly = new twilio.twiml.MessagingResponse();
  imageOnly.message({ to: '+14155550002', from: '+14155551212', action: STATUS }, '').media(mediaUrls[0] ?? '');
  assert.equal(render(forward({ body: '', mediaUrls: mediaUrls.slice(0, 1) })).body, imageOnly.toString());
});

test('a call forward is <Dial callerId answerOnBridge action><Number>', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.dial({ callerId: '+14155551212', answerOnBridge: true, action: DIAL }).number('+14155550002');
  assert.equal(render(forward({ channel: 'voice', body: '' })).body, sdk.toString());
});

test('attribute values are escaped like the SDK: a "to" cannot close its attribute', () => {
  const to = 'whatsapp:+1" action="https://evil.example\t<&>\n';
  const sdk = new twilio.twiml.MessagingResponse();
  sdk.message({ to, from: '+14155551212', action: STATUS }, 'x');
  assert.equal(render(forward({ to, body: 'x' })).body, sdk.toString());
});

test('a forward masq already sent by API answers the empty response', () => {
  assert.equal(render(forward({ inReply: false })).body, new twilio.twiml.MessagingResponse().toString());
  assert.equal(render(forward({ channel: 'voice', inReply: false })).body, new twilio.twiml.VoiceResponse().toString());
});

test('a reply goes back to the sender as <Message>, or is spoken then hung up', () => {
  const sms = new twilio.twiml.MessagingResponse();
  sms.message(HOSTILE);
  assert.equal(render(replyPlan('message', 'twilio', '+14155550999', '+14155551212', HOSTILE)).body, sms.toString());
  const voice = new twilio.twiml.VoiceResponse();
  voice.say(HOSTILE);
  voice.hangup();
  assert.equal(render(replyPlan('voice', 'twilio', '+14155550999', '+14155551212', HOSTILE)).body, voice.toString());
});

test('nothing: the empty response for SMS, <Reject/> for a call', () => {
  assert.equal(render(refusePlan('message', 'unknown-scenario', 'no session')).body, new twilio.twiml.MessagingResponse().toString());
  const reject = new twilio.twiml.VoiceResponse();
  reject.reject();
  assert.equal(render(refusePlan('voice', 'no-active-session', 'no session')).body, reject.toString());
});

test("the customer's own markup passes through untouched", () => {
  const body = '<?xml version="1.0"?><Response><Say>Closed</Say></Response>';
  assert.deepEqual(render(markupPlan('voice', 'application/xml', body)), { contentType: 'application/xml', body });
});

test('characters XML cannot carry are dropped rather than breaking the document', () => {
  const xml = render(forward({ body: 'a\u0000b\u0007c\uFFFEd\uD800e 🚕' })).body;
  assert.ok(xml.includes('>abcde 🚕</Message>'), xml);
});

test('a dial with a timeout carries it; say and play are spoken and played, then the call hangs up', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.say('Connecting you');
  sdk.play('https://media.invalid/tone.mp3');
  sdk.dial({ callerId: '+14155551212', answerOnBridge: true, action: DIAL, timeout: 20 }).number('+14155550002');
  sdk.hangup();
  const plan: CallPlan = {
    channel: 'voice', interactionSid: KI, refusal: null,
    verbs: [
      { verb: 'say', text: 'Connecting you' }, { verb: 'play', url: 'https://media.invalid/tone.mp3' },
      { verb: 'dial', callerId: '+14155551212', to: '+14155550002', timeoutSeconds: 20 }, { verb: 'hangup' },
    ],
  };
  assert.equal(render(plan).body, sdk.toString());
});

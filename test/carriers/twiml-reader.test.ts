// The contract suite reads masq's TwiML/TeXML answers with its own small reader: it must read back exactly
// what twilio's own builders write (escaping included), and refuse what is not well-formed, or a bug in
// masq's markup could pass unseen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { readAnswer } from './drivers/twiml-reader.ts';

const HOSTILE = 'a < b & "c" > \'d\'\r\n\t</Message><Dial>+19005550000</Dial> 🚗';

test('messages written by twilio.twiml read back as written: attributes, text, <Body> and <Media>', () => {
  const sdk = new twilio.twiml.MessagingResponse();
  sdk.message({ to: '+14155550202', from: '+14155553434', action: 'https://masq.invalid/webhooks/t/message-status?Interaction=KI1&x="y"' }, HOSTILE);
  const mms = sdk.message({ to: '+14155550101', from: '+14155551212' }, '');
  mms.body(HOSTILE);
  mms.media('https://media.invalid/a.jpg?size=large&v=2');
  sdk.message('a reply');
  assert.deepEqual(readAnswer(sdk.toString()), {
    messages: [
      { to: '+14155550202', from: '+14155553434', action: 'https://masq.invalid/webhooks/t/message-status?Interaction=KI1&x="y"', body: HOSTILE, mediaUrls: [] },
      { to: '+14155550101', from: '+14155551212', action: null, body: HOSTILE, mediaUrls: ['https://media.invalid/a.jpg?size=large&v=2'] },
      { to: null, from: null, action: null, body: 'a reply', mediaUrls: [] },
    ],
    dials: [],
    verbs: ['Message', 'Message', 'Message'],
  });
});

test('a <Dial> written by twilio.twiml reads back with its caller id, action and number; other verbs by name', () => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.say('hello & welcome');
  sdk.dial({ callerId: '+14155553434', answerOnBridge: true, action: 'https://masq.invalid/webhooks/t/dial-status?Interaction=KI2' }).number('+14155550202');
  sdk.reject();
  assert.deepEqual(readAnswer(sdk.toString()), {
    messages: [],
    dials: [{ callerId: '+14155553434', action: 'https://masq.invalid/webhooks/t/dial-status?Interaction=KI2', numbers: ['+14155550202'] }],
    verbs: ['Say', 'Dial', 'Reject'],
  });
});

test('what is not well-formed markup, or not a <Response>, is refused', () => {
  for (const xml of ['', '<Response>', '<Response><Message>a & b</Message></Response>', '<Response><Message>x</Dial></Response>',
    '<Response></Response>trailing', '<Response a="1" a="2"/>', '<Response><Message>&bogus;</Message></Response>', '<Other/>']) {
    assert.throws(() => readAnswer(xml), Error, JSON.stringify(xml));
  }
  assert.deepEqual(readAnswer('<?xml version="1.0" encoding="UTF-8"?><Response/>'), { messages: [], dials: [], verbs: [] });
});

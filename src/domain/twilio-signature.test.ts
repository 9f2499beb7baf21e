import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature.ts';

const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };

test("matches Twilio's published test vector", () => {
  assert.equal(twilioSignature('12345', url, params), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
});

test('the official SDK accepts what we sign, including repeated keys and unicode', () => {
  const tricky = { Body: 'héllo </Message> & ✓', MediaUrl: ['https://b/2.png', 'https://a/1.png'], To: '+14155551212' };
  const signature = twilioSignature('token', 'https://masq.example/cb?x=1', tricky);
  assert.ok(twilio.validateRequest('token', signature, 'https://masq.example/cb?x=1', tricky));
});

test('a wrong token, URL or parameter fails verification', () => {
  const signature = twilioSignature('12345', url, params);
  assert.ok(isValidTwilioSignature('12345', signature, url, params));
  assert.ok(!isValidTwilioSignature('54321', signature, url, params));
  assert.ok(!isValidTwilioSignature('12345', signature, `${url}&x=1`, params));
  assert.ok(!isValidTwilioSignature('12345', signature, url, { ...params, Digits: '1235' }));
  assert.ok(!isValidTwilioSignature('12345', 'short', url, params));
});

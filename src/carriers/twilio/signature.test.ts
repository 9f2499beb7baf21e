// Our verifier against the official SDK: what twilio.getExpectedTwilioSignature signs, and the URL
// spellings twilio.validateRequest accepts, we accept; anything else we refuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import { signatureUrlCandidates, verifyTwilioSignature } from './signature.ts';

const TOKEN = '0123456789abcdef0123456789abcdef';
const params = { MessageSid: 'SM123', From: '+14155550001', To: '+14155551212', Body: 'héllo </Message> & ✓', NumMedia: '0' };

test("Twilio's published vector verifies", () => {
  const vector = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
  assert.ok(verifyTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', 'https://mycompany.com/myapp.php?foo=1&bar=2', vector));
});

test('a signature made by the SDK verifies, over the URL with its query', () => {
  const url = 'https://masq.example.com/webhooks/twilio/message-status?Interaction=KI123';
  assert.ok(verifyTwilioSignature(TOKEN, twilio.getExpectedTwilioSignature(TOKEN, url, params), url, params));
});

test('missing, wrong token, other URL, changed or extra parameter: refused', () => {
  const url = 'https://masq.example.com/webhooks/twilio/sms';
  const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
  assert.equal(verifyTwilioSignature(TOKEN, undefined, url, params), false);
  assert.equal(verifyTwilioSignature(TOKEN, '', url, params), false);
  assert.equal(verifyTwilioSignature('another-token-entirely', signature, url, params), false);
  assert.equal(verifyTwilioSignature(TOKEN, signature, 'https://masq.example.com/webhooks/twilio/voice', params), false);
  assert.equal(verifyTwilioSignature(TOKEN, signature, `${url}?Interaction=KI1`, params), false);
  assert.equal(verifyTwilioSignature(TOKEN, signature, url, { ...params, Body: 'hello' }), false);
  assert.equal(verifyTwilioSignature(TOKEN, signature, url, { ...params, Extra: '1' }), false);
});

test('the number configured with or without the default port verifies either way, as validateRequest does', () => {
  const cases = [
    ['https://masq.example.com:443/webhooks/twilio/sms', 'https://masq.example.com/webhooks/twilio/sms'],
    ['https://masq.example.com/webhooks/twilio/sms', 'https://masq.example.com:443/webhooks/twilio/sms'],
    ['http://masq.example.com:80/webhooks/twilio/sms', 'http://masq.example.com/webhooks/twilio/sms'],
  ] as const;
  for (const [signedUrl, receivedUrl] of cases) {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, params);
    assert.equal(twilio.validateRequest(TOKEN, signature, receivedUrl, params), true, `SDK: ${signedUrl} vs ${receivedUrl}`);
    assert.equal(verifyTwilioSignature(TOKEN, signature, receivedUrl, params), true, `masq: ${signedUrl} vs ${receivedUrl}`);
  }
});

test('URL spellings agree with validateRequest in both directions, for normalised and legacy-escaped queries', () => {
  const received = "https://masq.example.com/webhooks/twilio/sms?Note=it's a b";
  const signedAs = [received, new URL(received).toString(), 'https://masq.example.com/webhooks/twilio/sms?Note=it%27s%20a%20b', 'https://masq.example.com:8443/webhooks/twilio/sms'];
  const accepted = signedAs.filter((signedUrl) => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, params);
    const ours = verifyTwilioSignature(TOKEN, signature, received, params);
    assert.equal(ours, twilio.validateRequest(TOKEN, signature, received, params), signedUrl);
    return ours;
  });
  // As received, normalised and legacy-escaped are accepted; another port is not.
  assert.deepEqual(accepted, signedAs.slice(0, 3));
});

test('repeated keys are signed value by value, as the SDK does', () => {
  const url = 'https://masq.example.com/webhooks/twilio/sms';
  const repeated = { ...params, MediaUrl: ['https://b/2.png', 'https://a/1.png'] };
  assert.ok(verifyTwilioSignature(TOKEN, twilio.getExpectedTwilioSignature(TOKEN, url, repeated), url, repeated));
});

test('candidates keep the URL as received first and never repeat one', () => {
  const candidates = signatureUrlCandidates('https://h.example/p?a=1');
  assert.equal(candidates[0], 'https://h.example/p?a=1');
  assert.ok(candidates.includes('https://h.example:443/p?a=1'));
  assert.equal(new Set(candidates).size, candidates.length);
  assert.deepEqual(signatureUrlCandidates('not a url'), ['not a url']);
});

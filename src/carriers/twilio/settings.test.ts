// A Twilio account in configuration ("type": "twilio" in MASQ_CARRIERS / `carriers`), as an operator sees
// it: its fields, their checks and defaults, and the account masq builds from them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountsLoader } from '../../../test/support/carrier-settings.ts';
import twilio from 'twilio';
import { TWILIO_CARRIER } from './carrier-type.ts';
import { TWILIO_SETTINGS } from './settings.ts';

const SID = `AC${'c'.repeat(32)}`;
const TOKEN = 'twilio-token-0123456789';
const account = { type: 'twilio', name: 'twilio-us', accountSid: SID, authToken: TOKEN };

const { load, problemsOf } = accountsLoader(TWILIO_SETTINGS);

test('a Twilio account takes Twilio\'s API URL unless it names another, kept without a trailing slash', () => {
  assert.deepEqual(load([account]), [{ type: 'twilio', name: 'twilio-us', settings: { accountSid: SID, authToken: TOKEN, apiUrl: 'https://api.twilio.com', numbersApiUrl: null } }]);
  assert.equal(load([{ ...account, apiUrl: 'http://127.0.0.1:9999/' }])[0]?.settings.apiUrl, 'http://127.0.0.1:9999');
});

test('the SID and token are required and checked; the problems name the account and the field, never the token', () => {
  assert.deepEqual(problemsOf([{ type: 'twilio', name: 'twilio-us' }]), [
    'MASQ_CARRIERS: account "twilio-us" field accountSid: is required',
    'MASQ_CARRIERS: account "twilio-us" field authToken: is required',
  ]);
  const problems = problemsOf([{ ...account, accountSid: 'AC123', authToken: 'sEcReT' }]);
  assert.deepEqual(problems, [
    'MASQ_CARRIERS: account "twilio-us" field accountSid: must be AC followed by 32 hex digits',
    'MASQ_CARRIERS: account "twilio-us" field authToken: must be at least 8 characters',
  ]);
  assert.doesNotMatch(problems.join('\n'), /sEcReT/);
  assert.deepEqual(problemsOf([{ ...account, accountSid: ' ' }]), ['MASQ_CARRIERS: account "twilio-us" field accountSid: must not be empty']);
});

test('a misspelt field is an error that lists a Twilio account\'s fields', () => {
  assert.deepEqual(problemsOf([{ ...account, authtoken: TOKEN }]), [
    'MASQ_CARRIERS: account "twilio-us": unknown field "authtoken" (a twilio account has type, name, accountSid, authToken, apiUrl, numbersApiUrl)',
  ]);
});

test('the account built from the settings is a Twilio one whose webhooks are checked with the auth token', () => {
  const [settings] = load([account]);
  assert.ok(settings);
  const built = TWILIO_CARRIER.create(settings, 'https://masq.invalid/webhooks/twilio-us');
  assert.equal(built.name, 'twilio-us');
  assert.equal(built.type, 'twilio');
  const url = 'https://masq.invalid/webhooks/twilio-us/sms';
  const params = { MessageSid: `SM${'1'.repeat(32)}`, From: '+14155550101', To: '+14155551212', Body: 'hi' };
  const request = (token: string) => ({
    path: 'sms', url, query: {}, contentType: 'application/x-www-form-urlencoded',
    headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params) },
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
  });
  assert.equal(built.webhooks?.verify(request(TOKEN), new Date()), null);
  assert.notEqual(built.webhooks?.verify(request('another-token-entirely'), new Date()), null);
});

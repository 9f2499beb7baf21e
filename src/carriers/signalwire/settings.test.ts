// A SignalWire account in configuration ("type": "signalwire"), as an operator sees it: its fields, their
// checks, and the account masq builds from them (webhooks checked with the Signing Key, not the API token).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountsLoader } from '../../../test/support/carrier-settings.ts';
import twilio from 'twilio';
import { SIGNALWIRE_CARRIER } from './carrier-type.ts';
import { SIGNALWIRE_SETTINGS } from './settings.ts';

const PROJECT_ID = '0817ff0d-7dc7-42a8-b1ec-0d030a7575ac';
const account = {
  type: 'signalwire', name: 'signalwire', projectId: PROJECT_ID, apiToken: 'PTsEcReT-api-token', signingKey: 'PSKsEcReT-signing-key',
  spaceUrl: 'https://example.signalwire.invalid/',
};

const { load, problemsOf } = accountsLoader(SIGNALWIRE_SETTINGS);

test('a SignalWire account keeps its space URL without the trailing slash', () => {
  assert.deepEqual(load([account]), [{
    type: 'signalwire', name: 'signalwire',
    settings: { projectId: PROJECT_ID, apiToken: account.apiToken, signingKey: account.signingKey, spaceUrl: 'https://example.signalwire.invalid' },
  }]);
});

test('every field is required and checked; the problems name the account and the field, never a secret', () => {
  const problems = problemsOf([{ type: 'signalwire', name: 'sw', projectId: 'project', apiToken: account.apiToken, spaceUrl: 'ftp://space.invalid' }]);
  assert.deepEqual(problems, [
    'MASQ_CARRIERS: account "sw" field projectId: must be a UUID such as 8c4b1a2e-6f0d-4e5b-9a7c-3d2e1f0a9b8c',
    'MASQ_CARRIERS: account "sw" field signingKey: is required',
    'MASQ_CARRIERS: account "sw" field spaceUrl: must be an http or https URL',
  ]);
  assert.doesNotMatch(problems.join('\n'), /sEcReT/);
  assert.deepEqual(problemsOf([{ ...account, spaceUrl: '' }]), ['MASQ_CARRIERS: account "signalwire" field spaceUrl: must not be empty']);
});

test('a misspelt field is an error that lists a SignalWire account\'s fields', () => {
  assert.deepEqual(problemsOf([{ ...account, signing_key: 'x' }]), [
    'MASQ_CARRIERS: account "signalwire": unknown field "signing_key" (a signalwire account has type, name, projectId, apiToken, signingKey, spaceUrl)',
  ]);
});

test('the account built from the settings is a SignalWire one whose webhooks are checked with the Signing Key', () => {
  const [settings] = load([account]);
  assert.ok(settings);
  const built = SIGNALWIRE_CARRIER.create(settings, 'https://masq.invalid/webhooks/signalwire');
  assert.equal(built.name, 'signalwire');
  assert.equal(built.type, 'signalwire');
  const url = 'https://masq.invalid/webhooks/signalwire/sms';
  const params = { MessageSid: 'b3877c40-da60-4998-90ad-b792e98472af', From: '+14155550101', To: '+14155551212', Body: 'hi' };
  const request = (key: string) => ({
    path: 'sms', url, query: {}, contentType: 'application/x-www-form-urlencoded',
    headers: { 'x-signalwire-signature': twilio.getExpectedTwilioSignature(key, url, params) },
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
  });
  assert.equal(built.webhooks?.verify(request(account.signingKey), new Date()), null);
  assert.notEqual(built.webhooks?.verify(request(account.apiToken), new Date()), null);
});

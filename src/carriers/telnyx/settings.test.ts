// A Telnyx account in configuration ("type": "telnyx"), as an operator sees it: its fields, their checks
// (a public key of the wrong length fails at start, not at every webhook) and defaults, and the account
// masq builds from them.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { accountsLoader } from '../../../test/support/carrier-settings.ts';
import { signedTelnyxRequest, telnyxSigningKeys, telnyxWebhook } from '../../../test/support/fake-telnyx-api.ts';
import { TELNYX_CARRIER } from './carrier-type.ts';
import { TELNYX_SETTINGS } from './settings.ts';

const keys = telnyxSigningKeys();
const account = { type: 'telnyx', name: 'telnyx', apiKey: 'KEYsEcReT-api-key', publicKey: keys.publicKey };

const { load, problemsOf } = accountsLoader(TELNYX_SETTINGS);

test('a Telnyx account defaults its API URL and has no messaging profile unless given one', () => {
  assert.deepEqual(load([account]), [{
    type: 'telnyx', name: 'telnyx',
    settings: { apiKey: account.apiKey, publicKey: keys.publicKey, apiUrl: 'https://api.telnyx.com', messagingProfileId: null, connectionId: null },
  }]);
  const given = load([{ ...account, messagingProfileId: 'profile-1', connectionId: 'connection-1', apiUrl: 'http://[::1]:8080/' }]);
  assert.deepEqual(given[0]?.settings, {
    apiKey: account.apiKey, publicKey: keys.publicKey, apiUrl: 'http://[::1]:8080', messagingProfileId: 'profile-1', connectionId: 'connection-1',
  });
});

test('a Telnyx public key must be base64 of exactly 32 bytes', () => {
  assert.deepEqual(problemsOf([{ ...account, publicKey: Buffer.alloc(16, 1).toString('base64') }]), [
    'MASQ_CARRIERS: account "telnyx" field publicKey: must be the base64 of a 32-byte ed25519 public key (this one decodes to 16 bytes)',
  ]);
  assert.deepEqual(problemsOf([{ ...account, publicKey: 'not base64!' }]), [
    'MASQ_CARRIERS: account "telnyx" field publicKey: must be base64 (the public key shown in the Telnyx portal)',
  ]);
});

test('the API key and public key are required; the problems name the account and the field, never the key', () => {
  const problems = problemsOf([{ type: 'telnyx', name: 'telnyx', apiKey: ' ' }, { ...account, name: 'telnyx-eu', api_key: account.apiKey }]);
  assert.deepEqual(problems, [
    'MASQ_CARRIERS: account "telnyx" field apiKey: must not be empty',
    'MASQ_CARRIERS: account "telnyx" field publicKey: is required',
    'MASQ_CARRIERS: account "telnyx-eu": unknown field "api_key" (a telnyx account has type, name, apiKey, publicKey, apiUrl, messagingProfileId, connectionId)',
  ]);
  assert.doesNotMatch(problems.join('\n'), /sEcReT/);
});

test('the account built from the settings is a Telnyx one whose webhooks are checked with the public key', () => {
  const [settings] = load([account]);
  assert.ok(settings);
  const built = TELNYX_CARRIER.create(settings, 'https://masq.invalid/webhooks/telnyx');
  assert.equal(built.name, 'telnyx');
  assert.equal(built.type, 'telnyx');
  assert.deepEqual(built.delivery, { message: 'api', voice: 'in-reply' });
  const body = JSON.stringify({ data: { event_type: 'message.received', id: 'ev-1', payload: { text: 'hi' } } });
  const now = new Date();
  const signedBy = (privateKey: typeof keys.privateKey) => signedTelnyxRequest(privateKey, body, Math.floor(now.getTime() / 1000));
  assert.equal(built.webhooks?.verify(telnyxWebhook('messaging', body, { headers: signedBy(keys.privateKey) }), now), null);
  assert.notEqual(built.webhooks?.verify(telnyxWebhook('messaging', body, { headers: signedBy(telnyxSigningKeys().privateKey) }), now), null);
});

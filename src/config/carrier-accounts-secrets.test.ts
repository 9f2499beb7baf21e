// A rejected carrier account never shows a value: tokens, keys and signing keys end up in logs and
// terminals read by more people than their owner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

const SECRETS = { authToken: 'sEcReT-auth-token', apiToken: 'sEcReT-api-token', signingKey: 'sEcReT-signing-key', apiKey: 'sEcReT-api-key' };
const ANY_SECRET = /sEcReT/;

const messageOf = (sources: ConfigSources): string => {
  try {
    loadConfig(sources);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('expected a ConfigError');
};

const inEnv = (carriers: unknown, env: ConfigSources['env'] = {}): ConfigSources =>
  ({ env: { ...env, MASQ_CARRIERS: JSON.stringify(carriers) }, argv: [] });

test('accounts rejected for other fields do not show their secrets', () => {
  const message = messageOf(inEnv([
    { type: 'twilio', name: 'twilio-us', accountSid: 'AC-nope', authToken: SECRETS.authToken },
    { type: 'signalwire', name: 'sw', projectId: 'nope', apiToken: SECRETS.apiToken, signingKey: SECRETS.signingKey, spaceUrl: 'nope' },
    { type: 'telnyx', name: 'telnyx', apiKey: SECRETS.apiKey, publicKey: 'AAAA' },
  ]));
  assert.match(message, /account "twilio-us" field accountSid/);
  assert.match(message, /account "sw" field projectId/);
  assert.match(message, /account "telnyx" field publicKey/);
  assert.doesNotMatch(message, ANY_SECRET);
});

test('a rejected secret is not shown, whether written in the list or read from the environment', () => {
  const inline = messageOf(inEnv([{ type: 'twilio', name: 'twilio-us', accountSid: `AC${'a'.repeat(32)}`, authToken: 'sEcReT' }]));
  assert.match(inline, /account "twilio-us" field authToken: must be at least 8 characters/);
  assert.doesNotMatch(inline, ANY_SECRET);
  const fromEnv = messageOf(inEnv([{ type: 'twilio', name: 'twilio-us', accountSid: `AC${'a'.repeat(32)}`, authToken: { env: 'TOKEN' } }], { TOKEN: 'sEcReT' }));
  assert.match(fromEnv, /account "twilio-us" field authToken: must be at least 8 characters/);
  assert.doesNotMatch(fromEnv, ANY_SECRET);
});

test('a secret under a misspelt or misplaced field is not shown', () => {
  const message = messageOf(inEnv([
    { type: 'telnyx', name: 'telnyx', api_key: SECRETS.apiKey, publicKey: SECRETS.signingKey },
    { type: 'twilio', name: SECRETS.authToken, accountSid: SECRETS.apiToken, authToken: SECRETS.authToken },
  ]));
  assert.match(message, /account "telnyx": unknown field "api_key"/);
  assert.match(message, /account at index 1 field name/);
  assert.doesNotMatch(message, ANY_SECRET);
});

test('a list that is not valid JSON is not quoted', () => {
  const message = messageOf({ env: { MASQ_CARRIERS: `[{"type": "twilio", "authToken": ${SECRETS.authToken}}]` }, argv: [] });
  assert.match(message, /MASQ_CARRIERS: must be a JSON array of carrier accounts \(this is not valid JSON\)/);
  assert.doesNotMatch(message, ANY_SECRET);
  const file = messageOf({ env: {}, argv: ['--config', 'masq.json'], file: () => `{"carriers": [{"apiKey": ${SECRETS.apiKey}}]}` });
  assert.doesNotMatch(file, ANY_SECRET);
});

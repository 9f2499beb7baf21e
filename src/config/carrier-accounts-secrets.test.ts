// A rejected carrier account never shows a value: tokens, keys and signing keys end up in logs and
// terminals read by more people than their owner. Shown with a made-up carrier type, since configuration
// reads every type alike; each real type checks its own secrets in src/carriers/<type>/settings.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { authToken, nonEmpty, required, uuid } from '../domain/setting-values.ts';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

const ACME: CarrierSettingsSpec = {
  type: 'acme',
  fields: { projectId: { required: true, parse: uuid }, apiKey: { required: true, parse: nonEmpty }, authToken: { required: true, parse: required(authToken) } },
};

const SECRETS = { apiKey: 'sEcReT-api-key', authToken: 'sEcReT-auth-token' };
const ANY_SECRET = /sEcReT/;
const PROJECT_ID = '0817ff0d-7dc7-42a8-b1ec-0d030a7575ac';

const messageOf = (sources: Omit<ConfigSources, 'carrierTypes'>): string => {
  try {
    loadConfig({ ...sources, carrierTypes: [ACME] });
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('expected a ConfigError');
};

const inEnv = (carriers: unknown, env: ConfigSources['env'] = {}) => ({ env: { ...env, MASQ_CARRIERS: JSON.stringify(carriers) }, argv: [] });

test('an account rejected for another field does not show its secrets', () => {
  const message = messageOf(inEnv([{ type: 'acme', name: 'acme', projectId: 'nope', ...SECRETS }]));
  assert.match(message, /account "acme" field projectId/);
  assert.doesNotMatch(message, ANY_SECRET);
});

test('a rejected secret is not shown, whether written in the list or read from the environment', () => {
  const account = { type: 'acme', name: 'acme', projectId: PROJECT_ID, apiKey: SECRETS.apiKey };
  const inline = messageOf(inEnv([{ ...account, authToken: 'sEcReT' }]));
  assert.match(inline, /account "acme" field authToken: must be at least 8 characters/);
  assert.doesNotMatch(inline, ANY_SECRET);
  const fromEnv = messageOf(inEnv([{ ...account, authToken: { env: 'TOKEN' } }], { TOKEN: 'sEcReT' }));
  assert.match(fromEnv, /account "acme" field authToken: must be at least 8 characters/);
  assert.doesNotMatch(fromEnv, ANY_SECRET);
});

test('a secret under a misspelt or misplaced field is not shown', () => {
  const message = messageOf(inEnv([
    { type: 'acme', name: 'acme', projectId: PROJECT_ID, api_key: SECRETS.apiKey, authToken: SECRETS.authToken },
    { type: 'acme', name: SECRETS.authToken, projectId: PROJECT_ID, ...SECRETS },
  ]));
  assert.match(message, /account "acme": unknown field "api_key"/);
  assert.match(message, /account at index 1 field name/);
  assert.doesNotMatch(message, ANY_SECRET);
});

test('a list that is not valid JSON is not quoted', () => {
  const message = messageOf({ env: { MASQ_CARRIERS: `[{"type": "acme", "authToken": ${SECRETS.authToken}}]` }, argv: [] });
  assert.match(message, /MASQ_CARRIERS: must be a JSON array of carrier accounts \(this is not valid JSON\)/);
  assert.doesNotMatch(message, ANY_SECRET);
  const file = messageOf({ env: {}, argv: ['--config', 'masq.json'], file: () => `{"carriers": [{"apiKey": ${SECRETS.apiKey}}]}` });
  assert.doesNotMatch(file, ANY_SECRET);
});

// The legacy MASQ_TWILIO_* settings are an alias of one carrier account named `twilio`, beside the list.
// The listed accounts here are of a made-up type: what clashes with the alias is a name, whatever its type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { nonEmpty } from '../domain/setting-values.ts';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

const SID = `AC${'e'.repeat(32)}`;
const TOKEN = 'legacy-token-0123456789';
const ACME: CarrierSettingsSpec = { type: 'acme', fields: { apiKey: { required: true, parse: nonEmpty } } };
const LISTED = { type: 'acme', name: 'acme-eu', apiKey: 'listed-key' };

const load = (sources: Omit<ConfigSources, 'carrierTypes'>) => loadConfig({ ...sources, carrierTypes: [ACME] });

const problemsOf = (sources: Omit<ConfigSources, 'carrierTypes'>): readonly string[] => {
  try {
    load(sources);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

test('the SID and token define the account `twilio`, with the legacy API URL', () => {
  const config = load({
    env: { MASQ_TWILIO_ACCOUNT_SID: SID, MASQ_TWILIO_AUTH_TOKEN: TOKEN },
    argv: ['--twilio-api-url', 'http://127.0.0.1:9999/'],
  });
  assert.deepEqual(config.carrierAccounts, [{ type: 'twilio', name: 'twilio', settings: { accountSid: SID, authToken: TOKEN, apiUrl: 'http://127.0.0.1:9999' } }]);
});

test('the legacy file keys work too, and the alias joins the listed accounts', () => {
  const file = JSON.stringify({ twilioAccountSid: SID, twilioAuthToken: TOKEN, carriers: [LISTED] });
  const config = load({ env: {}, argv: ['--config', 'masq.json'], file: () => file });
  assert.deepEqual(config.carrierAccounts.map((a) => a.name), ['acme-eu', 'twilio']);
  assert.deepEqual(config.carrierAccounts[1], { type: 'twilio', name: 'twilio', settings: { accountSid: SID, authToken: TOKEN, apiUrl: 'https://api.twilio.com' } });
});

test('the API URL alone defines no account', () => {
  assert.deepEqual(load({ env: { MASQ_TWILIO_API_URL: 'http://127.0.0.1:9999' }, argv: [] }).carrierAccounts, []);
});

test('a listed account named `twilio` beside the legacy settings is a conflict, explained', () => {
  const problems = problemsOf({
    env: { MASQ_TWILIO_ACCOUNT_SID: SID, MASQ_TWILIO_AUTH_TOKEN: TOKEN, MASQ_CARRIERS: JSON.stringify([{ ...LISTED, name: 'twilio' }]) },
    argv: [],
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /^MASQ_TWILIO_ACCOUNT_SID and its auth token define the carrier account "twilio" \(the legacy Twilio settings\), but MASQ_CARRIERS also lists an account named "twilio": keep one of them/);
  assert.doesNotMatch(problems[0] ?? '', new RegExp(TOKEN));
});

test('the token without the SID is still reported as a missing pair, and defines no account', () => {
  const problems = problemsOf({ env: { MASQ_TWILIO_AUTH_TOKEN: TOKEN, MASQ_CARRIERS: JSON.stringify([{ ...LISTED, name: 'twilio' }]) }, argv: [] });
  assert.deepEqual(problems, ['MASQ_TWILIO_ACCOUNT_SID and MASQ_TWILIO_AUTH_TOKEN must be set together']);
});

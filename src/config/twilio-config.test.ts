// The Twilio carrier's settings: both credentials or neither, the token never on a command line, and
// the API URL defaulting to Twilio's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

/** Loads with no carrier types: the legacy MASQ_TWILIO_* settings are configuration's own: they need no carrier type. */
const load = (sources: Omit<ConfigSources, 'carrierTypes'>) => loadConfig({ ...sources, carrierTypes: [] });

const SID = `AC${'b'.repeat(32)}`;
const TOKEN = '0123456789abcdef0123456789abcdef';

const problems = (work: () => unknown): readonly string[] => {
  try {
    work();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

test('unset by default, with Twilio\'s API URL', () => {
  const config = load({ env: {}, argv: [] });
  assert.equal(config.twilioAccountSid, null);
  assert.equal(config.twilioAuthToken, null);
  assert.equal(config.twilioApiUrl, 'https://api.twilio.com');
});

test('credentials from the environment; the API URL from a flag, without a trailing slash', () => {
  const config = load({
    env: { MASQ_TWILIO_ACCOUNT_SID: SID, MASQ_TWILIO_AUTH_TOKEN: TOKEN },
    argv: ['--twilio-api-url', 'http://127.0.0.1:9999/'],
  });
  assert.equal(config.twilioAccountSid, SID);
  assert.equal(config.twilioAuthToken, TOKEN);
  assert.equal(config.twilioApiUrl, 'http://127.0.0.1:9999');
});

test('one credential without the other is an error naming both', () => {
  const found = problems(() => load({ env: { MASQ_TWILIO_ACCOUNT_SID: SID }, argv: [] }));
  assert.ok(found.some((p) => p.includes('MASQ_TWILIO_ACCOUNT_SID') && p.includes('MASQ_TWILIO_AUTH_TOKEN')), found.join('\n'));
});

test('a malformed SID or API URL is reported with its source', () => {
  const found = problems(() => load({ env: { MASQ_TWILIO_ACCOUNT_SID: 'AC123', MASQ_TWILIO_AUTH_TOKEN: TOKEN, MASQ_TWILIO_API_URL: 'ftp://x' }, argv: [] }));
  assert.ok(found.some((p) => p.startsWith('MASQ_TWILIO_ACCOUNT_SID:')), found.join('\n'));
  assert.ok(found.some((p) => p.startsWith('MASQ_TWILIO_API_URL:')), found.join('\n'));
});

test('the auth token has no flag: command lines are visible to every user', () => {
  assert.ok(problems(() => load({ env: {}, argv: ['--twilio-auth-token', TOKEN] })).length > 0);
});

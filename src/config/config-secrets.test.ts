// A configuration error names the setting and the reason, never the value of a secret.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

/** Loads with no carrier types: masq's own settings need no carrier type. */
const load = (sources: Omit<ConfigSources, 'carrierTypes'>) => loadConfig({ ...sources, carrierTypes: [] });

const SID = 'AC' + 'a'.repeat(32);
const SECRET = 'hunter2';

const problemsOf = (sources: Omit<ConfigSources, 'carrierTypes'>): string => {
  try {
    load(sources);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('expected a ConfigError');
};

test('a rejected auth token is not echoed', () => {
  const message = problemsOf({ env: { MASQ_ACCOUNT_SID: SID, MASQ_AUTH_TOKEN: 'hunt3r', MASQ_TWILIO_ACCOUNT_SID: SID, MASQ_TWILIO_AUTH_TOKEN: 'short' }, argv: [] });
  assert.match(message, /MASQ_AUTH_TOKEN: must be at least 8 characters/);
  assert.match(message, /MASQ_TWILIO_AUTH_TOKEN: must be at least 8 characters/);
  assert.doesNotMatch(message, /hunt3r|short/);
});

test('a rejected database URL shows its scheme, never its password', () => {
  const fromEnv = problemsOf({ env: { MASQ_DATABASE_URL: `mysql://root:${SECRET}@db.invalid/masq` }, argv: [] });
  assert.match(fromEnv, /MASQ_DATABASE_URL: must start with sqlite: or postgres:\/\/ \(got a mysql: URL\)/);
  assert.doesNotMatch(fromEnv, new RegExp(SECRET));
  const fromFlag = problemsOf({ env: {}, argv: [`--database-url=${SECRET}@db.invalid`] });
  assert.match(fromFlag, /--database-url: must start with sqlite:/);
  assert.doesNotMatch(fromFlag, new RegExp(SECRET));
});

test('secrets in a config file are not echoed, even when the file is not valid JSON', () => {
  const file = (json: string) => () => json;
  const bad = problemsOf({ env: {}, argv: ['--config', 'masq.json'], file: file(`{"accountSid": "${SID}", "authToken": "${SECRET}"}`) });
  assert.match(bad, /config file "authToken": must be at least 8 characters/);
  assert.doesNotMatch(bad, new RegExp(SECRET));
  const broken = problemsOf({ env: {}, argv: ['--config', 'masq.json'], file: file(`{"authToken": ${SECRET}-and-more}`) });
  assert.match(broken, /config file masq.json: not valid JSON/);
  assert.doesNotMatch(broken, new RegExp(SECRET));
});

test('other settings still show the rejected value', () => {
  assert.match(problemsOf({ env: { MASQ_PORT: 'eighty' }, argv: [] }), /\(got "eighty"\)/);
});

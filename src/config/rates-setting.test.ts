import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load-config.ts';

const load = (env: Record<string, string>, file?: string) =>
  loadConfig({ env, argv: file === undefined ? [] : ['--config', '/etc/masq.json'], carrierTypes: [], ...(file !== undefined && { file: () => file }) });

test('MASQ_RATES: a JSON object of overrides per account, from the environment or the config file', () => {
  assert.deepEqual(load({}).rates, {});
  assert.deepEqual(load({ MASQ_RATES: '{"sandbox": {"voice": {"increment": "6/6"}}}' }).rates, { sandbox: { voice: { increment: '6/6' } } });
  assert.deepEqual(load({}, '{"rates": {"sandbox": {"sms": {"local": {"outbound": "0.0079"}}}}}').rates, { sandbox: { sms: { local: { outbound: '0.0079' } } } });
});

test('MASQ_RATES: a malformed card is a configuration error naming the path', () => {
  assert.throws(() => load({ MASQ_RATES: '{"sandbox": {"voice": {"increment": "sixty"}}}' }),
    (err: unknown) => err instanceof ConfigError && /MASQ_RATES: sandbox\.voice\.increment: must be "first\/next"/.test(err.message));
  assert.throws(() => load({ MASQ_RATES: '[' }), (err: unknown) => err instanceof ConfigError && /not valid JSON/.test(err.message));
});

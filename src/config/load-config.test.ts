import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

/** Loads with no carrier types: masq's own settings need no carrier type. */
const load = (sources: Omit<ConfigSources, 'carrierTypes'>) => loadConfig({ ...sources, carrierTypes: [] });

const SID = 'AC' + 'a'.repeat(32);

test('defaults apply when nothing is set', () => {
  const config = load({ env: {}, argv: [] });
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.databaseUrl, 'sqlite:./data/masq.db');
  assert.equal(config.defaultCarrier, 'sandbox');
  assert.equal(config.logLevel, 'info');
  assert.equal(config.poolLimit, null);
  assert.equal(config.accountSid, null);
  assert.equal(config.configFile, null);
});

test('layers: file < env < flags', () => {
  const files: Record<string, string> = { '/etc/masq.json': JSON.stringify({ port: 4000, host: '0.0.0.0', logLevel: 'debug', poolLimit: 10 }) };
  const config = load({
    env: { MASQ_CONFIG: '/etc/masq.json', MASQ_PORT: '5000', MASQ_LOG_LEVEL: 'warn' },
    argv: ['--port', '6000'],
    file: (path) => files[path] ?? '',
  });
  assert.equal(config.port, 6000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.poolLimit, 10);
  assert.equal(config.publicUrl, 'http://localhost:6000');
  assert.equal(config.configFile, '/etc/masq.json');
});

test('--config names the file and wins over MASQ_CONFIG', () => {
  const read: string[] = [];
  load({ env: { MASQ_CONFIG: 'a.json' }, argv: ['--config', 'b.json'], file: (p) => { read.push(p); return '{}'; } });
  assert.deepEqual(read, ['b.json']);
});

test('the public URL loses its trailing slash; port 0 leaves it to the Host header', () => {
  assert.equal(load({ env: { MASQ_PUBLIC_URL: 'https://masq.example.com/' }, argv: [] }).publicUrl, 'https://masq.example.com');
  assert.equal(load({ env: {}, argv: ['--port', '0'] }).publicUrl, null);
});

test('credentials come as a pair', () => {
  const config = load({ env: { MASQ_ACCOUNT_SID: SID, MASQ_AUTH_TOKEN: 'secret-token' }, argv: [] });
  assert.equal(config.accountSid, SID);
  assert.throws(() => load({ env: { MASQ_ACCOUNT_SID: SID }, argv: [] }), /must be set together/);
});

test('every bad value is reported at once, naming where it came from', () => {
  try {
    load({ env: { MASQ_PORT: 'eighty', MASQ_DATABASE_URL: 'mysql://x', MASQ_ACCOUNT_SID: 'ACnope', MASQ_AUTH_TOKEN: 'secret-token' }, argv: ['--log-level', 'loud'] });
    assert.fail('expected a ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 4);
    assert.match(err.message, /MASQ_PORT: must be an integer from 0 to 65535 \(got "eighty"\)/);
    assert.match(err.message, /MASQ_DATABASE_URL: must start with sqlite: or postgres:\/\//);
    assert.match(err.message, /MASQ_ACCOUNT_SID: must be AC followed by 32 hex digits/);
    assert.match(err.message, /--log-level: must be one of/);
  }
});

test('unknown flags and unknown file keys are errors, not silently ignored', () => {
  assert.throws(() => load({ env: {}, argv: ['--prot', '1'] }), /Unknown option '--prot'/);
  assert.throws(() => load({ env: {}, argv: ['--config', 'x.json'], file: () => '{"prot": 1}' }), /unknown setting "prot"/);
  assert.throws(() => load({ env: {}, argv: ['--config', 'x.json'], file: () => '[1]' }), /must hold a JSON object/);
  assert.throws(() => load({ env: {}, argv: ['--config', 'x.json'], file: () => '{' }), /config file x.json/);
});

test('pool limit accepts "unlimited" and positive integers only', () => {
  assert.equal(load({ env: { MASQ_POOL_LIMIT: 'unlimited' }, argv: [] }).poolLimit, null);
  assert.equal(load({ env: { MASQ_POOL_LIMIT: '25' }, argv: [] }).poolLimit, 25);
  assert.throws(() => load({ env: { MASQ_POOL_LIMIT: '0' }, argv: [] }), /MASQ_POOL_LIMIT/);
});

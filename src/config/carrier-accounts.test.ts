// Carrier accounts (`carriers` / MASQ_CARRIERS): each type with its defaults, secrets from the
// environment, and the mistakes an operator makes, each reported naming the account and the field.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

const SID = `AC${'c'.repeat(32)}`;
const TOKEN = 'twilio-token-0123456789';
const PROJECT_ID = '0817ff0d-7dc7-42a8-b1ec-0d030a7575ac';
const PUBLIC_KEY = Buffer.alloc(32, 7).toString('base64');

const twilio = { type: 'twilio', name: 'twilio-us', accountSid: SID, authToken: TOKEN };
const signalwire = { type: 'signalwire', name: 'signalwire', projectId: PROJECT_ID, apiToken: 'PTapi-token', signingKey: 'PSKsigning-key', spaceUrl: 'https://example.signalwire.invalid/' };
const telnyx = { type: 'telnyx', name: 'telnyx', apiKey: 'KEYtelnyx-api-key', publicKey: PUBLIC_KEY };

/** Sources with `carriers` in a config file, as most installations will have it. */
const inFile = (carriers: unknown, env: ConfigSources['env'] = {}): ConfigSources =>
  ({ env, argv: ['--config', 'masq.json'], file: () => JSON.stringify({ carriers }) });

const accountsOf = (sources: ConfigSources) => loadConfig(sources).carrierAccounts;

const problemsOf = (sources: ConfigSources): readonly string[] => {
  try {
    loadConfig(sources);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

test('no carrier accounts unless configured', () => {
  assert.deepEqual(loadConfig({ env: {}, argv: [] }).carrierAccounts, []);
  assert.deepEqual(accountsOf({ env: { MASQ_CARRIERS: '' }, argv: [] }), []);
});

test('a Twilio account takes Twilio\'s API URL unless it names another', () => {
  assert.deepEqual(accountsOf(inFile([twilio])), [{ ...twilio, apiUrl: 'https://api.twilio.com' }]);
  const local = accountsOf(inFile([{ ...twilio, apiUrl: 'http://127.0.0.1:9999/' }]));
  assert.equal(local[0]?.type === 'twilio' && local[0].apiUrl, 'http://127.0.0.1:9999');
});

test('a SignalWire account keeps its space URL without the trailing slash', () => {
  assert.deepEqual(accountsOf(inFile([signalwire])), [{ ...signalwire, spaceUrl: 'https://example.signalwire.invalid' }]);
});

test('a Telnyx account defaults its API URL and has no messaging profile unless given one', () => {
  assert.deepEqual(accountsOf(inFile([telnyx])), [{ ...telnyx, apiUrl: 'https://api.telnyx.com', messagingProfileId: null }]);
  const withProfile = accountsOf(inFile([{ ...telnyx, messagingProfileId: 'profile-1', apiUrl: 'http://[::1]:8080' }]));
  assert.deepEqual(withProfile, [{ ...telnyx, apiUrl: 'http://[::1]:8080', messagingProfileId: 'profile-1' }]);
});

test('several accounts of one carrier, in the order listed', () => {
  const second = { ...twilio, name: 'twilio-eu', accountSid: `AC${'d'.repeat(32)}` };
  assert.deepEqual(accountsOf(inFile([twilio, signalwire, second])).map((a) => a.name), ['twilio-us', 'signalwire', 'twilio-eu']);
});

test('MASQ_CARRIERS gives the list as a JSON string, and replaces the file\'s list whole', () => {
  const sources = { ...inFile([twilio]), env: { MASQ_CARRIERS: JSON.stringify([telnyx]) } };
  assert.deepEqual(accountsOf(sources).map((a) => a.name), ['telnyx']);
});

test('the account a default carrier names may be a listed one', () => {
  const config = loadConfig({ ...inFile([twilio]), argv: ['--config', 'masq.json', '--default-carrier', 'Twilio-US'] });
  assert.equal(config.defaultCarrier, 'twilio-us');
});

test('any field may be read from the environment the loader is handed', () => {
  const account = { ...signalwire, apiToken: { env: 'SW_TOKEN' }, signingKey: { env: 'SW_SIGNING_KEY' }, spaceUrl: { env: 'SW_SPACE' } };
  const env = { SW_TOKEN: 'token-from-env', SW_SIGNING_KEY: 'key-from-env', SW_SPACE: 'https://space.signalwire.invalid' };
  assert.deepEqual(accountsOf(inFile([account], env)), [{ ...signalwire, apiToken: 'token-from-env', signingKey: 'key-from-env', spaceUrl: 'https://space.signalwire.invalid' }]);
});

test('a variable that is not set is an error naming the account, the field and the variable', () => {
  const problems = problemsOf(inFile([{ ...twilio, authToken: { env: 'TWILIO_US_TOKEN' } }]));
  assert.deepEqual(problems, ['config file "carriers": account "twilio-us" field authToken: refers to the environment variable TWILIO_US_TOKEN, which is not set']);
  const malformed = problemsOf(inFile([{ ...twilio, authToken: { env: 'TOKEN', default: 'x' } }]));
  assert.match(malformed.join('\n'), /account "twilio-us" field authToken: must be a string or \{"env": "NAME"\}/);
});

test('names are unique, and `sandbox` belongs to the built-in sandbox', () => {
  const problems = problemsOf(inFile([twilio, signalwire, { ...telnyx, name: 'twilio-us' }, { ...telnyx, name: 'sandbox' }]));
  assert.deepEqual(problems, [
    'config file "carriers": account "twilio-us" is listed twice (at index 0 and 2); names must be unique',
    'config file "carriers": account at index 3: the name "sandbox" is reserved for the built-in sandbox (MASQ_SANDBOX)',
  ]);
});

test('an unknown field is an error, not silently ignored', () => {
  const problems = problemsOf(inFile([{ ...twilio, authtoken: TOKEN }]));
  assert.deepEqual(problems, ['config file "carriers": account "twilio-us": unknown field "authtoken" (a twilio account has type, name, accountSid, authToken, apiUrl)']);
});

test('a Telnyx public key must decode to exactly 32 bytes', () => {
  const short = problemsOf(inFile([{ ...telnyx, publicKey: Buffer.alloc(16, 1).toString('base64') }]));
  assert.deepEqual(short, ['config file "carriers": account "telnyx" field publicKey: must be the base64 of a 32-byte ed25519 public key (this one decodes to 16 bytes)']);
  assert.match(problemsOf(inFile([{ ...telnyx, publicKey: 'not base64!' }])).join('\n'), /account "telnyx" field publicKey: must be base64/);
});

test('every problem is reported at once, naming the account by name, or by index when the name is unusable', () => {
  const problems = problemsOf({ env: { MASQ_CARRIERS: JSON.stringify([
    { type: 'twilio', name: 'Twilio US', accountSid: 'AC123', authToken: TOKEN },
    { type: 'signalwire', name: 'sw', projectId: 'project', spaceUrl: 'ftp://space.invalid' },
    { type: 'bandwidth', name: 'bw' },
    'twilio',
  ]) }, argv: [] });
  assert.deepEqual(problems, [
    'MASQ_CARRIERS: account at index 0 field name: must be 1 to 40 lower-case letters, digits and hyphens, starting with a letter',
    'MASQ_CARRIERS: account at index 0 field accountSid: must be AC followed by 32 hex digits',
    'MASQ_CARRIERS: account "sw" field projectId: must be a UUID such as 8c4b1a2e-6f0d-4e5b-9a7c-3d2e1f0a9b8c',
    'MASQ_CARRIERS: account "sw" field apiToken: is required',
    'MASQ_CARRIERS: account "sw" field signingKey: is required',
    'MASQ_CARRIERS: account "sw" field spaceUrl: must be an http or https URL',
    'MASQ_CARRIERS: account "bw" field type: must be one of twilio, signalwire, telnyx',
    'MASQ_CARRIERS: account at index 3: must be a JSON object with "type" and "name"',
  ]);
});

test('the list must be a JSON array', () => {
  assert.deepEqual(problemsOf({ env: { MASQ_CARRIERS: '{"type": "twilio"}' }, argv: [] }), ['MASQ_CARRIERS: must be a JSON array of carrier accounts']);
  assert.deepEqual(problemsOf({ env: { MASQ_CARRIERS: '[{' }, argv: [] }), ['MASQ_CARRIERS: must be a JSON array of carrier accounts (this is not valid JSON)']);
  assert.deepEqual(problemsOf(inFile(7)), ['config file "carriers": must be a JSON array of carrier accounts']);
});

test('carrier accounts have no command-line flag: they hold secrets', () => {
  assert.match(problemsOf({ env: {}, argv: ['--carriers', '[]'] }).join('\n'), /Unknown option '--carriers'/);
});

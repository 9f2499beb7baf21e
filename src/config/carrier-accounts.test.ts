// Carrier accounts (`carriers` / MASQ_CARRIERS) as configuration reads them for ANY carrier type it is
// handed: here two made-up types, so these checks hold for a carrier configuration has never heard of.
// Each real type's fields are tested beside it (src/carriers/<type>/settings.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { httpUrl, nonEmpty, optionalText, requiredHttpUrl, uuid } from '../domain/setting-values.ts';
import { ConfigError, loadConfig, type ConfigSources } from './load-config.ts';

const ACME: CarrierSettingsSpec = {
  type: 'acme',
  fields: {
    apiKey: { required: true, parse: nonEmpty },
    apiUrl: { required: false, parse: httpUrl, default: 'https://api.acme.invalid' },
    region: { required: false, parse: optionalText, default: null },
  },
};
const GLOBEX: CarrierSettingsSpec = {
  type: 'globex',
  fields: { projectId: { required: true, parse: uuid }, token: { required: true, parse: nonEmpty }, spaceUrl: { required: true, parse: requiredHttpUrl } },
};
const TYPES = [ACME, GLOBEX];

const PROJECT_ID = '0817ff0d-7dc7-42a8-b1ec-0d030a7575ac';
const acme = { type: 'acme', name: 'acme-us', apiKey: 'acme-key' };
const globex = { type: 'globex', name: 'globex', projectId: PROJECT_ID, token: 'globex-token', spaceUrl: 'https://space.globex.invalid/' };

type Sources = Omit<ConfigSources, 'carrierTypes'>;

/** Sources with `carriers` in a config file, as most installations will have it. */
const inFile = (carriers: unknown, env: ConfigSources['env'] = {}): Sources =>
  ({ env, argv: ['--config', 'masq.json'], file: () => JSON.stringify({ carriers }) });

const load = (sources: Sources) => loadConfig({ ...sources, carrierTypes: TYPES });

const accountsOf = (sources: Sources) => load(sources).carrierAccounts;

const problemsOf = (sources: Sources): readonly string[] => {
  try {
    load(sources);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

test('no carrier accounts unless configured', () => {
  assert.deepEqual(load({ env: {}, argv: [] }).carrierAccounts, []);
  assert.deepEqual(accountsOf({ env: { MASQ_CARRIERS: '' }, argv: [] }), []);
});

test('an account is its type, its name and its type\'s fields, with the defaults of those not given', () => {
  assert.deepEqual(accountsOf(inFile([acme])), [
    { type: 'acme', name: 'acme-us', settings: { apiKey: 'acme-key', apiUrl: 'https://api.acme.invalid', region: null } },
  ]);
  const given = accountsOf(inFile([{ ...acme, apiUrl: 'http://[::1]:8080/', region: 'eu' }]));
  assert.deepEqual(given[0]?.settings, { apiKey: 'acme-key', apiUrl: 'http://[::1]:8080', region: 'eu' });
});

test('a field written as an empty string or null takes its default', () => {
  assert.deepEqual(accountsOf(inFile([{ ...acme, apiUrl: '', region: null }]))[0]?.settings,
    { apiKey: 'acme-key', apiUrl: 'https://api.acme.invalid', region: null });
});

test('several accounts of one type, in the order listed', () => {
  const second = { ...acme, name: 'acme-eu' };
  assert.deepEqual(accountsOf(inFile([acme, globex, second])).map((a) => a.name), ['acme-us', 'globex', 'acme-eu']);
});

test('MASQ_CARRIERS gives the list as a JSON string, and replaces the file\'s list whole', () => {
  const sources = { ...inFile([acme]), env: { MASQ_CARRIERS: JSON.stringify([globex]) } };
  assert.deepEqual(accountsOf(sources).map((a) => a.name), ['globex']);
});

test('the account a default carrier names may be a listed one', () => {
  const config = load({ ...inFile([acme]), argv: ['--config', 'masq.json', '--default-carrier', 'Acme-US'] });
  assert.equal(config.defaultCarrier, 'acme-us');
});

test('any field may be read from the environment the loader is handed', () => {
  const account = { ...globex, token: { env: 'GLOBEX_TOKEN' }, spaceUrl: { env: 'GLOBEX_SPACE' } };
  const env = { GLOBEX_TOKEN: 'token-from-env', GLOBEX_SPACE: 'https://other.globex.invalid' };
  assert.deepEqual(accountsOf(inFile([account], env))[0]?.settings, { projectId: PROJECT_ID, token: 'token-from-env', spaceUrl: 'https://other.globex.invalid' });
});

test('a variable that is not set is an error naming the account, the field and the variable', () => {
  const problems = problemsOf(inFile([{ ...acme, apiKey: { env: 'ACME_US_KEY' } }]));
  assert.deepEqual(problems, ['config file "carriers": account "acme-us" field apiKey: refers to the environment variable ACME_US_KEY, which is not set']);
  const malformed = problemsOf(inFile([{ ...acme, apiKey: { env: 'KEY', default: 'x' } }]));
  assert.match(malformed.join('\n'), /account "acme-us" field apiKey: must be a string or \{"env": "NAME"\}/);
  const badName = problemsOf(inFile([{ ...acme, apiKey: { env: 'ACME KEY' } }]));
  assert.match(badName.join('\n'), /account "acme-us" field apiKey: must name an environment variable/);
});

test('names are unique, and `sandbox` belongs to the built-in sandbox', () => {
  const problems = problemsOf(inFile([acme, globex, { ...acme, name: 'globex' }, { ...acme, name: 'sandbox' }]));
  assert.deepEqual(problems, [
    'config file "carriers": account "globex" is listed twice (at index 1 and 2); names must be unique',
    'config file "carriers": account at index 3: the name "sandbox" is reserved for the built-in sandbox (MASQ_SANDBOX)',
  ]);
});

test('an unknown field is an error naming the fields the type has, not silently ignored', () => {
  const problems = problemsOf(inFile([{ ...acme, apikey: 'acme-key' }]));
  assert.deepEqual(problems, ['config file "carriers": account "acme-us": unknown field "apikey" (a acme account has type, name, apiKey, apiUrl, region)']);
});

test('every problem is reported at once, naming the account by name, or by index when the name is unusable', () => {
  const problems = problemsOf({ env: { MASQ_CARRIERS: JSON.stringify([
    { type: 'acme', name: 'Acme US', apiKey: ' ' },
    { type: 'globex', name: 'gx', projectId: 'project', spaceUrl: 'ftp://space.invalid' },
    { type: 'initech', name: 'it' },
    { name: 'no-type' },
    'acme',
  ]) }, argv: [] });
  assert.deepEqual(problems, [
    'MASQ_CARRIERS: account at index 0 field name: must be 1 to 40 lower-case letters, digits and hyphens, starting with a letter',
    'MASQ_CARRIERS: account at index 0 field apiKey: must not be empty',
    'MASQ_CARRIERS: account "gx" field projectId: must be a UUID such as 8c4b1a2e-6f0d-4e5b-9a7c-3d2e1f0a9b8c',
    'MASQ_CARRIERS: account "gx" field token: is required',
    'MASQ_CARRIERS: account "gx" field spaceUrl: must be an http or https URL',
    'MASQ_CARRIERS: account "it" field type: must be one of acme, globex',
    'MASQ_CARRIERS: account "no-type" field type: is required',
    'MASQ_CARRIERS: account at index 4: must be a JSON object with "type" and "name"',
  ]);
});

test('the list must be a JSON array', () => {
  assert.deepEqual(problemsOf({ env: { MASQ_CARRIERS: '{"type": "acme"}' }, argv: [] }), ['MASQ_CARRIERS: must be a JSON array of carrier accounts']);
  assert.deepEqual(problemsOf({ env: { MASQ_CARRIERS: '[{' }, argv: [] }), ['MASQ_CARRIERS: must be a JSON array of carrier accounts (this is not valid JSON)']);
  assert.deepEqual(problemsOf(inFile(7)), ['config file "carriers": must be a JSON array of carrier accounts']);
});

test('carrier accounts have no command-line flag: they hold secrets', () => {
  assert.match(problemsOf({ env: {}, argv: ['--carriers', '[]'] }).join('\n'), /Unknown option '--carriers'/);
});

// docs/configuration.md must name every setting (env var and flag) and every carrier account field, and
// its carrier accounts example must load, so the docs cannot fall behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CARRIER_ACCOUNT_FIELDS, CARRIER_TYPES } from './carrier-account-types.ts';
import { loadConfig } from './load-config.ts';
import { CONFIG_FILE_SETTING, SETTINGS } from './schema.ts';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** The text of one `## ` section, from its heading to the next. */
const section = (heading: string): string => {
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert.notEqual(start, -1, `no section "## ${heading}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
};

test('docs/configuration.md documents every setting', () => {
  const missing: string[] = [];
  for (const [key, setting] of [...Object.entries(SETTINGS), ['configFile', CONFIG_FILE_SETTING] as const]) {
    if (!doc.includes(`\`${setting.env}\``)) missing.push(setting.env);
    if (setting.flag && !doc.includes(`\`--${setting.flag}\``)) missing.push(`--${setting.flag}`);
    if (key !== 'configFile' && !doc.includes(`\`${key}\``)) missing.push(`file key ${key}`);
  }
  assert.deepEqual(missing, []);
});

test('the carrier accounts section has a table row for every field of every type', () => {
  const text = section('Carrier accounts');
  const missing = CARRIER_TYPES.flatMap((type) =>
    CARRIER_ACCOUNT_FIELDS[type].filter((field) => !text.includes(`| \`${type}\` | \`${field}\` |`)).map((field) => `${type}.${field}`));
  assert.deepEqual(missing, []);
});

test('the carrier accounts example loads, with one account of each type and its secrets from the environment', () => {
  const example = /```json\n([\s\S]*?)\n```/.exec(section('Carrier accounts'))?.[1];
  assert.ok(example, 'no JSON example in the carrier accounts section');
  const referenced = [...example.matchAll(/\{ *"env": *"([A-Z0-9_]+)" *\}/g)].map((match) => match[1] ?? '');
  const env = Object.fromEntries(referenced.map((name) => [name, `value-of-${name}`]));
  const config = loadConfig({ env, argv: ['--config', 'masq.json'], file: () => example });
  assert.deepEqual(config.carrierAccounts.map((account) => account.type), ['twilio', 'signalwire', 'telnyx']);
  const twilio = config.carrierAccounts.find((account) => account.type === 'twilio');
  assert.equal(twilio?.authToken, 'value-of-TWILIO_US_AUTH_TOKEN');
  assert.equal(config.defaultCarrier, twilio?.name);
});

// docs/configuration.md must name every setting (env var and flag), every carrier type masq is built with
// and every field of each, and its carrier accounts example must load, so the docs cannot fall behind: a
// new carrier type (listed in runtime.ts) fails here until its fields are documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { CONFIG_FILE_SETTING, SETTINGS } from '../../src/config/schema.ts';
import { settingOf } from '../../src/domain/carrier-settings.ts';
import { CARRIER_SETTINGS } from '../../src/runtime.ts';

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

test('the carrier accounts section names every carrier type in its `type` row', () => {
  const typeRow = section('Carrier accounts').split('\n').find((line) => line.startsWith('| `type` |'));
  assert.ok(typeRow, 'no `type` row in the carrier accounts section');
  assert.deepEqual(CARRIER_SETTINGS.map((spec) => spec.type).filter((type) => !typeRow.includes(`\`${type}\``)), []);
});

test('the carrier accounts section has a table row for every field of every type', () => {
  const text = section('Carrier accounts');
  const missing = CARRIER_SETTINGS.flatMap(({ type, fields }) =>
    Object.keys(fields).filter((field) => !text.includes(`| \`${type}\` | \`${field}\` |`)).map((field) => `${type}.${field}`));
  assert.deepEqual(missing, []);
});

test('the carrier accounts example loads, with one account of each type and its secrets from the environment', () => {
  const example = /```json\n([\s\S]*?)\n```/.exec(section('Carrier accounts'))?.[1];
  assert.ok(example, 'no JSON example in the carrier accounts section');
  const referenced = [...example.matchAll(/\{ *"env": *"([A-Z0-9_]+)" *\}/g)].map((match) => match[1] ?? '');
  const env = Object.fromEntries(referenced.map((name) => [name, `value-of-${name}`]));
  const config = loadConfig({ env, argv: ['--config', 'masq.json'], file: () => example, carrierTypes: CARRIER_SETTINGS });
  assert.deepEqual(config.carrierAccounts.map((account) => account.type), CARRIER_SETTINGS.map((spec) => spec.type));
  const twilio = config.carrierAccounts.find((account) => account.type === 'twilio');
  assert.ok(twilio, 'no Twilio account in the example');
  assert.equal(settingOf(twilio, 'authToken'), 'value-of-TWILIO_US_AUTH_TOKEN');
  assert.equal(config.defaultCarrier, twilio.name);
});

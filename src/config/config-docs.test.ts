// docs/configuration.md must name every setting (env var and flag), so the docs cannot fall behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_FILE_SETTING, SETTINGS } from './schema.ts';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

test('docs/configuration.md documents every setting', () => {
  const missing: string[] = [];
  for (const [key, setting] of [...Object.entries(SETTINGS), ['configFile', CONFIG_FILE_SETTING] as const]) {
    if (!doc.includes(`\`${setting.env}\``)) missing.push(setting.env);
    if (setting.flag && !doc.includes(`\`--${setting.flag}\``)) missing.push(`--${setting.flag}`);
    if (key !== 'configFile' && !doc.includes(`\`${key}\``)) missing.push(`file key ${key}`);
  }
  assert.deepEqual(missing, []);
});

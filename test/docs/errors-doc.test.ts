import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../../scripts/errors-doc.ts';
import { ERROR_NAMES, errorSpec } from '../../src/domain/errors.ts';

const doc = readFileSync(ERRORS_DOC_PATH, 'utf8');

test('docs/errors.md lists exactly the error catalog (regenerate with npx tsx scripts/errors-doc.ts --write)', () => {
  assert.equal(doc, renderErrorsDoc());
});

test('each error has a row with its name, wire code and HTTP status', () => {
  for (const name of ERROR_NAMES) {
    const spec = errorSpec(name);
    assert.ok(doc.includes(`| \`${name}\` | ${spec.twilioCode} | ${spec.status} |`), name);
  }
});

test('each masq-only error has the section its more_info links to (#<name>)', () => {
  for (const name of ERROR_NAMES.filter((n) => errorSpec(n).masqOnly)) {
    assert.ok(doc.includes(`\n### ${name}\n`), name);
  }
});

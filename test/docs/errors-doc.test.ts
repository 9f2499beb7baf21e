import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../../scripts/errors-doc.ts';

test('docs/errors.md lists exactly the error catalog (regenerate with npx tsx scripts/errors-doc.ts --write)', () => {
  assert.equal(readFileSync(ERRORS_DOC_PATH, 'utf8'), renderErrorsDoc());
});

// The catalog holds no dead entries: every error is raised somewhere in src/ (its name appears in code
// there: `new AppError('name')`, a helper, a refusal) or is marked `reserved` with the reason beside it.
// A reserved error really is never raised, so the mark cannot go stale either.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERROR_NAMES, errorSpec, type ErrorName } from '../../src/domain/errors.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;
const CATALOG = join(SRC, 'domain', 'errors.ts');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && path !== CATALOG ? [path] : [];
  });

/** Code without comments, so a name or code mentioned in prose does not count as raised. */
const withoutComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

const code = sourceFiles(SRC).map((path) => withoutComments(readFileSync(path, 'utf8'))).join('\n');

/** The catalog's helpers (`notFound`, `invalidParameter`...), each with the name it raises. */
const helpers = [...withoutComments(readFileSync(CATALOG, 'utf8')).matchAll(/export const (\w+) = [^;]*?new AppError\('([a-z0-9-]+)'/g)]
  .map(([, helper, name]) => ({ helper, name }));

const raisedByName = (name: ErrorName): boolean =>
  code.includes(`'${name}'`) || helpers.some((h) => h.name === name && new RegExp(`\\b${h.helper}\\(`).test(code));

test('every catalog entry is raised somewhere in src/ or marked reserved', () => {
  const dead = ERROR_NAMES.filter((name) =>
    !errorSpec(name).reserved && !raisedByName(name));
  assert.deepEqual(dead, [], 'raise these errors, mark them reserved (saying why) or delete them');
});

test('a reserved entry is raised nowhere', () => {
  const raised = ERROR_NAMES.filter((name) => errorSpec(name).reserved && raisedByName(name));
  assert.deepEqual(raised, [], 'drop `reserved` from these entries: masq raises them');
});

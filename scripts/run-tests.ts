// `npm test`: every *.test.ts under src/ and test/, on node:test via tsx.
// PostgreSQL suites run when MASQ_TEST_POSTGRES_URL is set (.ci/run sets it); otherwise they are
// skipped and this script says so loudly, so a green laptop run is never mistaken for a full one.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = ['src', 'test'];
const filter = process.argv.slice(2);

const findTests = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findTests(path);
    return path.endsWith('.test.ts') ? [path] : [];
  });

const files = roots
  .flatMap((root) => findTests(root))
  .map((f) => relative('.', f))
  .filter((f) => filter.length === 0 || filter.some((needle) => f.includes(needle)))
  .sort();

if (!process.env.MASQ_TEST_POSTGRES_URL) {
  console.log('NOTE: MASQ_TEST_POSTGRES_URL is not set: the PostgreSQL storage suites are SKIPPED (SQLite only).');
  console.log('      Run them with MASQ_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm test');
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, MASQ_LOG_LEVEL: process.env.MASQ_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);

// `npm test`: builds dist/, then runs every *.test.ts under src/ and test/, on node:test via tsx.
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

// The end-to-end suites spawn bin/masq.js, which runs the compiled dist/: build it first so they
// always exercise the JavaScript that ships, never a stale build (incremental: a no-op build is quick).
// tsc exits 2 when it found type errors but still emitted every file: the tests then run the current
// code, as tsx would for the sources (type errors are `npm run typecheck`'s job); any other failure
// left dist/ stale, so nothing runs.
const TSC_EMITTED_WITH_ERRORS = 2;
const build = spawnSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status === TSC_EMITTED_WITH_ERRORS) {
  console.log('NOTE: the build has type errors (above); dist/ was still rebuilt. npm run typecheck must pass before merging.');
} else if (build.status !== 0) {
  console.error('npm run build failed (above): dist/ would be stale, so no test runs.');
  process.exit(build.status ?? 1);
}

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

// A newcomer's first run, against a real `masq serve`: the lines the banner prints (export + curl)
// and the README's client snippet work as written, so neither can drift from the code again.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { cleanEnvironment, startServe, type Served } from './serve-process.ts';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

/** The README's client snippet: its one ```js block that imports the official client. */
const readmeSnippet = (): string => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes("from 'twilio'"));
  assert.ok(block, 'README.md has a ```js block importing twilio');
  return block;
};

describe('first run', () => {
  let served: Served;
  let work: string;

  before(async () => {
    served = await startServe();
    work = mkdtempSync(join(tmpdir(), 'masq-first-run-'));
    // The snippet is an .mjs file of its own; `twilio` resolves through this link, as in a user's project.
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
  });
  after(async () => {
    await served.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('the banner prints an export line and a curl command that creates a Service, pasted as is', async () => {
    const lines = served.output().split('\n').map((l) => l.trim());
    const exportLine = lines.find((l) => l.startsWith('export MASQ_ACCOUNT_SID='));
    const curlLine = lines.find((l) => l.startsWith('curl '));
    assert.ok(exportLine && curlLine, `banner:\n${served.output()}`);
    assert.ok(exportLine.includes(served.accountSid) && exportLine.includes(served.authToken));
    const { stdout } = await run('sh', ['-c', `${exportLine}\n${curlLine} --silent --fail-with-body`], { env: cleanEnvironment() });
    const body: unknown = JSON.parse(stdout);
    assert.ok(typeof body === 'object' && body !== null && 'sid' in body && 'unique_name' in body);
    assert.match(String(body.sid), /^KS[0-9a-f]{32}$/);
    assert.equal(body.unique_name, 'my-first-service');
  });

  test("the README's client snippet runs as written (node quickstart.mjs)", async () => {
    const snippet = readmeSnippet();
    assert.ok(snippet.includes("'http://127.0.0.1:3000'"), 'the snippet points at the default address');
    // Only the address changes: this server listens on a free port, not 3000.
    writeFileSync(join(work, 'quickstart.mjs'), snippet.replace("'http://127.0.0.1:3000'", `'${served.url}'`));
    const env = { ...cleanEnvironment(), MASQ_ACCOUNT_SID: served.accountSid, MASQ_AUTH_TOKEN: served.authToken };
    const { stdout } = await run(process.execPath, ['quickstart.mjs'], { cwd: work, env });
    assert.match(stdout, /^\+14155550101 reaches the other party through \+14155551212\n$/);
  });
});

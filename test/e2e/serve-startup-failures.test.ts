// `masq serve` that cannot start for a reason the operator can fix says so in ONE line on stderr and exits
// non-zero: no stack trace, no secret from the database URL (issue 10, item 10).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { POSTGRES_URL } from '../support/stores.ts';
import { cleanEnvironment, freePort } from './serve-process.ts';

const BIN = new URL('../../bin/masq.js', import.meta.url).pathname;

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `masq serve <args>` with no MASQ_* from the outside and waits for it to exit (bounded). */
const serveExpectingExit = (args: readonly string[]): Promise<Exit> => new Promise((resolve, reject) => {
  const env = cleanEnvironment();
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--log-level', 'warn', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    reject(new Error(`masq serve did not exit:\n${stdout}${stderr}`));
  }, 20_000);
  child.once('exit', (code) => {
    clearTimeout(timer);
    resolve({ code, stdout, stderr });
  });
});

const assertOneLine = (exit: Exit, pattern: RegExp): void => {
  assert.notEqual(exit.code, 0, 'exits non-zero');
  assert.notEqual(exit.code, null, 'exits by itself');
  const lines = exit.stderr.split('\n').filter((line) => line.trim() !== '');
  assert.equal(lines.length, 1, `exactly one line on stderr, got:\n${exit.stderr}`);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(exit.stderr + exit.stdout, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(exit.stdout, /listening/);
};

describe('masq serve start-up failures', () => {
  let dir = '';
  let occupier: Server | undefined;
  let busyPort = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'masq-startup-'));
    busyPort = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(busyPort, '127.0.0.1', resolve));
    occupier = server;
  });

  after(async () => {
    await new Promise((resolve) => (occupier ? occupier.close(resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a busy port: one line naming the port and the setting, exit non-zero', async () => {
    const exit = await serveExpectingExit(['--port', String(busyPort), '--database-url', `sqlite:${join(dir, 'busy.db')}`]);
    assertOneLine(exit, new RegExp(`^masq serve: port ${busyPort} on 127\\.0\\.0\\.1 is already in use \\(set MASQ_PORT or --port\\)$`));
  });

  test('an unreachable PostgreSQL: one line naming host:port (never the password), exit non-zero', async () => {
    const deadPort = await freePort(); // nothing listens there: the connection is refused
    const exit = await serveExpectingExit(['--port', String(await freePort()), '--database-url', `postgres://masq:s3cret-pw@127.0.0.1:${deadPort}/masq`]);
    assertOneLine(exit, new RegExp(`^masq serve: cannot reach the database at 127\\.0\\.0\\.1:${deadPort} \\(connection refused\\)`));
    assert.doesNotMatch(exit.stderr + exit.stdout, /s3cret-pw/);
  });

  test('a PostgreSQL database that does not exist: one line, exit non-zero', { skip: POSTGRES_URL === undefined ? 'MASQ_TEST_POSTGRES_URL is not set' : false }, async () => {
    const url = new URL(POSTGRES_URL ?? '');
    url.pathname = '/masq_no_such_database';
    url.password = 's3cret-pw';
    const exit = await serveExpectingExit(['--port', String(await freePort()), '--database-url', url.toString()]);
    assertOneLine(exit, /^masq serve: the database named in MASQ_DATABASE_URL does not exist at 127\.0\.0\.1:5432 \(create it first\)$/);
    assert.doesNotMatch(exit.stderr + exit.stdout, /s3cret-pw/);
  });

  test('a SQLite path whose directory cannot be made (a file stands there): one line, exit non-zero', async () => {
    const exit = await serveExpectingExit(['--port', String(await freePort()), '--database-url', 'sqlite:/etc/hostname/masq.db']);
    assertOneLine(exit, /^masq serve: cannot open the SQLite database \/etc\/hostname\/masq\.db for writing/);
  });
});

// Invariant 1 across OS processes on one SQLite file: each process is its own connection, and BEGIN
// IMMEDIATE + busy_timeout make their allocation transactions take turns instead of failing with SQLITE_BUSY.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { openStore } from '../../src/storage/open-store.ts';
import { aSession } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';

const PROCESSES = 4;
const SESSIONS_PER_PROCESS = 5;
const WHO = '+12125550100';
const WORKER = fileURLToPath(new URL('../support/sqlite-race-worker.ts', import.meta.url));

const run = (args: readonly string[]): Promise<string> => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
});

describe('sqlite: several processes on one file', () => {
  it(`${PROCESSES} processes allocating for one identifier never duplicate a pair`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masq-procs-'));
    const path = join(dir, 'masq.db');
    const store = await openStore(`sqlite:${path}`);
    try {
      const { service } = await givenService(store);
      await givenPool(store, service, PROCESSES * SESSIONS_PER_PROCESS + 5);
      const sessions: string[] = [];
      for (let i = 0; i < PROCESSES * SESSIONS_PER_PROCESS; i++) {
        const session = aSession(service);
        await store.createSession(session);
        sessions.push(session.sid);
      }
      const outputs = await Promise.all(Array.from({ length: PROCESSES }, (_, p) =>
        run([path, service.sid, WHO, sessions.slice(p * SESSIONS_PER_PROCESS, (p + 1) * SESSIONS_PER_PROCESS).join(',')])));
      const conflicts = outputs.map((o) => {
        const parsed: unknown = JSON.parse(o);
        return typeof parsed === 'object' && parsed !== null && 'conflicts' in parsed ? Number(parsed.conflicts) : NaN;
      });
      const bindings = await store.activeBindings(service.sid, WHO);
      assert.equal(bindings.size, sessions.length, 'every session holds a distinct number for the identifier');
      assert.deepEqual(conflicts, conflicts.map(() => 0), 'writers took turns: nobody had to retry');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

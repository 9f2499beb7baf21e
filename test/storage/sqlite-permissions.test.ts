// The SQLite database holds auth tokens and message bodies: nobody but masq's user may read it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/storage/open-store.ts';
import { anAccount } from '../support/fixtures.ts';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('SQLite file permissions', () => {
  it('creates the directories 0700 and the database, -wal and -shm files 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'masq-perm-'));
    try {
      const path = join(root, 'data', 'nested', 'masq.db');
      const store = await openStore(`sqlite:${path}`);
      try {
        await store.upsertAccount(anAccount());
        assert.equal(modeOf(join(root, 'data')), 0o700);
        assert.equal(modeOf(join(root, 'data', 'nested')), 0o700);
        for (const file of [path, `${path}-wal`, `${path}-shm`]) assert.equal(modeOf(file), 0o600, file);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

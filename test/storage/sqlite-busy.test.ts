// Another process holding SQLite's write lock past busy_timeout is a transient condition, like an outage:
// the store says StoreUnavailable (503 with Retry-After at the HTTP layer), never a raw SQLITE_BUSY (a 500),
// and works again as soon as the lock is released.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { StoreUnavailable } from '../../src/ports/store.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { aService } from '../support/fixtures.ts';
import { givenService } from '../support/seed-store.ts';

describe('SQLite busy past the timeout', () => {
  it('a write while another connection holds the write lock fails as StoreUnavailable, then succeeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masq-busy-'));
    const path = join(dir, 'masq.db');
    const store = await openStore(`sqlite:${path}`);
    const other = new Sqlite(path);
    try {
      const { account } = await givenService(store);
      other.pragma('busy_timeout = 0');
      other.exec('begin immediate'); // as another masq process in the middle of a long write would
      await assert.rejects(store.createService(aService(account)), (err) => {
        assert.ok(err instanceof StoreUnavailable, `expected StoreUnavailable, got ${String(err)}`);
        assert.equal(err.reason, 'database busy');
        return true;
      });
      other.exec('rollback');
      await store.createService(aService(account));
    } finally {
      other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

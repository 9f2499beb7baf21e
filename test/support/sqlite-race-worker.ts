// A separate OS process for the SQLite multi-process race: opens the shared file and allocates a number
// for one identifier in each given session, then prints {"conflicts": n} on stdout.
// argv: <db path> <service sid> <identifier> <session sids, comma-separated>
import { openStore } from '../../src/storage/open-store.ts';
import { allocateFor } from './allocate.ts';

const [path, serviceSid, identifier, sessionList] = process.argv.slice(2);
if (!path || !serviceSid || !identifier || !sessionList) throw new Error('usage: sqlite-race-worker <db> <service> <identifier> <sessions>');
const store = await openStore(`sqlite:${path}`);
const stats = { conflicts: 0 };
try {
  for (const sid of sessionList.split(',')) {
    const session = await store.findSession(serviceSid, sid);
    if (!session) throw new Error(`session ${sid} not found`);
    await allocateFor(store, session, { serviceSid, identifier, useLock: true, stats });
  }
} finally {
  await store.close();
}
process.stdout.write(JSON.stringify(stats));

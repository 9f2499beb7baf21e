// One side of the close vs add-participant race (test/storage/close-add-race.test.ts), in its own OS
// process with its own connection, as a second masq instance would be. Reads one request a line on stdin,
// "<session sid> <identifier> <update|delete|sweep>", runs the use case its role names, and answers one
// line on stdout: `added`, `closed`, `refused <error name>` (an AppError: the session was closed or gone first),
// or `error <text>` (anything else: the test fails on it).
// argv: <database url> <add|close> <account sid> <service sid> <clock, seconds after T0>
import { createInterface } from 'node:readline';
import { addParticipant } from '../../src/app/add-participant.ts';
import { deleteSession } from '../../src/app/delete-session.ts';
import { expireSessions } from '../../src/app/expire-sessions.ts';
import { updateSession } from '../../src/app/update-session.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { Service } from '../../src/domain/service.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { TestClock, testDeps } from './app-deps.ts';
import { at } from './fixtures.ts';

const [url, role, accountSid, serviceSid, seconds] = process.argv.slice(2);
if (!url || (role !== 'add' && role !== 'close') || !accountSid || !serviceSid || seconds === undefined) {
  throw new Error('usage: close-add-race-worker <database url> <add|close> <account sid> <service sid> <clock seconds>');
}
const store = await openStore(url, { migrate: false, maxConnections: 2 });
const deps = testDeps(store, new TestClock(at(Number(seconds))));

const act = async (service: Service, session: string, identifier: string, close: string): Promise<string> => {
  if (role === 'add') {
    await addParticipant(deps, service, session, { identifier });
    return 'added';
  }
  if (close === 'update') await updateSession(deps, service, session, { status: 'closed' });
  else if (close === 'delete') await deleteSession(deps, service, session);
  else await expireSessions(deps);
  return 'closed';
};

try {
  const service = await store.findService(accountSid, serviceSid);
  if (!service) throw new Error(`service ${serviceSid} not found`);
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [session = '', identifier = '', close = ''] = line.split(' ');
    let outcome: string;
    try {
      outcome = await act(service, session, identifier, close);
    } catch (err) {
      outcome = err instanceof AppError ? `refused ${err.code}` : `error ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    }
    process.stdout.write(`${outcome.replaceAll('\n', ' | ')}\n`);
  }
} finally {
  await store.close();
}

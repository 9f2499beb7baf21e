// Closing a session on one masq instance while a participant is being added on another (issue 10, item 3).
// Two real OS processes on one database race every round: one adds the same identifier to the round's
// session, the other closes it (Status=closed, DELETE, or the expiry sweeper). Whoever wins, afterwards no
// participant may be bound in a closed session, every number's load must equal its live bindings, and the
// identifier must be free to join a new session. Before the session row lock (sessions-repo.ts), most
// PostgreSQL rounds left the participant bound in the closed session, and the identifier was refused
// (80208) once the pool ran out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createSession } from '../../src/app/create-session.ts';
import type { Store } from '../../src/ports/store.ts';
import { openBenchHandle, type BenchHandle } from '../../src/storage/bench-handle.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { testDeps } from '../support/app-deps.ts';
import { aParticipant, aSession, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';

const WORKER = fileURLToPath(new URL('../support/close-add-race-worker.ts', import.meta.url));
const ROUNDS = 90;
const CLOSES = ['update', 'delete', 'sweep'] as const;
const WHO = '+14155550100';
/** The closer's clock is a day ahead: a sweep round's session (ttl 1 h) is expired for it, live for the adder. */
const CLOSER_CLOCK_SECONDS = 86_400;
const ADDER_OUTCOMES = new Set(['added', 'refused session-closed', 'refused not-found']);

/** A worker process answering one line per request line (close-add-race-worker.ts). */
const startWorker = (args: readonly string[]) => {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done === true) throw new Error(`race worker exited: ${stderr}`);
    return line.value;
  };
  return {
    next,
    ask: (request: string): Promise<string> => {
      child.stdin.write(`${request}\n`);
      return next();
    },
    stop: async (): Promise<void> => {
      child.stdin.end();
      await closed;
    },
  };
};

const count = (tally: Map<string, number>, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

/** Runs the rounds against the database at `url` (opened by `handle` too); returns what each side saw. */
const race = async (url: string, handle: BenchHandle) => {
  const deps = testDeps(handle.store);
  const { account, service } = await givenService(handle.store);
  await givenPool(handle.store, service, 4);
  const adder = startWorker([url, 'add', account.sid, service.sid, '0']);
  const closer = startWorker([url, 'close', account.sid, service.sid, String(CLOSER_CLOCK_SECONDS)]);
  const adds = new Map<string, number>();
  const closes = new Map<string, number>();
  try {
    assert.deepEqual(await Promise.all([adder.next(), closer.next()]), ['ready', 'ready']);
    for (let round = 0; round < ROUNDS; round++) {
      const close = CLOSES[round % CLOSES.length] ?? 'update';
      const { session } = await createSession(deps, service, {
        ttl: close === 'sweep' ? 3600 : 0, participants: [{ identifier: `+1415555${String(1000 + round)}` }],
      });
      const request = `${session.sid} ${WHO} ${close}`;
      const [added, closed] = await Promise.all([adder.ask(request), closer.ask(request)]);
      count(adds, added);
      count(closes, closed);
    }
  } finally {
    await Promise.all([adder.stop(), closer.stop()]);
  }
  return { service, deps, adds, closes };
};

/** What the race must leave behind, read straight from the tables. */
const checkAfterRace = async (handle: BenchHandle, result: Awaited<ReturnType<typeof race>>) => {
  const { service, deps, adds, closes } = result;
  console.log(`[close-add race] ${handle.dialect}: adds ${JSON.stringify(Object.fromEntries(adds))}, closes ${JSON.stringify(Object.fromEntries(closes))}`);
  assert.deepEqual([...adds.keys()].filter((o) => !ADDER_OUTCOMES.has(o)), [], 'adds either win or find the session closed/gone');
  assert.deepEqual([...closes.keys()], ['closed'], 'every close succeeds');
  assert.ok((adds.get('added') ?? 0) > 0, 'some adds won the race, so there was something to unbind');

  const db = handle.kysely;
  const stuck = await db.selectFrom('participants as p').innerJoin('sessions as s', 's.sid', 'p.session_sid')
    .select(['p.identifier', 's.sid', 's.status']).where('p.bound', '=', 1).where('s.status', 'not in', ['open', 'in-progress']).execute();
  assert.deepEqual(stuck, [], 'no participant is bound in a closed session');
  const loads = await db.selectFrom('phone_numbers as n').select(['n.phone_number', 'n.load'])
    .select(sql<number | string>`(select count(*) from participants p where p.proxy_identifier_sid = n.sid and p.bound = 1)`.as('live'))
    .where('n.service_sid', '=', service.sid).execute();
  assert.deepEqual(loads.filter((n) => Number(n.live) !== n.load), [], 'every load equals its live bindings');
  assert.equal((await handle.store.activeBindings(service.sid, WHO)).size, 0, 'every session closed: the identifier holds nothing');
  const { participants } = await createSession(deps, service, { participants: [{ identifier: WHO }] });
  assert.equal(participants.length, 1, 'the identifier can join a new session');
};

describe('close vs add-participant across two processes', () => {
  it('sqlite: two processes on one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masq-close-race-'));
    const url = `sqlite:${join(dir, 'masq.db')}`;
    const handle = await openBenchHandle(url);
    try {
      await checkAfterRace(handle, await race(url, handle));
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('postgres: two processes on one database', { skip: POSTGRES_URL === undefined ? 'MASQ_TEST_POSTGRES_URL is not set' : false }, async () => {
    assert.ok(POSTGRES_URL);
    const schema = await createTestSchema(POSTGRES_URL);
    const url = withSearchPath(POSTGRES_URL, schema.schema);
    const handle = await openBenchHandle(url);
    try {
      await checkAfterRace(handle, await race(url, handle));
    } finally {
      await handle.close();
      await schema.drop();
    }
  });
});

/** A signal one side raises and the other awaits. */
const signal = () => {
  let raise: () => void = () => {};
  const raised = new Promise<void>((resolve) => { raise = resolve; });
  return { raise, raised };
};

interface Owner { readonly sid: string; readonly accountSid: string }

const ENDINGS: Readonly<Record<string, (store: Store, service: Owner, sessionSid: string) => Promise<boolean>>> = {
  close: (store, _service, session) => store.transaction((tx) => tx.closeSession(session, 'api', at(1))),
  delete: (store, service, session) => store.deleteSession(service.sid, session),
  // Deleting the whole service cascades the participant away; the number it was bound to must not keep the load.
  'service delete': (store, service) => store.deleteService(service.accountSid, service.sid),
};

// The mechanism itself, step by step on two connections: the race above shows it holds under load.
describe('postgres: the session row lock', { skip: POSTGRES_URL === undefined ? 'MASQ_TEST_POSTGRES_URL is not set' : false }, () => {
  for (const [ending, end] of Object.entries(ENDINGS)) {
    it(`a ${ending} waits for the transaction that locked the session, then frees the number it bound`, async () => {
      assert.ok(POSTGRES_URL);
      const schema = await createTestSchema(POSTGRES_URL);
      const url = withSearchPath(POSTGRES_URL, schema.schema);
      const adder = await openStore(url);
      const closer = await openStore(url, { migrate: false });
      try {
        const { service } = await givenService(adder);
        const [number] = await givenPool(adder, service, 1);
        assert.ok(number);
        const session = aSession(service);
        await adder.createSession(session);
        const locked = signal();
        const commit = signal();
        const adding = adder.transaction(async (tx) => {
          assert.equal((await tx.lockSession(service.sid, session.sid))?.status, 'open');
          await tx.createParticipant(aParticipant(session, number, { identifier: WHO }));
          locked.raise();
          await commit.raised;
        });
        await locked.raised;
        const ending = end(closer, service, session.sid);
        const first = await Promise.race([ending.then(() => 'ended'), new Promise((r) => setTimeout(r, 300)).then(() => 'waiting')]);
        commit.raise();
        await adding;
        assert.equal(first, 'waiting', 'the end waited for the bind to commit');
        assert.equal(await ending, true);
        assert.equal((await adder.activeBindings(service.sid, WHO)).size, 0, 'the participant bound meanwhile was unbound');
        assert.equal((await adder.findNumberBySid(service.accountSid, number.sid))?.load, 0);
      } finally {
        await closer.close();
        await adder.close();
        await schema.drop();
      }
    });
  }
});

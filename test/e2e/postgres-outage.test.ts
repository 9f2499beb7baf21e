// A database outage never ends a masq process (issue 10, item 1). A real `masq serve` runs on a private
// PostgreSQL cluster (never the shared test server, which other suites use meanwhile) while workers send
// API traffic. (a) masq's backends are terminated (pg_terminate_backend) under load; (b) PostgreSQL is
// stopped (pg_ctl stop -m immediate) while requests flow: every answer is then a clean 503 in Twilio's
// envelope with Retry-After, /healthz says the database is down, and the process stays up, background
// loops included; (c) PostgreSQL starts again and masq serves 2xx again without a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL } from '../support/stores.ts';
import { postgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.ts';
import { startServe, type Served } from './serve-process.ts';

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Driver or socket words that must never reach a caller. */
const DRIVER_TEXT = /ECONN|terminat|postgres|pg_|SQLSTATE|connection|57P0|socket/i;

const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A 503 exactly as promised: Retry-After, Twilio's envelope with code 20503, no driver text. */
const assertCleanUnavailable = (a: Answer, what: string): void => {
  assert.equal(a.status, 503, `${what}: ${a.status} ${a.body}`);
  assert.match(a.retryAfter ?? '', /^\d+$/, `${what}: Retry-After`);
  const body: unknown = JSON.parse(a.body);
  assert.ok(isJsonObject(body), a.body);
  assert.equal(body.code, 20503);
  assert.equal(body.status, 503);
  assert.equal(body.more_info, 'https://www.twilio.com/docs/errors/20503');
  assert.equal(typeof body.message, 'string');
  assert.doesNotMatch(a.body, DRIVER_TEXT, a.body);
};

describe('masq serve through a PostgreSQL outage', {
  skip: POSTGRES_URL === undefined ? 'MASQ_TEST_POSTGRES_URL is not set (PostgreSQL suites are skipped)' : false,
  timeout: 90_000,
}, () => {
  let cluster: ThrowawayPostgres | undefined;
  let served: Served | undefined;
  const answers: Answer[] = [];
  let traffic: { stop(): Promise<void> } | undefined;

  /** Status 0: no HTTP answer at all (the process is gone). */
  const call = async (method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> => {
    const s = served;
    if (!s) throw new Error('not started');
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`,
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form && { body: new URLSearchParams(form).toString() }),
      signal: AbortSignal.timeout(15_000),
    }).catch((err: unknown) => err instanceof Error ? err : new Error(String(err)));
    if (res instanceof Error) return { status: 0, retryAfter: null, body: res.message };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  };

  /** Workers that create a service and a session on it, and list services, until stopped. */
  const startTraffic = (workers: number): { stop(): Promise<void> } => {
    let stopped = false;
    let n = 0;
    const worker = async (w: number): Promise<void> => {
      while (!stopped) {
        const created = await call('POST', '/v1/Services', { UniqueName: `outage-${w}-${n++}` });
        answers.push(created);
        const sid = created.status === 201 ? /"sid":"(KS[0-9a-f]{32})"/.exec(created.body)?.[1] : undefined;
        if (sid) answers.push(await call('POST', `/v1/Services/${sid}/Sessions`, { UniqueName: `s-${n}`, Ttl: '3600' }));
        answers.push(await call('GET', '/v1/Services?PageSize=5'));
        if (created.status === 503 || created.status === 0) await sleep(50);
      }
    };
    const running = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
    return { stop: async () => { stopped = true; await running; } };
  };

  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: cluster?.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  /** Terminates every other client backend on the private cluster: only masq is connected to it. */
  const terminateMasqBackends = (): Promise<number> => admin(async (c) => {
    const { rowCount } = await c.query(`select pg_terminate_backend(pid) from pg_stat_activity
      where pid <> pg_backend_pid() and backend_type = 'client backend'`);
    return rowCount ?? 0;
  });

  const waitFor = async (what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${served?.output() ?? ''}`);
      await sleep(100);
    }
  };

  const assertAlive = (when: string): void => {
    assert.ok(served?.alive(), `masq serve exited ${when}:\n${served?.output() ?? ''}`);
  };

  const assertNoServerErrors = (): void => {
    const bad = answers.filter((a) => a.status === 0 || (a.status >= 500 && a.status !== 503));
    assert.deepEqual(bad, [], 'no 500 ever, only clean 503s');
    for (const a of answers.filter((x) => x.status === 503)) assertCleanUnavailable(a, 'an answer during the outage');
  };

  before(async () => {
    const bin = postgresBinDir();
    if (bin === null) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (initdb, pg_ctl)');
    cluster = await startThrowawayPostgres(bin);
    served = await startServe({}, { databaseUrl: cluster.url });
    traffic = startTraffic(6);
    await waitFor('traffic to flow', async () => answers.some((a) => a.status === 201), 10_000);
  });

  after(async () => {
    await traffic?.stop().catch(() => undefined);
    await served?.stop();
    cluster?.destroy();
  });

  test('(a) terminating masq\'s backends under load: no crash, no 500, and masq reconnects', async () => {
    for (let round = 0; round < 4; round++) {
      assert.ok(await terminateMasqBackends() > 0, 'masq had backends to terminate');
      await sleep(250);
      assertAlive(`after pg_terminate_backend (round ${round + 1})`);
    }
    const before = answers.length;
    await waitFor('2xx after the terminations', async () => answers.slice(before).some((a) => a.status === 201), 10_000);
    assertAlive('after pg_terminate_backend');
    assertNoServerErrors();
  });

  test('(b) PostgreSQL stopped while requests flow: 503 + Retry-After in the envelope, /healthz 503, still alive', async () => {
    cluster?.stopImmediate();
    const from = answers.length;
    // Long enough for the webhook outbox loop (every second) to fail a few times too.
    await sleep(2_500);
    const during = answers.slice(from + 12); // requests in flight at the stop may still have finished
    assert.ok(during.length > 0, 'requests kept being answered during the outage');
    for (const a of during) assertCleanUnavailable(a, 'an API request while PostgreSQL is down');
    const health = await call('GET', '/healthz');
    assert.equal(health.status, 503);
    assert.match(health.retryAfter ?? '', /^\d+$/);
    assert.deepEqual(JSON.parse(health.body), { status: 'unavailable', database: 'down' });
    assertAlive('while PostgreSQL is down');
    assert.match(served?.output() ?? '', /job worker: .*database unavailable/, 'the job worker logs the outage and keeps going');
    assertNoServerErrors();
  });

  test('(c) PostgreSQL back: masq serves 2xx again without a restart', async () => {
    cluster?.start();
    await waitFor('/healthz 200', async () => (await call('GET', '/healthz')).status === 200, 20_000);
    const from = answers.length;
    await waitFor('new 2xx traffic', async () => answers.slice(from).some((a) => a.status === 201), 10_000);
    const created = await call('POST', '/v1/Services', { UniqueName: 'after-the-outage' });
    assert.equal(created.status, 201, created.body);
    // The background tasks kept going through the outage and show it healed.
    const jobWorker = async (): Promise<Record<string, unknown> | undefined> => {
      const body: unknown = JSON.parse((await call('GET', '/healthz')).body);
      const tasks = typeof body === 'object' && body !== null && 'background' in body && Array.isArray(body.background) ? body.background : [];
      return tasks.find((t: unknown): t is Record<string, unknown> => typeof t === 'object' && t !== null && 'name' in t && t.name === 'job-worker');
    };
    await waitFor('the job worker passes again', async () => (await jobWorker())?.failures_in_a_row === 0, 10_000);
    assert.equal((await jobWorker())?.running, true);
    await traffic?.stop();
    assertAlive('after recovery');
    assertNoServerErrors();
    assert.doesNotMatch(served?.output() ?? '', /Unhandled|uncaught/i);
  });
});

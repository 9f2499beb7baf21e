// A carrier send bounded by a deadline (a job's lease): the attempt is cut to the time left, no retry
// starts that could not end in time, and with no time left nothing is sent at all.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { postWithRetries } from './post-form.ts';

describe('postWithRetries under a deadline', () => {
  let server: Server;
  let url: URL;
  let requests = 0;
  let mode: 'hang' | '503' = 'hang';
  before(async () => {
    server = createServer((req, res) => {
      requests += 1;
      req.resume();
      if (mode === '503') res.writeHead(503, { 'retry-after': '1' }).end('{}');
      // 'hang': never answers; the client's timeout ends it.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    url = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v2/messages`);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = () => ({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 60_000 });

  test('a hanging carrier is given up on by the deadline, not by the 60 s timeout: fate unknown, never retried', async () => {
    mode = 'hang';
    requests = 0;
    const outcome = await postWithRetries(post(), { maxAttempts: 3, retryDelayMs: 1 }, new Date(Date.now() + 400));
    assert.equal(outcome.kind, 'unknown');
    assert.match(outcome.kind === 'unknown' ? outcome.reason : '', /within \d+ ms/);
    assert.equal(requests, 1, 'a send that may have arrived is not repeated');
  });

  test('no retry is started that could not end before the deadline', async () => {
    mode = '503';
    requests = 0;
    const waits: number[] = [];
    const outcome = await postWithRetries(post(), { maxAttempts: 3, retryDelayMs: 1, wait: async (ms) => { waits.push(ms); } }, new Date(Date.now() + 600));
    // Retry-After asks for 1 s, more than is left: the 503 stands (provably not sent), the job retries later.
    assert.equal(outcome.kind === 'answered' && outcome.status, 503);
    assert.deepEqual(waits, []);
    assert.equal(requests, 1);
  });

  test('with no time left, nothing is sent', async () => {
    requests = 0;
    const outcome = await postWithRetries(post(), { maxAttempts: 3, retryDelayMs: 1 }, new Date(Date.now() - 1));
    assert.equal(outcome.kind, 'not-sent');
    assert.equal(requests, 0);
  });
});

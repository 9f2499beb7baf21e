// masq documents its own errors itself: GET /docs/errors serves docs/errors.md, and a masq-only error's
// more_info leads to its section there, on the server that answered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_SID, BASE, startApi, type Api } from './support.ts';

const ERRORS_DOC = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('GET /docs/errors', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test('serves docs/errors.md as UTF-8 markdown, without credentials', async () => {
    const res = await api.get('/docs/errors', null);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/markdown; charset=utf-8');
    assert.equal(res.body, ERRORS_DOC);
  });

  test('a masq-only error links to its section of that page, under the public base URL', async () => {
    // Another request holds the token (a long lease), so this one waits the full IDEMPOTENCY_WAIT_MS
    // (10 s of wall time) and is then told to retry: masq's idempotency-token-busy.
    const now = api.clock.now();
    const claim = { accountSid: ACCOUNT_SID, scope: 'POST /v1/Services', key: 'held-elsewhere', owner: 'another-instance', leaseUntil: new Date(now.getTime() + 600_000) };
    assert.equal((await api.runtime.deps.store.reserveIdempotent(claim, now)).kind, 'reserved');

    const res = await api.post('/v1/Services', { UniqueName: 'busy' }, undefined, { 'I-Twilio-Idempotency-Token': 'held-elsewhere' });
    assert.equal(res.status, 429);
    assert.equal(res.json.code, 20429);
    assert.equal(res.json.status, 429);
    assert.equal(res.json.more_info, `${BASE}/docs/errors#idempotency-token-busy`);

    const link = new URL(String(res.json.more_info));
    const page = await api.get(link.pathname, null);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(`\n### ${link.hash.slice(1)}\n`), 'the page has the section the link names');
  });
});

// masq serves its web console at /console/: hashed assets cached for a year, the page itself revalidated
// on every load, any page path of the single-page app answered with the page, a missing asset a 404.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultConfig } from '../../src/config/load-config.ts';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { consoleDirectory, createRuntime, type Runtime } from '../../src/runtime.ts';

const INDEX = '<!doctype html><html lang="en"><head><script type="module" src="/console/assets/index-3f9a1c.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = 'console.log("masq console");';

interface Served { readonly app: MasqApp; readonly runtime: Runtime }

const serve = async (consoleDir: string | null): Promise<Served> => {
  const runtime = await createRuntime(defaultConfig({ databaseUrl: 'sqlite::memory:' }), { sweepIntervalMs: 0, jobIntervalMs: 0 });
  const app = await buildApp({ deps: runtime.deps, publicUrl: 'http://masq.invalid', logLevel: 'silent', consoleDir });
  return { app, runtime };
};

const stop = async ({ app, runtime }: Served): Promise<void> => {
  await app.close();
  await runtime.close();
};

describe('the console, built', () => {
  let dir: string;
  let served: Served;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'masq-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-3f9a1c.js'), SCRIPT);
    served = await serve(dir);
  });
  after(async () => {
    await stop(served);
    rmSync(dir, { recursive: true, force: true });
  });

  test('/console/ is the page, revalidated on every load, without credentials, framed by no other site', async () => {
    const res = await served.app.inject({ method: 'GET', url: '/console/' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(res.body, INDEX);
  });

  test('/console redirects to /console/, keeping the query', async () => {
    const bare = await served.app.inject({ method: 'GET', url: '/console' });
    assert.equal(bare.statusCode, 301);
    assert.equal(bare.headers.location, '/console/');
    const withQuery = await served.app.inject({ method: 'GET', url: '/console?next=%2Fservices' });
    assert.equal(withQuery.headers.location, '/console/?next=%2Fservices');
  });

  test('a page path of the app (deep link, reload) answers the page, so the client router can show it', async () => {
    for (const path of ['/console/services', '/console/services/KS0123/sessions/KC4567', '/console/no-such-page?x=1']) {
      const res = await served.app.inject({ method: 'GET', url: path });
      assert.equal(res.statusCode, 200, path);
      assert.equal(res.headers['cache-control'], 'no-cache', path);
      assert.equal(res.body, INDEX, path);
    }
  });

  test('a hashed asset is cached for a year, immutable, with its type', async () => {
    const res = await served.app.inject({ method: 'GET', url: '/console/assets/index-3f9a1c.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(res.headers['content-type']), /^(text|application)\/javascript/);
    assert.equal(res.body, SCRIPT);
    const head = await served.app.inject({ method: 'HEAD', url: '/console/assets/index-3f9a1c.js' });
    assert.equal(head.statusCode, 200);
  });

  test('a missing asset is a 404 in Twilio\'s envelope, never the page (a stale tab must not run HTML as a script)', async () => {
    for (const path of ['/console/assets/index-000000.js', '/console/assets/nested/missing.css']) {
      const res = await served.app.inject({ method: 'GET', url: path });
      assert.equal(res.statusCode, 404, path);
      assert.ok(!res.body.includes('<html'), path);
    }
    const res = await served.app.inject({ method: 'GET', url: '/console/assets/index-000000.js' });
    assert.equal(res.json().status, 404);
  });

  test('an encoded path out of assets/ reads nothing outside it', async () => {
    const res = await served.app.inject({ method: 'GET', url: '/console/assets/%2e%2e%2findex.html' });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
    assert.ok(!res.body.includes('<html'));
  });

  test('the API around it is unchanged: still authenticated', async () => {
    const res = await served.app.inject({ method: 'GET', url: '/v1/Services' });
    assert.equal(res.statusCode, 401);
  });
});

describe('the console, not built or turned off', () => {
  test('not built: /console/ says how to build it (503), assets are 404', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'masq-console-empty-'));
    const served = await serve(empty);
    try {
      const page = await served.app.inject({ method: 'GET', url: '/console/' });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build/);
      const asset = await served.app.inject({ method: 'GET', url: '/console/assets/index-3f9a1c.js' });
      assert.equal(asset.statusCode, 404);
    } finally {
      await stop(served);
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('MASQ_CONSOLE_DIR=off: no /console routes at all', async () => {
    const dir = consoleDirectory(defaultConfig({ consoleDir: 'off' }));
    assert.equal(dir, null);
    const served = await serve(dir);
    try {
      const res = await served.app.inject({ method: 'GET', url: '/console/' });
      assert.equal(res.statusCode, 404);
    } finally {
      await stop(served);
    }
  });

  test('by default the console is the console/dist beside the package\'s src/ and dist/', () => {
    assert.equal(consoleDirectory(defaultConfig()), new URL('../../console/dist/', import.meta.url).pathname);
    assert.equal(consoleDirectory(defaultConfig({ consoleDir: '/srv/console' })), '/srv/console');
  });
});

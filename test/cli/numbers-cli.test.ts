// `masq numbers` against a real `masq serve`, run as a user runs it (node bin/masq.js): help, search as a
// table and as JSON (the official twilio client as the oracle), import from the sandbox, the credentials
// a quick start has, and the exit codes: 0 ok, 1 masq said no (Twilio's code and message), 2 usage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { freePort, startServe, type Served } from '../e2e/serve-process.ts';
import { jsonOf, runCli } from './run-cli.ts';

const isRow = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

describe('masq numbers against masq serve', () => {
  let served: Served;
  let env: Record<string, string>;

  before(async () => {
    served = await startServe();
    // What a newcomer has after pasting the banner's export line (and pointing at this port).
    env = { MASQ_URL: served.url, MASQ_ACCOUNT_SID: served.accountSid, MASQ_AUTH_TOKEN: served.authToken };
  });
  after(async () => { await served.stop(); });

  test('masq --help lists numbers; masq numbers --help lists its commands; each command has --help', async () => {
    assert.match((await runCli(['--help'])).stdout, /^ {2}numbers +search, buy, list, release and import/m);
    const help = await runCli(['numbers', '--help']);
    assert.equal(help.code, 0);
    for (const name of ['search', 'buy', 'list', 'release', 'import']) {
      assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
      const own = await runCli(['numbers', name, '--help']);
      assert.equal(own.code, 0, own.stderr);
      assert.match(own.stdout, new RegExp(`^Usage: masq numbers ${name}`));
      assert.match(own.stdout, /--json/);
      assert.match(own.stdout, /MASQ_AUTH_TOKEN/);
    }
    const bare = await runCli(['numbers']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /Usage: masq numbers <command>/);
    const unknown = await runCli(['numbers', 'sell']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'sell'/);
  });

  test('search prints a table of numbers for sale with carrier and price; --json the same rows the twilio client reads', async () => {
    const table = await runCli(['numbers', 'search', '--area-code', '415', '--sms', '--limit', '5'], env);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^Phone number +Type +Place +Rate center +Capabilities +Carrier +Price\/mo$/);
    assert.equal(lines.length, 2 + 5);
    for (const line of lines.slice(2)) assert.match(line, /^\+1415\d{7} +local +San Francisco, CA .* sandbox +\$1\.15$/);

    const json = await runCli(['numbers', 'search', '--area-code', '415', '--sms', '--limit', '5', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const rows = jsonOf(json);
    assert.ok(Array.isArray(rows) && rows.every(isRow));
    const client = twilio(served.accountSid, served.authToken);
    client.api.baseUrl = `${served.url}/api`;
    const oracle = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, smsEnabled: true, limit: 5 });
    assert.deepEqual(rows.map((r) => r.phone_number), oracle.map((n) => n.phoneNumber));
    assert.deepEqual(lines.slice(2).map((l) => l.split(' ')[0]), oracle.map((n) => n.phoneNumber), 'the table lists the same numbers');
    assert.ok(rows.every((r) => r.masq_carrier === 'sandbox' && r.masq_price === '1.15'));
  });

  test('search filters: toll-free, another country, a region, a pattern', async () => {
    const tollFree = jsonOf(await runCli(['numbers', 'search', '--type', 'toll-free', '--limit', '3', '--json'], env));
    assert.ok(Array.isArray(tollFree) && tollFree.length === 3 && tollFree.every((r) => isRow(r) && /^\+18\d{9}$/.test(String(r.phone_number))));
    const gb = jsonOf(await runCli(['numbers', 'search', '--country', 'gb', '--type', 'mobile', '--limit', '3', '--json'], env));
    assert.ok(Array.isArray(gb) && gb.every((r) => isRow(r) && String(r.phone_number).startsWith('+447')));
    const texas = jsonOf(await runCli(['numbers', 'search', '--region', 'TX', '--limit', '4', '--json'], env));
    assert.ok(Array.isArray(texas) && texas.length === 4 && texas.every((r) => isRow(r) && r.region === 'TX'));
    const fives = jsonOf(await runCli(['numbers', 'search', '--contains', '555****', '--limit', '4', '--json'], env));
    assert.ok(Array.isArray(fives) && fives.length === 4 && fives.every((r) => isRow(r) && /555\d{4}/.test(String(r.phone_number).slice(2))));
  });

  test("masq's refusals exit 1 with Twilio's code and message; a bad command line exits 2", async () => {
    const badArea = await runCli(['numbers', 'search', '--area-code', '999'], env);
    assert.equal(badArea.code, 1);
    assert.match(badArea.stderr, /^Error 21451: .*999/);
    assert.equal(badArea.stdout, '');
    const noType = await runCli(['numbers', 'search', '--country', 'US', '--type', 'mobile'], env);
    assert.equal(noType.code, 1);
    assert.match(noType.stderr, /^Error 20404: masq's carrier accounts sell no mobile numbers in US/);
    const wrongToken = await runCli(['numbers', 'search'], { ...env, MASQ_AUTH_TOKEN: 'wrong' });
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stderr, /^Error 20003: Authenticate/);

    for (const args of [['search', '--bogus'], ['search', '--limit', 'lots'], ['search', '--type', 'premium'], ['buy'], ['buy', '4155550123'], ['release', 'nope'], ['import']]) {
      const run = await runCli(['numbers', ...args], env);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`^masq numbers ${args[0]}: .*\\nRun 'masq numbers ${args[0]} --help'`));
    }
  });

  test('quick-start defaults: the dev account SID needs no setting; no token is a usage error; no server is exit 1', async () => {
    const devOnly = await runCli(['numbers', 'search', '--limit', '1'], { MASQ_URL: served.url, MASQ_AUTH_TOKEN: served.authToken });
    assert.equal(devOnly.code, 0, devOnly.stderr);
    const noToken = await runCli(['numbers', 'search'], { MASQ_URL: served.url });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /no credentials.*export line `masq serve` printed/);
    const down = await runCli(['numbers', 'search', '--url', `http://127.0.0.1:${await freePort()}`], env);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot reach masq at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  test('an API key authenticates with --api-key and --api-secret (the account SID still names the account)', async () => {
    const client = twilio(served.accountSid, served.authToken);
    client.api.baseUrl = `${served.url}/api`;
    const key = await client.newKeys.create({ friendlyName: 'cli' });
    const viaFlags = await runCli(['numbers', 'search', '--limit', '1', '--api-key', key.sid, '--api-secret', key.secret, '--json'], { MASQ_URL: served.url, MASQ_ACCOUNT_SID: served.accountSid });
    assert.equal(viaFlags.code, 0, viaFlags.stderr);
    const viaEnv = await runCli(['numbers', 'search', '--limit', '1'], { MASQ_URL: served.url, MASQ_ACCOUNT_SID: served.accountSid, MASQ_API_KEY: key.sid, MASQ_API_SECRET: key.secret });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    const keyAsAccount = await runCli(['numbers', 'search'], { MASQ_URL: served.url, MASQ_ACCOUNT_SID: key.sid, MASQ_AUTH_TOKEN: key.secret });
    assert.equal(keyAsAccount.code, 2);
    assert.match(keyAsAccount.stderr, /is an API key: pass it as --api-key/);
  });

  test('import from the sandbox carrier account: it holds nothing outside masq, so nothing comes in', async () => {
    const run = await runCli(['numbers', 'import', '--carrier', 'sandbox'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '0 imported and 0 skipped from carrier account sandbox.\n');
    assert.equal(run.stderr, '', 'no progress bar when stderr is not a terminal');
    const json = await runCli(['numbers', 'import', '--carrier', 'sandbox', '--point-at-masq', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(jsonOf(json), { imported: [], skipped: [] });
    const unknown = await runCli(['numbers', 'import', '--carrier', 'nope'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^Error 80701: 'Carrier' is invalid\. No carrier named 'nope' is configured/);
  });
});

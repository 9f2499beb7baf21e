// `masq numbers buy | list | release` against a real `masq serve` on the sandbox, run as a user runs them
// (node bin/masq.js), with the official twilio client as the oracle of what the account holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startServe, type Served } from '../e2e/serve-process.ts';
import { jsonOf, runCli, type CliRun } from './run-cli.ts';

type Client = ReturnType<typeof twilio>;
type Row = Record<string, unknown>;

const rowsOf = (run: CliRun): Row[] => {
  assert.equal(run.code, 0, run.stderr);
  const rows = jsonOf(run);
  assert.ok(Array.isArray(rows));
  return rows.filter((r): r is Row => typeof r === 'object' && r !== null);
};

describe('masq numbers buy, list and release against masq serve', () => {
  let served: Served;
  let env: Record<string, string>;
  let client: Client;

  before(async () => {
    served = await startServe();
    env = { MASQ_URL: served.url, MASQ_ACCOUNT_SID: served.accountSid, MASQ_AUTH_TOKEN: served.authToken };
    client = twilio(served.accountSid, served.authToken);
    client.api.baseUrl = `${served.url}/api`;
  });
  after(async () => { await served.stop(); });

  const held = async (): Promise<string[]> => (await client.incomingPhoneNumbers.list()).map((n) => n.phoneNumber).sort();

  test('buy what search found, see it in list and in the twilio client, release it by E.164 and by SID', async () => {
    const found = rowsOf(await runCli(['numbers', 'search', '--area-code', '415', '--limit', '3', '--json'], env)).map((r) => String(r.phone_number));
    assert.equal(found.length, 3);
    const [a, b, c] = found as [string, string, string];

    const bought = await runCli(['numbers', 'buy', a, b, '--friendly-name', 'cli test'], env);
    assert.equal(bought.code, 0, bought.stderr);
    const boughtLines = bought.stdout.trimEnd().split('\n');
    assert.match(boughtLines[0] ?? '', /^SID +Phone number +Friendly name +State +Carrier +Capabilities$/);
    assert.equal(boughtLines.length, 4);
    assert.equal(bought.stderr, '', 'no progress bar off a terminal, no failures');
    const records = (await client.incomingPhoneNumbers.list()).filter((n) => n.phoneNumber === a || n.phoneNumber === b);
    assert.equal(records.length, 2);
    assert.ok(records.every((n) => n.friendlyName === 'cli test'));
    for (const n of records) assert.match(boughtLines.find((l) => l.includes(n.phoneNumber)) ?? '', new RegExp(`^${n.sid} +\\${n.phoneNumber} +cli test `));

    const listed = rowsOf(await runCli(['numbers', 'list', '--json'], env));
    assert.deepEqual(listed.map((r) => r.sid).sort(), (await client.incomingPhoneNumbers.list()).map((n) => n.sid).sort(), 'list shows what the twilio client lists');
    const filtered = rowsOf(await runCli(['numbers', 'list', '--phone-number', a, '--json'], env));
    assert.deepEqual(filtered.map((r) => r.phone_number), [a]);
    const table = await runCli(['numbers', 'list'], env);
    assert.equal(table.code, 0, table.stderr);
    assert.ok(table.stdout.includes(a) && table.stdout.includes(b));

    const again = await runCli(['numbers', 'buy', a, c, '--json'], env);
    assert.equal(again.code, 1, 'one of the two could not be bought');
    assert.match(again.stderr, new RegExp(`^\\${a}: error 21422: `));
    assert.deepEqual(rowsOf({ ...again, code: 0 }).map((r) => r.phone_number), [c], 'the other one was still bought');

    const sidOfB = records.find((n) => n.phoneNumber === b)?.sid ?? '';
    const released = await runCli(['numbers', 'release', a, sidOfB], env);
    assert.equal(released.code, 0, released.stderr);
    assert.match(released.stdout, /^Released:\n/);
    const after = await held();
    assert.ok(!after.includes(a) && !after.includes(b) && after.includes(c));

    const gone = await runCli(['numbers', 'release', a], env);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, new RegExp(`^\\${a}: not among the account's numbers`));
  });

  test('a number in an open Proxy session is released only with --close-sessions, which closes the session', async () => {
    const [bought] = rowsOf(await runCli(['numbers', 'buy', '--area-code', '415', '--json'], env));
    const sid = String(bought?.sid);
    client.proxy.baseUrl = `${served.url}/proxy`;
    const service = await client.proxy.v1.services.create({ uniqueName: 'cli-release' });
    await client.proxy.v1.services(service.sid).phoneNumbers.create({ sid });
    const session = await client.proxy.v1.services(service.sid).sessions.create({ uniqueName: 'busy' });
    await client.proxy.v1.services(service.sid).sessions(session.sid).participants.create({ identifier: '+14155550101' });

    const refused = await runCli(['numbers', 'release', sid], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`^${sid}: error 80611: `));
    assert.ok((await client.incomingPhoneNumbers.list()).some((n) => n.sid === sid), 'still held');

    const released = await runCli(['numbers', 'release', sid, '--close-sessions'], env);
    assert.equal(released.code, 0, released.stderr);
    assert.ok(!(await client.incomingPhoneNumbers.list()).some((n) => n.sid === sid));
    assert.equal((await client.proxy.v1.services(service.sid).sessions(session.sid).fetch()).status, 'closed');
  });

  test('buy any number in an area code', async () => {
    const bought = rowsOf(await runCli(['numbers', 'buy', '--area-code', '212', '--json'], env));
    assert.equal(bought.length, 1);
    assert.match(String(bought[0]?.phone_number), /^\+1212\d{7}$/);
    assert.ok((await held()).includes(String(bought[0]?.phone_number)));
  });
});

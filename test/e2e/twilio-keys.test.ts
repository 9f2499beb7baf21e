// The official twilio client as the oracle for API keys, against a real `masq serve`: create a key with
// client.newKeys (2010 API), list/fetch/update it through client.api.v2010, then use SK + secret as the
// credentials of a second client for Proxy calls, until the key is deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startServe, type Served } from './serve-process.ts';

type Client = ReturnType<typeof twilio>;

const clientAt = (url: string, username: string, password: string, accountSid?: string): Client => {
  const client = twilio(username, password, accountSid === undefined ? {} : { accountSid });
  client.api.baseUrl = url;
  client.proxy.baseUrl = url;
  return client;
};

describe('API keys with the official twilio client against masq serve', () => {
  let served: Served;
  let client: Client;

  before(async () => {
    served = await startServe();
    client = clientAt(served.url, served.accountSid, served.authToken);
  });
  after(async () => { await served.stop(); });

  test('newKeys.create, then keys list / fetch / update parse as Twilio\'s', async () => {
    const created = await client.newKeys.create({ friendlyName: 'oracle' });
    assert.match(created.sid, /^SK[0-9a-f]{32}$/);
    assert.equal(typeof created.secret, 'string');
    assert.ok(created.dateCreated instanceof Date && !Number.isNaN(created.dateCreated.getTime()), 'RFC 2822 dates parse to Dates');

    const account = client.api.v2010.accounts(served.accountSid);
    for (const name of ['b', 'c']) await account.newKeys.create({ friendlyName: name });
    // pageSize 2 over 3 keys: the client must follow next_page_uri to see them all.
    const listed = await account.keys.list({ pageSize: 2 });
    assert.deepEqual(listed.map((k) => k.friendlyName), ['oracle', 'b', 'c']);
    const fetched = await account.keys(created.sid).fetch();
    assert.equal(fetched.friendlyName, 'oracle');
    assert.ok(fetched.dateUpdated instanceof Date);
    assert.equal((await account.keys(created.sid).update({ friendlyName: 'renamed' })).friendlyName, 'renamed');
  });

  test('SK + secret works as credentials for Proxy calls until the key is removed', async () => {
    const key = await client.newKeys.create({ friendlyName: 'proxy' });
    const asKey = clientAt(served.url, key.sid, key.secret, served.accountSid);
    const service = await asKey.proxy.v1.services.create({ uniqueName: 'made-with-a-key' });
    assert.equal(service.accountSid, served.accountSid);
    assert.equal((await client.proxy.v1.services(service.sid).fetch()).uniqueName, 'made-with-a-key');

    assert.equal(await client.api.v2010.accounts(served.accountSid).keys(key.sid).remove(), true);
    await assert.rejects(asKey.proxy.v1.services.list(), (err: unknown) => {
      assert.ok(err instanceof twilio.RestException);
      assert.equal(err.status, 401);
      assert.equal(err.code, 20003);
      return true;
    });
  });
});

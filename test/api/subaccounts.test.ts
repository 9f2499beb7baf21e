// Subaccounts (the 2010 Accounts resource) driven by the official twilio client against a listening app:
// a subaccount is a tenant of its own. Its credentials see nothing of its owner's; its owner's
// credentials see none of its Proxy resources (Proxy URLs carry no account) but reach its 2010 resources
// through the {AccountSid} in the URL. Suspended credentials get 20005, closed ones 401, and a closed
// account stays closed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { ACCOUNT_SID, AUTH_TOKEN, errorOf, OTHER_SID, OTHER_TOKEN, startApi, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

/** twilio-node parses RFC 2822 dates to Dates and leaves anything else a string. */
const isDate = (d: unknown) => d instanceof Date && !Number.isNaN(d.getTime());

/** The error the client raised: its HTTP status and Twilio code. */
const failure = async (work: Promise<unknown>): Promise<{ status: number; code: number | undefined }> => {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof twilio.RestException, String(err));
    return { status: err.status, code: err.code };
  }
  throw new Error('expected the request to fail');
};

const NOT_FOUND = { status: 404, code: 20404 };
const UNAUTHORIZED = { status: 401, code: 20003 };
const REFUSED = { status: 400, code: 21100 };

describe('subaccounts with the official twilio client', () => {
  let api: Api;
  let served: MasqApp;
  let origin: string;
  let parent: Client;

  const clientOf = (username: string, password: string, options: { accountSid?: string; prefix?: string } = {}): Client => {
    const client = twilio(username, password, options.accountSid === undefined ? {} : { accountSid: options.accountSid });
    client.api.baseUrl = `${origin}${options.prefix === undefined ? '' : '/api'}`;
    client.proxy.baseUrl = origin;
    return client;
  };

  /** A fresh subaccount of the parent and a client on its own credentials. */
  const newSubaccount = async (friendlyName?: string) => {
    const account = await parent.api.v2010.accounts.create(friendlyName === undefined ? {} : { friendlyName });
    return { account, client: clientOf(account.sid, account.authToken) };
  };

  before(async () => {
    api = await startApi();
    served = await buildApp({ deps: api.runtime.deps, publicUrl: null, sandbox: api.runtime.sandbox, logLevel: 'silent' });
    origin = await served.listen({ host: '127.0.0.1', port: 0 });
    parent = clientOf(ACCOUNT_SID, AUTH_TOKEN);
  });
  after(async () => {
    await served.close();
    await api.close();
  });

  test('create answers 201 with every Account field the client reads, and its own auth token', async () => {
    const { account } = await newSubaccount('customer 1');
    assert.match(account.sid, /^AC[0-9a-f]{32}$/);
    assert.match(account.authToken, /^[0-9a-f]{32}$/);
    assert.equal(account.friendlyName, 'customer 1');
    assert.equal(account.ownerAccountSid, ACCOUNT_SID);
    assert.equal(account.status, 'active');
    assert.equal(account.type, 'Full');
    assert.equal(account.uri, `/2010-04-01/Accounts/${account.sid}.json`);
    assert.equal(account.subresourceUris.keys, `/2010-04-01/Accounts/${account.sid}/Keys.json`);
    assert.ok(isDate(account.dateCreated) && isDate(account.dateUpdated));
    const fetched = await parent.api.v2010.accounts(account.sid).fetch();
    assert.deepEqual([fetched.sid, fetched.authToken, fetched.ownerAccountSid], [account.sid, account.authToken, ACCOUNT_SID]);
    // Twilio names a top-level account as its own owner.
    assert.equal((await parent.api.v2010.account.fetch()).ownerAccountSid, ACCOUNT_SID);
    const unnamed = await newSubaccount();
    assert.match(unnamed.account.friendlyName, /^SubAccount Created at \d{4}-\d{2}-\d{2} \d{2}:\d{2} (am|pm)$/);
  });

  test("a subaccount's credentials see none of its owner's services, sessions, keys or account", async () => {
    const service = await parent.proxy.v1.services.create({ uniqueName: 'parent-service' });
    const session = await parent.proxy.v1.services(service.sid).sessions.create({ uniqueName: 'parent-session' });
    const key = await parent.api.v2010.accounts(ACCOUNT_SID).newKeys.create({ friendlyName: 'parent-key' });
    const { account, client: sub } = await newSubaccount('isolated');

    assert.deepEqual(await sub.proxy.v1.services.list(), []);
    assert.deepEqual(await failure(sub.proxy.v1.services(service.sid).fetch()), NOT_FOUND);
    assert.deepEqual(await failure(sub.proxy.v1.services(service.sid).sessions(session.sid).fetch()), NOT_FOUND);
    assert.deepEqual(await failure(sub.api.v2010.accounts(ACCOUNT_SID).keys.list()), NOT_FOUND);
    assert.deepEqual(await failure(sub.api.v2010.accounts(ACCOUNT_SID).keys(key.sid).fetch()), NOT_FOUND);
    assert.deepEqual(await sub.api.v2010.accounts(account.sid).keys.list(), []);
    assert.deepEqual(await failure(sub.api.v2010.accounts(ACCOUNT_SID).fetch()), NOT_FOUND);
    assert.deepEqual((await sub.api.v2010.accounts.list()).map((a) => a.sid), [account.sid], 'a subaccount lists itself only');
    // And its own Proxy resources are its own: the same unique name as its owner's is no conflict.
    const own = await sub.proxy.v1.services.create({ uniqueName: 'parent-service' });
    assert.equal(own.accountSid, account.sid);
  });

  test("the owner's credentials see none of the subaccount's Proxy resources but act on its 2010 resources by URL", async () => {
    const { account, client: sub } = await newSubaccount('tenant');
    const service = await sub.proxy.v1.services.create({ uniqueName: 'tenant-service' });
    assert.ok(!(await parent.proxy.v1.services.list()).some((s) => s.sid === service.sid));
    assert.deepEqual(await failure(parent.proxy.v1.services(service.sid).fetch()), NOT_FOUND);

    // client = twilio(parentSid, parentToken, { accountSid: sub }): the 2010 URLs name the subaccount.
    const onBehalf = clientOf(ACCOUNT_SID, AUTH_TOKEN, { accountSid: account.sid });
    const key = await onBehalf.newKeys.create({ friendlyName: 'made-by-owner' });
    assert.deepEqual((await sub.api.v2010.accounts(account.sid).keys.list()).map((k) => k.sid), [key.sid], 'the key is the subaccount\'s');
    assert.ok(!(await parent.api.v2010.accounts(ACCOUNT_SID).keys.list()).some((k) => k.sid === key.sid));
    assert.ok((await onBehalf.availablePhoneNumbers.list()).length > 0);
    // The key works as the subaccount's, for its Proxy resources.
    const asKey = clientOf(key.sid, key.secret, { accountSid: account.sid });
    assert.deepEqual((await asKey.proxy.v1.services.list()).map((s) => s.sid), [service.sid]);
  });

  test("the owner's API keys reach neither its subaccounts' resources nor the Accounts resource", async () => {
    const { account } = await newSubaccount('guarded');
    const key = await parent.newKeys.create({ friendlyName: 'owner-key' });
    const asKey = clientOf(key.sid, key.secret, { accountSid: account.sid });
    assert.ok((await clientOf(key.sid, key.secret, { accountSid: ACCOUNT_SID }).availablePhoneNumbers.list()).length > 0, 'its own account: yes');
    assert.deepEqual(await failure(asKey.availablePhoneNumbers.list()), NOT_FOUND);
    assert.deepEqual(await failure(asKey.api.v2010.accounts.list()), UNAUTHORIZED);
    assert.deepEqual(await failure(asKey.api.v2010.accounts.create({ friendlyName: 'minted' })), UNAUTHORIZED);
  });

  test('the list shows the caller and its subaccounts, page by page, filtered by FriendlyName and Status', async () => {
    const fresh = await startApi();
    const app = await buildApp({ deps: fresh.runtime.deps, publicUrl: null, sandbox: fresh.runtime.sandbox, logLevel: 'silent' });
    const at = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const owner = twilio(ACCOUNT_SID, AUTH_TOKEN);
      owner.api.baseUrl = at;
      const made = [];
      for (const name of ['a', 'b', 'c']) made.push(await owner.api.v2010.accounts.create({ friendlyName: name }));
      await owner.api.v2010.accounts(made[1]?.sid ?? '').update({ status: 'suspended' });
      assert.deepEqual((await owner.api.v2010.accounts.list({ pageSize: 2 })).map((a) => a.sid), [ACCOUNT_SID, ...made.map((a) => a.sid)]);
      assert.deepEqual((await owner.api.v2010.accounts.list({ friendlyName: 'c' })).map((a) => a.sid), [made[2]?.sid]);
      assert.deepEqual((await owner.api.v2010.accounts.list({ status: 'suspended' })).map((a) => a.sid), [made[1]?.sid]);
      // The filter rides along on every page link the client follows.
      assert.deepEqual((await owner.api.v2010.accounts.list({ status: 'active', pageSize: 1 })).map((a) => a.sid), [ACCOUNT_SID, made[0]?.sid, made[2]?.sid]);
      const other = twilio(OTHER_SID, OTHER_TOKEN);
      other.api.baseUrl = at;
      assert.deepEqual((await other.api.v2010.accounts.list()).map((a) => a.sid), [OTHER_SID], 'another top-level account sees only itself');
      assert.deepEqual(await failure(other.api.v2010.accounts(made[0]?.sid ?? '').fetch()), NOT_FOUND);
    } finally {
      await app.close();
      await fresh.close();
    }
  });

  test('suspended: its credentials and keys get 20005 until the owner reactivates it', async () => {
    const { account, client: sub } = await newSubaccount('suspend-me');
    const key = await sub.newKeys.create({ friendlyName: 'sub-key' });
    const asKey = clientOf(key.sid, key.secret, { accountSid: account.sid });
    const updated = await parent.api.v2010.accounts(account.sid).update({ status: 'suspended' });
    assert.equal(updated.status, 'suspended');
    const NOT_ACTIVE = { status: 403, code: 20005 };
    assert.deepEqual(await failure(sub.proxy.v1.services.list()), NOT_ACTIVE);
    assert.deepEqual(await failure(asKey.proxy.v1.services.list()), NOT_ACTIVE);
    assert.deepEqual(await failure(sub.api.v2010.accounts(account.sid).fetch()), NOT_ACTIVE);
    // A suspended subaccount's 2010 resources are closed to its owner too; the account itself is not.
    assert.deepEqual(await failure(clientOf(ACCOUNT_SID, AUTH_TOKEN, { accountSid: account.sid }).keys.list()), NOT_FOUND);
    assert.equal((await parent.api.v2010.accounts(account.sid).fetch()).status, 'suspended');
    // Wrong credentials of a suspended account are still just wrong.
    assert.deepEqual(await failure(clientOf(account.sid, 'wrong').proxy.v1.services.list()), UNAUTHORIZED);

    await parent.api.v2010.accounts(account.sid).update({ status: 'active' });
    assert.deepEqual(await sub.proxy.v1.services.list(), []);
    assert.deepEqual(await asKey.proxy.v1.services.list(), []);
  });

  test('closed: its credentials are refused (401) and it can never be reopened', async () => {
    const { account, client: sub } = await newSubaccount('close-me');
    const key = await sub.newKeys.create({ friendlyName: 'sub-key' });
    assert.equal((await parent.api.v2010.accounts(account.sid).update({ status: 'closed' })).status, 'closed');
    assert.deepEqual(await failure(sub.proxy.v1.services.list()), UNAUTHORIZED);
    assert.deepEqual(await failure(clientOf(key.sid, key.secret, { accountSid: account.sid }).proxy.v1.services.list()), UNAUTHORIZED);
    for (const change of [{ status: 'active' as const }, { status: 'suspended' as const }, { friendlyName: 'reborn' }]) {
      assert.deepEqual(await failure(parent.api.v2010.accounts(account.sid).update(change)), REFUSED);
    }
    const listed = await parent.api.v2010.accounts.list({ status: 'closed' });
    assert.ok(listed.some((a) => a.sid === account.sid && a.friendlyName === 'close-me'));
  });

  test('who may change what: no self-suspension, no closing the top-level account, no sub-subaccounts', async () => {
    const { account, client: sub } = await newSubaccount('self');
    assert.deepEqual(await failure(sub.api.v2010.accounts(account.sid).update({ status: 'closed' })), REFUSED);
    assert.equal((await sub.api.v2010.accounts(account.sid).update({ friendlyName: 'renamed by itself' })).friendlyName, 'renamed by itself');
    assert.deepEqual(await failure(sub.api.v2010.accounts.create({ friendlyName: 'grandchild' })), REFUSED);
    for (const status of ['suspended', 'closed'] as const) {
      assert.deepEqual(await failure(parent.api.v2010.accounts(ACCOUNT_SID).update({ status })), REFUSED);
    }
    assert.equal((await parent.api.v2010.accounts(ACCOUNT_SID).fetch()).status, 'active');
    const renamed = await parent.api.v2010.accounts(account.sid).update({ friendlyName: 'renamed by owner' });
    assert.equal(renamed.friendlyName, 'renamed by owner');
  });

  test('the Accounts resource answers under the /api prefix as at the root', async () => {
    const prefixed = clientOf(ACCOUNT_SID, AUTH_TOKEN, { prefix: '/api' });
    const created = await prefixed.api.v2010.accounts.create({ friendlyName: 'prefixed' });
    assert.equal((await prefixed.api.v2010.accounts(created.sid).fetch()).friendlyName, 'prefixed');
    const page = await prefixed.api.v2010.accounts.page({ pageSize: 1 });
    assert.match(String(page.getNextPageUrl()), new RegExp(`^${origin}/api/2010-04-01/Accounts\\.json\\?PageSize=1&Page=1&PageToken=`));
    assert.equal((await clientOf(created.sid, created.authToken, { prefix: '/api' }).api.v2010.accounts.list()).length, 1);
  });

  test('a Status outside the three, or a FriendlyName over 64 characters, is a 400 envelope and changes nothing', async () => {
    const { account } = await newSubaccount('strict');
    const path = `/2010-04-01/Accounts/${account.sid}.json`;
    for (const fields of [{ Status: 'deleted' }, { FriendlyName: 'x'.repeat(65) }]) {
      const res = await api.post(path, fields);
      assert.equal(errorOf(res).status, 400, res.body);
      assert.equal(errorOf(res).bodyStatus, 400);
    }
    assert.equal((await api.get('/2010-04-01/Accounts.json?Status=deleted')).status, 400);
    const fetched = await parent.api.v2010.accounts(account.sid).fetch();
    assert.deepEqual([fetched.status, fetched.friendlyName], ['active', 'strict']);
  });
});

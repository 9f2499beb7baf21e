// The official twilio client (devDependency) against a real `masq serve` process: every Proxy resource
// and operation, the number-management walkthrough, paging across pages, and errors as RestException.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startServe, type Served } from './serve-process.ts';

type Client = ReturnType<typeof twilio>;

const A = '+14155550001';
const X = '+14155550010';
const B = '+14155550002';
const Y = '+14155550020';
const C = '+14155550003';
const UK = '+447700900123';
const US_DRIVER = '+14155550030';

const rejectsWith = async (work: () => Promise<unknown>, status: number, code: number): Promise<void> => {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof twilio.RestException, `RestException, got ${String(err)}`);
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    assert.equal(err.moreInfo, `https://www.twilio.com/docs/errors/${code}`);
    return true;
  });
};

describe('the official twilio client against masq serve', () => {
  let served: Served;
  let client: Client;
  let serviceSid = '';
  const sessions: Record<string, string> = {};

  before(async () => {
    served = await startServe();
    client = twilio(served.accountSid, served.authToken);
    client.proxy.baseUrl = served.url;
  });
  after(async () => { await served.stop(); });

  const service = () => client.proxy.v1.services(serviceSid);
  const pair = async (name: string, customer: string, driver: string) => {
    const session = await service().sessions.create({ uniqueName: name, participants: [{ Identifier: customer, FriendlyName: 'customer' }, { Identifier: driver, FriendlyName: 'driver' }] });
    sessions[name] = session.sid;
    const participants = await service().sessions(session.sid).participants.list();
    const proxyOf = (id: string) => participants.find((p) => p.identifier === id)?.proxyIdentifier;
    return { customer: proxyOf(customer), driver: proxyOf(driver) };
  };

  test('serve printed development credentials that work', () => {
    assert.match(served.accountSid, /^AC[0-9a-f]{32}$/);
    assert.match(served.output(), /development credentials/);
  });

  test('services: create, fetch (SID and UniqueName), update, list', async () => {
    const created = await client.proxy.v1.services.create({ uniqueName: 'e2e rides', defaultTtl: 3600, geoMatchLevel: 'country', numberSelectionBehavior: 'prefer-sticky' });
    serviceSid = created.sid;
    assert.match(created.sid, /^KS/);
    assert.equal(created.defaultTtl, 3600);
    assert.ok(created.dateCreated instanceof Date && !Number.isNaN(created.dateCreated.getTime()));
    assert.equal(created.url, `${served.url}/v1/Services/${created.sid}`);
    assert.equal((await client.proxy.v1.services('e2e rides').fetch()).sid, created.sid);
    const updated = await service().update({ defaultTtl: 0, callbackUrl: 'https://callbacks.invalid/cb' });
    assert.equal(updated.defaultTtl, 0);
    assert.equal(updated.callbackUrl, 'https://callbacks.invalid/cb');
    assert.ok((await client.proxy.v1.services.list()).some((s) => s.sid === created.sid));
  });

  test('the pool: add by PhoneNumber, fetch, list, reserve', async () => {
    for (const number of ['+14155551212', '+14155553434']) {
      const added = await service().phoneNumbers.create({ phoneNumber: number });
      assert.equal(added.phoneNumber, number);
      assert.equal(added.isoCountry, 'US');
      assert.equal(added.isReserved, false);
      // The spec's PhoneNumberCapabilities fields, as twilio-node types them.
      const { voice, sms, mms, fax } = added.capabilities;
      assert.deepEqual({ voice, sms, mms, fax }, { voice: true, sms: true, mms: true, fax: false });
    }
    const listed = await service().phoneNumbers.list();
    assert.deepEqual(listed.map((n) => n.phoneNumber), ['+14155551212', '+14155553434']);
    const first = listed[0];
    assert.ok(first);
    assert.equal((await service().phoneNumbers(first.sid).fetch()).phoneNumber, '+14155551212');
    assert.equal((await service().phoneNumbers(first.sid).update({ isReserved: true })).isReserved, true);
    assert.equal((await service().phoneNumbers(first.sid).update({ isReserved: false })).isReserved, false);
  });

  test('the walkthrough: A+X, B+Y, C+X (X gets a second number), UK customer with a US driver', async () => {
    const ax = await pair('A+X', A, X);
    const by = await pair('B+Y', B, Y);
    const cx = await pair('C+X', C, X);
    for (const proxies of [ax, by, cx]) {
      assert.match(proxies.customer ?? '', /^\+1415555(1212|3434)$/);
      assert.match(proxies.driver ?? '', /^\+1415555(1212|3434)$/);
    }
    assert.notEqual(cx.driver, ax.driver, 'Driver X holds one number per active session');
    await service().phoneNumbers.create({ phoneNumber: '+447700900999' });
    const uk = await pair('UK', UK, US_DRIVER);
    assert.equal(uk.customer, '+447700900999');
    assert.match(uk.driver ?? '', /^\+1415555(1212|3434)$/);
  });

  test('paging across several pages: list, page/nextPage, each', async () => {
    const listed = await service().sessions.list({ pageSize: 2 });
    assert.equal(listed.length, 4);
    const first = await service().sessions.page({ pageSize: 2 });
    assert.equal(first.instances.length, 2);
    assert.ok(first.nextPageUrl?.startsWith(served.url));
    const second = await first.nextPage();
    assert.ok(second);
    assert.equal(second.instances.length, 2);
    const third = await second.nextPage();
    assert.equal(third, undefined);
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      service().sessions.each({ pageSize: 2, callback: (item) => { seen.push(item.sid); }, done: (err?: Error) => (err ? reject(err) : resolve()) });
    });
    assert.deepEqual(seen, listed.map((s) => s.sid));
    assert.equal((await service().sessions.list({ limit: 3 })).length, 3);
  });

  test('sessions: fetch by UniqueName, update ttl, close, re-open', async () => {
    const sid = sessions['B+Y'] ?? '';
    assert.equal((await service().sessions('B+Y').fetch()).sid, sid);
    assert.equal((await service().sessions(sid).update({ ttl: 600 })).ttl, 600);
    const closed = await service().sessions(sid).update({ status: 'closed' });
    assert.equal(closed.status, 'closed');
    assert.ok(closed.dateEnded instanceof Date);
    assert.equal((await service().sessions(sid).update({ status: 'in-progress' })).status, 'in-progress');
  });

  test('participants: create, fetch, list, remove (soft)', async () => {
    const session = await service().sessions.create({ uniqueName: 'solo' });
    const p = await service().sessions(session.sid).participants.create({ identifier: '+14155550040', friendlyName: 'Solo' });
    assert.equal((await service().sessions(session.sid).participants(p.sid).fetch()).friendlyName, 'Solo');
    assert.equal(await service().sessions(session.sid).participants(p.sid).remove(), true);
    const after = await service().sessions(session.sid).participants.list();
    assert.ok(after[0]?.dateDeleted instanceof Date);
  });

  test('message interactions reach the sandbox inbox; interactions list, fetch, remove', async () => {
    const sid = sessions['A+X'] ?? '';
    const customer = (await service().sessions(sid).participants.list()).find((p) => p.identifier === A);
    assert.ok(customer);
    const mi = await service().sessions(sid).participants(customer.sid).messageInteractions.create({ body: 'Your driver is 2 minutes away', mediaUrl: ['https://example.com/map.png'] });
    assert.equal(mi.type, 'message');
    assert.equal(mi.participantSid, customer.sid);
    assert.equal(mi.outboundResourceStatus, 'delivered');
    assert.equal(JSON.parse(mi.data).body, 'Your driver is 2 minutes away');
    const auth = `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}`;
    const inbox = await fetch(`${served.url}/sandbox/phones/${encodeURIComponent(A)}/messages`, { headers: { authorization: auth } });
    const messages: unknown = await inbox.json();
    assert.match(JSON.stringify(messages), /Your driver is 2 minutes away/);
    assert.match(JSON.stringify(messages), new RegExp(`"from":"\\${customer.proxyIdentifier}"`));
    const listedMi = await service().sessions(sid).participants(customer.sid).messageInteractions.list();
    assert.deepEqual(listedMi.map((m) => m.sid), [mi.sid]);
    assert.equal((await service().sessions(sid).participants(customer.sid).messageInteractions(mi.sid).fetch()).sid, mi.sid);
    const interactions = await service().sessions(sid).interactions.list();
    assert.ok(interactions.some((i) => i.sid === mi.sid));
    assert.equal((await service().sessions(sid).interactions(mi.sid).fetch()).outboundResourceType, 'Message');
    assert.equal(await service().sessions(sid).interactions(mi.sid).remove(), true);
    assert.equal((await service().sessions(sid).fetch()).status, 'in-progress');
  });

  test('errors arrive as RestException with status, code and moreInfo', async () => {
    await rejectsWith(() => client.proxy.v1.services.create({ uniqueName: 'e2e rides' }), 400, 80602);
    await rejectsWith(() => client.proxy.v1.services(`KS${'0'.repeat(32)}`).fetch(), 404, 20404);
    await rejectsWith(() => service().sessions('no such session').fetch(), 404, 80308);
    await rejectsWith(() => service().phoneNumbers.create({ phoneNumber: '+14155551212' }), 400, 80104);
    const inUse = (await service().phoneNumbers.list())[0];
    assert.ok(inUse);
    await rejectsWith(() => service().phoneNumbers(inUse.sid).remove(), 400, 80611);
    await rejectsWith(() => service().sessions.create({ ttl: -5 }), 400, 80701);
    const wrong = twilio(served.accountSid, 'not-the-token');
    wrong.proxy.baseUrl = served.url;
    await rejectsWith(() => wrong.proxy.v1.services.list(), 401, 20003);
  });

  test('deletes: session, phone number, service', async () => {
    assert.equal(await service().sessions(sessions.UK ?? '').remove(), true);
    const gb = (await service().phoneNumbers.list()).find((n) => n.phoneNumber === '+447700900999');
    assert.ok(gb);
    assert.equal(await service().phoneNumbers(gb.sid).remove(), true);
    assert.equal(await service().remove(), true);
    await rejectsWith(() => service().fetch(), 404, 20404);
  });
});

// masq with a SIP account, end to end on SQLite and PostgreSQL: a masked session's participant calls their
// proxy number from a SIP peer (127.0.0.2); the B-leg reaches the partner through the trunk (127.0.0.3)
// with the partner's proxy number as From and P-Asserted-Identity and the caller's number nowhere in it;
// the interaction records the call's start, answer, end, duration and cause. Declared numbers are what
// `masq numbers import` takes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list, seedService, startApi, str, type Api } from '../../../test/api/support.ts';
import { accountsLoader } from '../../../test/support/carrier-settings.ts';
import { CALLER_ADDRESS, eventually, headerText, startSipPeer, TRUNK_ADDRESS, wireText, type SipPeer } from '../../../test/support/sip-peer.ts';
import { suiteDatabaseUrl, TEST_DIALECTS, type TestDatabase } from '../../../test/support/stores.ts';
import { SIP_SETTINGS } from './settings.ts';

const ALICE = '+14155550101';
const BOB = '+14155550404';
const PROXY_1 = '+14155557001';
const PROXY_2 = '+14155557002';
const PROXY_3 = '+14155557003';

const sipAccounts = (trunkPort: number) => accountsLoader(SIP_SETTINGS).load([{
  type: 'sip', name: 'trunk', listenAddress: '127.0.0.1', listenPort: '0', allowedPeers: `${CALLER_ADDRESS},${TRUNK_ADDRESS}`,
  trunk: `${TRUNK_ADDRESS}:${trunkPort}`, numbers: `${PROXY_1}-${PROXY_2},${PROXY_3}`, leaseMs: '3000', country: 'US',
}]);

const sipPort = (api: Api): number | undefined => {
  const link = api.runtime.deps.carriers.find('trunk')?.link;
  return link && 'port' in link && typeof link.port === 'function' ? (link.port() ?? undefined) : undefined;
};

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: SIP carrier in a masked session`, () => {
    let caller: SipPeer;
    let trunk: SipPeer;
    let db: TestDatabase;
    let api: Api;
    let port = 0;
    let serviceSid = '';
    let sessionSid = '';

    before(async () => {
      caller = await startSipPeer(CALLER_ADDRESS);
      trunk = await startSipPeer(TRUNK_ADDRESS);
      db = await suiteDatabaseUrl(dialect);
      api = await startApi({ config: { databaseUrl: db.url, carrierAccounts: sipAccounts(trunk.port) } });
      port = await eventually(() => sipPort(api), 'the SIP link to listen');
      const { sid, numbers } = await seedService(api, 'sip', [PROXY_1, PROXY_2]);
      serviceSid = sid;
      for (const numberSid of numbers) {
        const moved = await api.post(`/masq/v1/PhoneNumbers/${numberSid}`, { Carrier: 'trunk' });
        assert.equal(moved.json.carrier, 'trunk', moved.body);
      }
      const created = await api.post(`/v1/Services/${sid}/Sessions`, { UniqueName: 'alice-bob' });
      sessionSid = str(created.json, 'sid');
      for (const [identifier, proxy] of [[ALICE, PROXY_1], [BOB, PROXY_2]] as const) {
        const added = await api.post(`/v1/Services/${sid}/Sessions/${sessionSid}/Participants`, { Identifier: identifier, ProxyIdentifier: proxy });
        assert.equal(added.status, 201, added.body);
      }
    });
    after(async () => {
      await api.close();
      await db.drop();
      await caller.close();
      await trunk.close();
    });

    const interactions = async () => list((await api.get(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Interactions`)).json, 'interactions');

    test('Alice calls her proxy number: Bob is called from his proxy number, Alice\'s number nowhere; the interaction records the call', async () => {
      const call = caller.call({ host: '127.0.0.1', port, to: PROXY_1, from: ALICE, headers: { 'Remote-Party-ID': `<sip:${ALICE}@${CALLER_ADDRESS}>`, 'X-Origin': ALICE } });
      const ok = await call.finalResponse();
      assert.equal(ok.status, 200, `${ok.status} ${ok.reason}`);
      const bInvite = trunk.invites().at(-1);
      assert.ok(bInvite);
      assert.match(String(bInvite.uri), new RegExp(`^sip:\\${BOB}@`));
      assert.match(String(bInvite.headers.from.uri), new RegExp(`^sip:\\${PROXY_2}@`));
      assert.match(headerText(bInvite, 'p-asserted-identity') ?? '', new RegExp(`sip:\\${PROXY_2}@`));
      assert.ok(!wireText(bInvite).includes(ALICE.slice(2)), 'Alice\'s number is nowhere on the B-leg');

      await new Promise((resolve) => setTimeout(resolve, 1_100));
      assert.equal((await call.bye()).status, 200);
      await trunk.waitForRequest((r) => r.method === 'BYE' && r.headers['call-id'] === bInvite.headers['call-id'], 'the BYE to Bob');

      let interaction: Record<string, unknown> | undefined;
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        interaction = (await interactions())[0];
        if (interaction?.inbound_resource_status === 'completed' && interaction.outbound_resource_status === 'completed') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(interaction);
      assert.equal(interaction.type, 'voice');
      assert.equal(interaction.inbound_resource_sid, call.callId);
      assert.equal(interaction.outbound_resource_sid, bInvite.headers['call-id']);
      assert.equal(interaction.inbound_resource_status, 'completed');
      assert.equal(interaction.outbound_resource_status, 'completed');
      const data: unknown = JSON.parse(String(interaction.data));
      assert.ok(typeof data === 'object' && data !== null);
      const fields = new Map(Object.entries(data));
      assert.equal(fields.get('cause'), 'caller-hangup');
      assert.ok(Number(fields.get('duration')) >= 1, `a duration: ${String(interaction.data)}`);
      for (const key of ['answered_at', 'ended_at']) assert.match(String(fields.get(key)), /^\d{4}-\d\d-\d\dT/, key);
      assert.ok(Date.parse(String(fields.get('ended_at'))) > Date.parse(String(fields.get('answered_at'))));
      assert.ok(Date.parse(String(interaction.date_created)) <= Date.parse(String(fields.get('answered_at'))), 'the start precedes the answer');
    });

    test('the declared numbers are what `masq numbers import` takes: new ones imported voice-only, held ones skipped', async () => {
      const page = await api.post('/masq/v1/Numbers/Import', { Carrier: 'trunk', PointAtMasq: 'true' });
      assert.equal(page.status, 200, page.body);
      const imported = list(page.json, 'imported');
      const skipped = list(page.json, 'skipped');
      assert.deepEqual(imported.map((n) => n.phone_number), [PROXY_3]);
      assert.deepEqual(skipped.map((n) => n.phone_number).sort(), [PROXY_1, PROXY_2]);
      const number = await api.get(`/masq/v1/Numbers/${String(imported[0]?.sid)}`);
      assert.equal(number.json.carrier, 'trunk');
      assert.deepEqual(number.json.capabilities, { voice: true, sms: false, mms: false, fax: false });
    });
  });
}

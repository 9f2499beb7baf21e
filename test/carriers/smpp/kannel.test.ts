// masq as the SMPP server of a reverse interconnect, against a real upstream gateway: Kannel's bearerbox
// binds to masq (an account with `connection: server`) and smsbox is how the test writes and reads SMS,
// on SQLite and PostgreSQL. A message put into Kannel's sendsms API from a participant's real number to
// their proxy number reaches the partner from the partner's proxy number (masq's deliver_sm, then
// smsbox's get-url), both ways; a long message Kannel splits with UDH arrives whole; the receipt Kannel
// asks for comes back (delivered, or undelivered when masq refuses the message); and after masq stops
// and starts again Kannel binds again and what it queued meanwhile flows. Then the same with Kannel bound
// as a transmitter and a receiver. In CI a missing Kannel fails the suite; elsewhere it is skipped, loudly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list, startApi, type Api } from '../../api/support.ts';
import { kannelAvailable, startKannel, type Kannel, type KannelBinds, type KannelCallback } from '../../support/kannel.ts';
import { freePort } from '../../support/sipp.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';
import { BOB, CAROL, CREDENTIALS, eventually, linkReady, SMPP_1, SMPP_2, smppAccounts, startSmppWorld, type SmppWorld } from './smpp-world.ts';

const available = kannelAvailable();
const inCi = Boolean(process.env.CI);
/** Someone in no session, writing to a proxy number: masq refuses the message. */
const STRANGER = '+14155550999';

/** The `smsc` account as the SMPP server Kannel binds to. */
const serverSettings = (port: number): Readonly<Record<string, string>> => ({ connection: 'server', listenAddress: '127.0.0.1', listenPort: String(port) });

const isMo = (from: string, to: string, text?: string) => (c: KannelCallback): boolean =>
  c.path === '/mo' && c.params.from === from && c.params.to === to && (text === undefined || c.params.text === text);

/** PDUs in bearerbox's log (it dumps every PDU) whose esm_class is `esmClass`, e.g. 0x43: a part with a UDH. */
const pdusWithEsmClass = (kannel: Kannel, esmClass: number): number =>
  kannel.log().split(`esm_class: ${esmClass} = 0x${esmClass.toString(16).padStart(8, '0')}`).length - 1;

const accepted = (answer: { status: number; body: string }): void => {
  assert.equal(answer.status, 202, answer.body);
  assert.match(answer.body, /Accepted for delivery|Queued for later delivery/);
};

/** Kannel bound, masq listening with the sessions of smpp-world.ts: Bob on SMPP_1 and Carol on SMPP_2, one session. */
const startBoth = async (dialect: 'sqlite' | 'postgres', binds: KannelBinds): Promise<{ kannel: Kannel; world: SmppWorld; port: number }> => {
  const port = await freePort('127.0.0.1');
  // Kannel first: it keeps trying to bind (reconnect-delay 1 s) until masq listens and the world waits for the bind.
  const kannel = await startKannel({ masqPort: port, ...CREDENTIALS, binds });
  try {
    const world = await startSmppWorld(dialect, port, serverSettings(port));
    return { kannel, world, port };
  } catch (err) {
    await kannel.stop();
    throw err;
  }
};

if (!available && inCi) {
  test('Kannel (bearerbox and smsbox) is installed (CI)', () => {
    assert.fail('bearerbox/smsbox are missing: .ci/run must apt-get install kannel');
  });
} else if (!available) {
  console.log('NOTE: Kannel (bearerbox, smsbox) is not installed: the SMPP server-mode suite against Kannel is SKIPPED.');
  test('SMPP server mode against Kannel: SKIPPED because kannel is not installed', { skip: 'apt-get install kannel' }, () => {});
} else {
  for (const dialect of TEST_DIALECTS) {
    describe(`${dialect}: masq as the SMPP server, Kannel bound as a transceiver`, () => {
      let kannel: Kannel;
      let world: SmppWorld;
      let port: number;
      let restarted: Api | null = null;

      before(async () => {
        ({ kannel, world, port } = await startBoth(dialect, 'transceiver'));
      });
      after(async () => {
        await restarted?.close().catch(() => undefined);
        await world.close();
        await kannel.stop();
      });

      test('a message from Bob to his proxy number reaches Carol from hers, and her answer reaches Bob from his: neither sees a real number', async () => {
        const from = kannel.callbacks.length;
        accepted(await kannel.sendSms({ from: BOB, to: SMPP_1, text: 'hello Carol' }));
        const toCarol = await kannel.waitFor((c) => c.path === '/mo' && c.params.text === 'hello Carol', 'the forward to Carol', from);
        assert.deepEqual([toCarol.params.from, toCarol.params.to, toCarol.params.smsc], [SMPP_2, CAROL, 'masq'], 'Carol sees her proxy number, never Bob\'s');
        accepted(await kannel.sendSms({ from: CAROL, to: SMPP_2, text: 'hello Bob' }));
        const toBob = await kannel.waitFor((c) => c.path === '/mo' && c.params.text === 'hello Bob', 'the forward to Bob', from);
        assert.deepEqual([toBob.params.from, toBob.params.to], [SMPP_1, BOB], 'Bob sees his proxy number, never Carol\'s');
        const interactions = await world.interactions('smpp-and-smpp');
        assert.equal(interactions.length, 2, JSON.stringify(interactions));
        assert.ok(interactions.every((i) => i.type === 'message' && i.outbound_resource_status === 'sent'), JSON.stringify(interactions));
      });

      test('a long message Kannel sends in parts with UDH reaches the partner whole, once', async () => {
        const long = `${'Long message from Bob. '.repeat(12)}The end.`;
        assert.ok(long.length > 160);
        const from = kannel.callbacks.length;
        // Kannel's submit_sm parts carry esm_class 0x43 (UDHI, store and forward); masq's deliver_sm parts 0x40 (UDHI).
        const [kannelParts, masqParts] = [pdusWithEsmClass(kannel, 0x43), pdusWithEsmClass(kannel, 0x40)];
        accepted(await kannel.sendSms({ from: BOB, to: SMPP_1, text: long }));
        const got = await kannel.waitFor(isMo(SMPP_2, CAROL, long), 'the long message, whole', from);
        assert.equal(got.params.text, long);
        assert.deepEqual([pdusWithEsmClass(kannel, 0x43) - kannelParts, pdusWithEsmClass(kannel, 0x40) - masqParts], [2, 2], 'two parts with a UDH each way');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        assert.equal(kannel.callbacks.slice(from).filter((c) => c.path === '/mo').length, 1, 'one message, not its parts');
      });

      test('Kannel\'s receipt request is answered: delivered once masq routed the message, undelivered when masq refused it', async () => {
        const from = kannel.callbacks.length;
        accepted(await kannel.sendSms({ from: BOB, to: SMPP_1, text: 'with a receipt', dlrRef: 'routed' }));
        const delivered = await kannel.waitFor((c) => c.path === '/dlr' && c.params.ref === 'routed', 'the receipt', from);
        assert.equal(delivered.params.type, '1', `delivered (dlr type 1): ${JSON.stringify(delivered.params)}`);
        assert.match(delivered.params.reply ?? '', /stat:DELIVRD/);
        await kannel.waitFor(isMo(SMPP_2, CAROL, 'with a receipt'), 'the forward', from);
        accepted(await kannel.sendSms({ from: STRANGER, to: SMPP_1, text: 'who is this?', dlrRef: 'refused' }));
        const refused = await kannel.waitFor((c) => c.path === '/dlr' && c.params.ref === 'refused', 'the refusal receipt', from);
        assert.equal(refused.params.type, '2', `undelivered (dlr type 2): ${JSON.stringify(refused.params)}`);
        assert.match(refused.params.reply ?? '', /stat:UNDELIV/);
        assert.equal(kannel.callbacks.slice(from).some((c) => c.path === '/mo' && c.params.text === 'who is this?'), false, 'nothing forwarded');
      });

      test('masq stops and starts again: Kannel binds again, and what it queued meanwhile is forwarded', async () => {
        await world.api.close();
        await eventually(async () => /SMSC connections:[\s\S]*(re-connecting|connecting|dead)/i.test(await kannel.status()), 'Kannel to notice masq is gone', 20_000);
        const from = kannel.callbacks.length;
        accepted(await kannel.sendSms({ from: BOB, to: SMPP_1, text: 'while masq was down' }));
        restarted = await startApi({ config: { databaseUrl: world.db.url, carrierAccounts: smppAccounts(port, serverSettings(port)), callbackAllowPrivate: true } });
        const api = restarted;
        await eventually(() => linkReady(api.runtime), 'Kannel\'s bind after the restart', 30_000);
        await kannel.waitFor(isMo(SMPP_2, CAROL, 'while masq was down'), 'the queued message', from, 30_000);
        accepted(await kannel.sendSms({ from: CAROL, to: SMPP_2, text: 'after the restart' }));
        await kannel.waitFor(isMo(SMPP_1, BOB, 'after the restart'), 'a new message', from);
        const interactions = list((await api.get(`/v1/Services/${world.serviceSid}/Sessions/${world.session('smpp-and-smpp')}/Interactions`)).json, 'interactions');
        assert.ok(interactions.length >= 2, JSON.stringify(interactions));
      });
    });

    describe(`${dialect}: masq as the SMPP server, Kannel bound as a transmitter and a receiver`, () => {
      let kannel: Kannel;
      let world: SmppWorld;

      before(async () => {
        ({ kannel, world } = await startBoth(dialect, 'transmitter-receiver'));
      });
      after(async () => {
        await world.close();
        await kannel.stop();
      });

      test('Kannel binds twice; its submit_sm comes in on the transmitter, masq\'s deliver_sm and receipt go out on the receiver', async () => {
        await eventually(() => /bind_transmitter_resp/.test(kannel.log()) && /bind_receiver_resp/.test(kannel.log()), 'both binds answered, in Kannel\'s log', 20_000);
        assert.equal(/bind_transceiver/.test(kannel.log()), false, 'no transceiver bind');
        const from = kannel.callbacks.length;
        accepted(await kannel.sendSms({ from: BOB, to: SMPP_1, text: 'over two binds', dlrRef: 'two-binds' }));
        const forwarded = await kannel.waitFor((c) => c.path === '/mo' && c.params.text === 'over two binds', 'the forward', from);
        assert.deepEqual([forwarded.params.from, forwarded.params.to], [SMPP_2, CAROL]);
        const receipt = await kannel.waitFor((c) => c.path === '/dlr' && c.params.ref === 'two-binds', 'the receipt', from);
        assert.equal(receipt.params.type, '1', JSON.stringify(receipt.params));
      });
    });
  }
}

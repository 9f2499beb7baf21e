// The message_payload TLV (SMPP 3.4 §5.3.2.32), against the in-process SMSC (the npm `smpp` server) on
// SQLite and PostgreSQL: an account set to `longMessages: payload` submits a message longer than one SMS
// whole in message_payload, short_message empty, no UDH (GSM-7 and UCS-2), and one that fits as usual;
// an MO and a delivery receipt whose text comes in message_payload (short_message empty) are read as if
// it came in short_message. The same against the Net::SMPP SMSC is in perl-smsc.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list, str } from '../../api/support.ts';
import { startFakeSmsc, type FakeSmsc } from '../../support/smpp-smsc.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';
import { ALICE, CREDENTIALS, DAVE, digits, eventually, SANDBOX_NUMBER, SMPP_1, startSmppWorld, type SmppWorld } from './smpp-world.ts';

const LONG_GSM = 'The quick brown fox jumps over the lazy dog. '.repeat(9).trim();
const LONG_UCS2 = 'Grüße aus Köln 你好 '.repeat(8).trim();

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: SMPP message_payload`, () => {
    let smsc: FakeSmsc;
    let world: SmppWorld;

    before(async () => {
      smsc = await startFakeSmsc(CREDENTIALS);
      world = await startSmppWorld(dialect, smsc.port, { longMessages: 'payload' });
    });
    after(async () => {
      await world.close();
      await smsc.close();
    });

    const submitted = (text: string) => smsc.submits.filter((s) => s.text === text);
    const interaction = async (sid: string) => (await world.interactions('sandbox-and-smpp')).find((i) => i.sid === sid);

    test('a long GSM-7 message goes whole in message_payload: one submit_sm, short_message empty, no UDH; its receipt (in message_payload too) marks it delivered', async () => {
      const sent = await world.messageTo(DAVE, LONG_GSM);
      assert.equal(sent.status, 201, sent.body);
      const [submit, ...more] = submitted(LONG_GSM);
      assert.deepEqual(more, [], 'one submit_sm for the whole message');
      assert.deepEqual([submit?.viaPayload, submit?.shortMessageLength, submit?.udh.length, submit?.esmClass, submit?.dataCoding], [true, 0, 0, 0, 0]);
      assert.deepEqual([submit?.sourceAddr, submit?.destAddr], [digits(SMPP_1), digits(DAVE)]);
      const sid = str(sent.json, 'sid');
      await eventually(async () => (await interaction(sid))?.outbound_resource_status === 'sent', 'the send recorded');
      const receipt = `id:${submit?.messageId ?? ''} sub:001 dlvrd:001 submit date:2612050000 done date:2612050001 stat:DELIVRD err:000 text:The quick`;
      assert.equal(await smsc.deliver({ source_addr: digits(DAVE), destination_addr: digits(SMPP_1), esm_class: 0x04, short_message: '', message_payload: receipt }), 0);
      assert.equal((await interaction(sid))?.outbound_resource_status, 'delivered');
    });

    test('a long UCS-2 message goes whole in message_payload with data_coding 8', async () => {
      assert.equal((await world.messageTo(DAVE, LONG_UCS2)).status, 201);
      const [submit, ...more] = submitted(LONG_UCS2);
      assert.deepEqual(more, []);
      assert.deepEqual([submit?.viaPayload, submit?.shortMessageLength, submit?.esmClass, submit?.dataCoding], [true, 0, 0, 8]);
    });

    test('a message that fits one SMS still goes in short_message', async () => {
      assert.equal((await world.messageTo(DAVE, 'short and sweet')).status, 201);
      const [submit] = submitted('short and sweet');
      assert.deepEqual([submit?.viaPayload, submit?.shortMessageLength], [false, 'short and sweet'.length]);
    });

    test('an MO whose text is in message_payload (short_message empty) is routed with that text', async () => {
      const status = await smsc.deliver({
        source_addr: digits(DAVE), source_addr_ton: 1, destination_addr: digits(SMPP_1), dest_addr_ton: 1, short_message: '', message_payload: LONG_GSM,
      });
      assert.equal(status, 0);
      const inbox = list((await world.api.get(`/sandbox/phones/${encodeURIComponent(ALICE)}/messages`)).json, 'messages');
      assert.equal(inbox.find((m) => m.body === LONG_GSM)?.from, SANDBOX_NUMBER);
    });
  });
}

// masq's SMPP carrier against a real, independent peer: the Net::SMPP SMSC (test/peers/smsc.pl, Debian's
// libnet-smpp-perl) on 127.0.0.1, on SQLite and PostgreSQL. Bind; submits checked byte for byte (data
// coding, GSM 03.38 septets, UCS-2, UDH of a 3-part message); an MO routed into masked sessions (the
// partner on the sandbox, and on SMPP); the receipt matched to the interaction; and a rebind after the
// SMSC process is killed and started again. In CI a missing Net::SMPP fails the suite; elsewhere it is
// skipped, loudly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list } from '../../api/support.ts';
import { perlSmscAvailable, startPerlSmsc, type PerlSmsc, type SmscEvent } from '../../support/perl-smsc.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';
import { ALICE, BOB, CAROL, CREDENTIALS, DAVE, digits, eventually, linkReady, SANDBOX_NUMBER, SMPP_1, SMPP_2, startSmppWorld, type SmppWorld } from './smpp-world.ts';

const enc = encodeURIComponent;

const available = perlSmscAvailable();
const inCi = Boolean(process.env.CI);

const isSubmit = (e: SmscEvent): boolean => e.event === 'submit';
const text = (e: SmscEvent | undefined, key: string): string => String(e?.[key] ?? '');

if (!available && inCi) {
  test('the Net::SMPP SMSC peer is installed (CI)', () => {
    assert.fail('perl with Net::SMPP is missing: .ci/run must apt-get install libnet-smpp-perl');
  });
} else if (!available) {
  console.log('NOTE: perl with Net::SMPP (libnet-smpp-perl) is not installed: the SMPP real-peer suite is SKIPPED.');
  test('SMPP against the Net::SMPP SMSC: SKIPPED because libnet-smpp-perl is not installed', { skip: 'apt-get install libnet-smpp-perl' }, () => {});
} else {
  for (const dialect of TEST_DIALECTS) {
    describe(`${dialect}: SMPP against the Net::SMPP SMSC`, () => {
      let smsc: PerlSmsc;
      let world: SmppWorld;

      before(async () => {
        smsc = await startPerlSmsc(CREDENTIALS);
        world = await startSmppWorld(dialect, smsc.port, { leaseMs: '3000' });
      });
      after(async () => {
        await world.close();
        await smsc.stop();
      });

      const interactions = (name: 'sandbox-and-smpp' | 'smpp-and-smpp') => world.interactions(name);
      const sendTo = (identifier: string, body: string) => world.messageTo(identifier, body);

      test('binds as a transceiver with the configured system_id and password', async () => {
        const bound = await smsc.waitFor((e) => e.event === 'bound');
        assert.deepEqual([bound.command, bound.ok], ['bind_transceiver', true]);
      });

      test('GSM-7 goes out as data_coding 0, unpacked septets with the escape for €; UCS-2 as data_coding 8', async () => {
        const from = smsc.events.length;
        assert.equal((await sendTo(DAVE, 'Hi €5 @home')).status, 201);
        const gsm = await smsc.waitFor(isSubmit, from);
        assert.deepEqual([gsm.source_addr, gsm.destination_addr, gsm.source_addr_ton, gsm.dest_addr_ton, gsm.data_coding, gsm.esm_class, gsm.registered_delivery],
          [digits(SMPP_1), digits(DAVE), 1, 1, 0, 0, 1]);
        assert.equal(gsm.short_message_hex, '486920' + '1b65' + '3520' + '00' + '686f6d65');
        const next = smsc.events.length;
        assert.equal((await sendTo(DAVE, '你好')).status, 201);
        const ucs2 = await smsc.waitFor(isSubmit, next);
        assert.deepEqual([ucs2.data_coding, ucs2.short_message_hex], [8, '4f60597d']);
      });

      test('a 3-part message: each part has the 8-bit concatenation UDH and esm_class UDHI; the SMSC gets the text back whole', async () => {
        const body = 'The quick brown fox jumps over the lazy dog. '.repeat(9).trim();
        const from = smsc.events.length;
        assert.equal((await sendTo(DAVE, body)).status, 201);
        await eventually(() => smsc.events.slice(from).filter(isSubmit).length >= 3, 'three parts');
        const parts = smsc.events.slice(from).filter(isSubmit);
        assert.equal(parts.length, 3);
        const reference = text(parts[0], 'short_message_hex').slice(6, 8);
        parts.forEach((part, index) => {
          assert.equal(text(part, 'short_message_hex').slice(0, 12), `050003${reference}03${String(index + 1).padStart(2, '0')}`);
          assert.equal(Number(part.esm_class) & 0x40, 0x40);
          assert.equal(part.data_coding, 0);
        });
        const joined = parts.map((p) => Buffer.from(text(p, 'short_message_hex').slice(12), 'hex').toString('latin1')).join('');
        assert.equal(joined, body);
      });

      test('an MO from the SMSC is routed into the masked session: the sandbox partner gets it from the proxy number', async () => {
        const from = smsc.events.length;
        smsc.deliver({ source_addr: digits(DAVE), destination_addr: digits(SMPP_1), short_message_hex: Buffer.from('hello Alice').toString('hex') });
        const resp = await smsc.waitFor((e) => e.event === 'deliver_sm_resp', from);
        assert.equal(resp.status, 0);
        const inbox = list((await world.api.get(`/sandbox/phones/${enc(ALICE)}/messages`)).json, 'messages');
        assert.equal(inbox.find((m) => m.body === 'hello Alice')?.from, SANDBOX_NUMBER);
      });

      test('an MO forwarded to an SMPP partner goes out from the partner\'s proxy number; its receipt marks the leg delivered', async () => {
        const from = smsc.events.length;
        smsc.deliver({ source_addr: digits(BOB), destination_addr: digits(SMPP_1), short_message_hex: Buffer.from('hi Carol').toString('hex') });
        const submit = await smsc.waitFor(isSubmit, from);
        assert.deepEqual([submit.source_addr, submit.destination_addr, submit.short_message_hex], [digits(SMPP_2), digits(CAROL), Buffer.from('hi Carol').toString('hex')]);
        await eventually(async () => (await interactions('smpp-and-smpp'))[0]?.outbound_resource_status === 'sent', 'the forward recorded');
        const receipt = `id:${text(submit, 'message_id')} sub:001 dlvrd:001 submit date:2612050000 done date:2612050001 stat:DELIVRD err:000 text:hi Carol`;
        const next = smsc.events.length;
        smsc.deliver({ source_addr: digits(CAROL), destination_addr: digits(SMPP_2), esm_class: 4, short_message_hex: Buffer.from(receipt).toString('hex') });
        assert.equal((await smsc.waitFor((e) => e.event === 'deliver_sm_resp', next)).status, 0);
        const [interaction] = await interactions('smpp-and-smpp');
        assert.equal(interaction?.outbound_resource_sid, `smsc:${BigInt(`0x${text(submit, 'message_id')}`)}`);
        assert.equal(interaction?.outbound_resource_status, 'delivered');
      });

      test('after the SMSC process is killed and started again, masq binds again and sends', async () => {
        await smsc.kill();
        await eventually(() => !linkReady(world.api.runtime), 'the loss to be seen');
        smsc = await startPerlSmsc(CREDENTIALS, smsc.port, smsc.events);
        const from = smsc.events.length;
        await eventually(() => linkReady(world.api.runtime), 'the rebind', 15_000);
        assert.equal((await smsc.waitFor((e) => e.event === 'bound', from - 1)).ok, true);
        const next = smsc.events.length;
        assert.equal((await sendTo(DAVE, 'back again')).status, 201);
        assert.equal((await smsc.waitFor(isSubmit, next)).short_message_hex, Buffer.from('back again').toString('hex'));
      });
    });

    describe(`${dialect}: SMPP message_payload against the Net::SMPP SMSC`, () => {
      let smsc: PerlSmsc;
      let world: SmppWorld;

      before(async () => {
        smsc = await startPerlSmsc(CREDENTIALS);
        world = await startSmppWorld(dialect, smsc.port, { leaseMs: '3000', longMessages: 'payload' });
      });
      after(async () => {
        await world.close();
        await smsc.stop();
      });

      test('longMessages payload: a 3-SMS message is one submit_sm, the GSM-7 text in message_payload, short_message empty, no UDHI', async () => {
        const body = 'The quick brown fox jumps over the lazy dog. '.repeat(9).trim();
        const from = smsc.events.length;
        assert.equal((await world.messageTo(DAVE, body)).status, 201);
        const submit = await smsc.waitFor(isSubmit, from);
        assert.deepEqual([submit.short_message_hex, submit.message_payload_hex, submit.esm_class, submit.data_coding],
          ['', Buffer.from(body, 'latin1').toString('hex'), 0, 0]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(smsc.events.slice(from).filter(isSubmit).length, 1, 'no further parts');
      });

      test('an MO and a receipt whose text is in message_payload (short_message empty) are read from it', async () => {
        const from = smsc.events.length;
        smsc.deliver({ source_addr: digits(DAVE), destination_addr: digits(SMPP_1), message_payload_hex: Buffer.from('hello Alice, in a payload').toString('hex') });
        assert.equal((await smsc.waitFor((e) => e.event === 'deliver_sm_resp', from)).status, 0);
        const inbox = list((await world.api.get(`/sandbox/phones/${enc(ALICE)}/messages`)).json, 'messages');
        assert.equal(inbox.find((m) => m.body === 'hello Alice, in a payload')?.from, SANDBOX_NUMBER);

        const next = smsc.events.length;
        smsc.deliver({ source_addr: digits(BOB), destination_addr: digits(SMPP_1), short_message_hex: Buffer.from('hi Carol').toString('hex') });
        const submit = await smsc.waitFor(isSubmit, next);
        // The MO is answered once masq routed it and ran its forward: after that, the only answer awaited is the receipt's.
        assert.equal((await smsc.waitFor((e) => e.event === 'deliver_sm_resp', next)).status, 0);
        assert.equal((await world.interactions('smpp-and-smpp'))[0]?.outbound_resource_status, 'sent');
        const receipt = `id:${text(submit, 'message_id')} sub:001 dlvrd:001 submit date:2612050000 done date:2612050001 stat:DELIVRD err:000 text:hi Carol`;
        const last = smsc.events.length;
        smsc.deliver({ source_addr: digits(CAROL), destination_addr: digits(SMPP_2), esm_class: 4, message_payload_hex: Buffer.from(receipt).toString('hex') });
        assert.equal((await smsc.waitFor((e) => e.event === 'deliver_sm_resp', last)).status, 0);
        assert.equal((await world.interactions('smpp-and-smpp'))[0]?.outbound_resource_status, 'delivered');
      });
    });
  }
}

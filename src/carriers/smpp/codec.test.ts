// The SMPP carrier's pure parts: parts and UDH of outbound text, addresses to and from E.164, receipts,
// message id forms, and concatenated MO reassembly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inboundE164, outboundAddress, TON } from './addresses.ts';
import { DATA_CODING, encodeMessage, ESM_UDHI } from './encoding.ts';
import { concatenationOf, createReassembler } from './reassembly.ts';
import { canonicalMessageId, isDeliveryReceipt, readReceipt } from './receipts.ts';

describe('outbound encoding', () => {
  test('GSM-7 text is data_coding 0, one septet per octet, extension characters escaped', () => {
    const [part, ...rest] = encodeMessage('Hi €5 @home', 'gsm7', 7);
    assert.deepEqual(rest, []);
    assert.equal(part?.dataCoding, DATA_CODING.GSM7);
    assert.equal(part?.esmClass, 0);
    // H i space ESC e(€) 5 space @(0x00) h o m e
    assert.equal(part?.shortMessage.toString('hex'), '486920' + '1b65' + '3520' + '00' + '686f6d65');
  });

  test('text outside GSM-7 is UCS-2 big-endian, data_coding 8', () => {
    const [part] = encodeMessage('héllo 你好', 'gsm7', 1);
    assert.equal(part?.dataCoding, DATA_CODING.UCS2);
    assert.equal(part?.shortMessage.toString('hex'), Buffer.from('héllo 你好', 'utf16le').swap16().toString('hex'));
  });

  test('an account set to ucs2 sends even GSM-7 text as UCS-2', () => {
    assert.equal(encodeMessage('plain', 'ucs2', 1)[0]?.dataCoding, DATA_CODING.UCS2);
  });

  test('a 400-character GSM-7 body is 3 parts of at most 153 septets, each with the 8-bit concatenation UDH', () => {
    const body = 'abcdefghij'.repeat(40);
    const parts = encodeMessage(body, 'gsm7', 0x2a);
    assert.equal(parts.length, 3);
    parts.forEach((part, index) => {
      assert.equal(part.esmClass & ESM_UDHI, ESM_UDHI);
      assert.equal(part.dataCoding, 0);
      assert.deepEqual([...part.shortMessage.subarray(0, 6)], [0x05, 0x00, 0x03, 0x2a, 3, index + 1]);
      assert.ok(part.shortMessage.length - 6 <= 153);
    });
    assert.equal(parts.map((p) => p.shortMessage.subarray(6).toString('latin1')).join(''), body);
  });

  test('a long UCS-2 body splits at 67 units and never cuts an emoji in half', () => {
    const body = '😀'.repeat(40);
    const parts = encodeMessage(body, 'ucs2', 1);
    assert.equal(parts.length, 2);
    const texts = parts.map((p) => Buffer.from(p.shortMessage.subarray(6)).swap16().toString('utf16le'));
    assert.equal(texts.join(''), body);
    for (const text of texts) assert.ok(text.length <= 67 && !/[\ud800-\udbff]$/.test(text));
  });
});

describe('long messages in message_payload', () => {
  test('a body longer than one SMS is one submit: the whole text in message_payload, short_message empty, no UDH', () => {
    const body = 'abcdefghij'.repeat(40);
    const parts = encodeMessage(body, 'gsm7', 9, 'payload');
    assert.equal(parts.length, 1);
    assert.deepEqual([parts[0]?.esmClass, parts[0]?.dataCoding, parts[0]?.shortMessage.length], [0, DATA_CODING.GSM7, 0]);
    assert.equal(parts[0]?.messagePayload?.toString('latin1'), body);
    const [ucs2] = encodeMessage('你好'.repeat(50), 'gsm7', 9, 'payload');
    assert.deepEqual([ucs2?.dataCoding, ucs2?.messagePayload?.toString('hex')], [DATA_CODING.UCS2, Buffer.from('你好'.repeat(50), 'utf16le').swap16().toString('hex')]);
  });

  test('a body that fits one SMS stays in short_message', () => {
    const [part] = encodeMessage('short', 'gsm7', 9, 'payload');
    assert.deepEqual([part?.shortMessage.toString('latin1'), part?.messagePayload], ['short', null]);
  });
});

describe('addresses', () => {
  test('international TON gets its plus; bare digits with unknown TON are read as international', () => {
    assert.equal(inboundE164('447700900123', TON.INTERNATIONAL, null), '+447700900123');
    assert.equal(inboundE164('+447700900123', TON.INTERNATIONAL, null), '+447700900123');
    assert.equal(inboundE164('15559990000', TON.UNKNOWN, null), '+15559990000');
  });

  test("national TON is read in the account's country", () => {
    assert.equal(inboundE164('07700900123', TON.NATIONAL, 'GB'), '+447700900123');
    assert.equal(inboundE164('0612345678', TON.NATIONAL, 'FR'), '+33612345678');
  });

  test('an alphanumeric sender stays as it is', () => {
    assert.equal(inboundE164('MyBank', TON.ALPHANUMERIC, 'GB'), 'MyBank');
  });

  test('outbound: digits without the plus for TON 1, the national number for TON 2', () => {
    assert.equal(outboundAddress('+447700900123', TON.INTERNATIONAL), '447700900123');
    assert.equal(outboundAddress('+447700900123', TON.NATIONAL), '7700900123');
  });
});

describe('delivery receipts', () => {
  test('esm_class 0x04 is a receipt, whatever the other bits', () => {
    assert.equal(isDeliveryReceipt(0x04), true);
    assert.equal(isDeliveryReceipt(0x44), true);
    assert.equal(isDeliveryReceipt(0x00), false);
    assert.equal(isDeliveryReceipt(0x40), false);
  });

  test('the id and stat are read from the text when no TLV names them', () => {
    const text = 'id:0123456789 sub:001 dlvrd:001 submit date:2612040101 done date:2612040102 stat:DELIVRD err:000 text:hello';
    assert.deepEqual(readReceipt({ text, receiptedMessageId: null, messageState: null }), { messageId: '0123456789', status: 'delivered', error: '000' });
    assert.equal(readReceipt({ text: text.replace('DELIVRD', 'UNDELIV'), receiptedMessageId: null, messageState: null })?.status, 'undelivered');
    assert.equal(readReceipt({ text: text.replace('DELIVRD', 'REJECTD'), receiptedMessageId: null, messageState: null })?.status, 'failed');
  });

  test('the receipted_message_id and message_state TLVs win over the text', () => {
    assert.deepEqual(readReceipt({ text: 'id:1 stat:DELIVRD', receiptedMessageId: 'AB12', messageState: 5 }), { messageId: 'AB12', status: 'undelivered', error: null });
  });

  test('hex and decimal ids meet in one canonical form', () => {
    assert.equal(canonicalMessageId('0001F4', 'hex'), '500');
    assert.equal(canonicalMessageId('1f4', 'hex'), canonicalMessageId('500', 'decimal'));
    assert.equal(canonicalMessageId(' abc-1 ', 'as-is'), 'abc-1');
  });
});

describe('concatenated MO', () => {
  test('UDH IEI 0x00 and 0x08 and sar_ TLVs name the message and the part', () => {
    assert.deepEqual(concatenationOf({ udh: [Buffer.from([0x00, 0x03, 9, 2, 1])], sar: null }), { ref: 9, total: 2, seq: 1 });
    assert.deepEqual(concatenationOf({ udh: [Buffer.from([0x08, 0x04, 1, 2, 3, 3])], sar: null }), { ref: 258, total: 3, seq: 3 });
    assert.deepEqual(concatenationOf({ udh: [], sar: { ref: 4, total: 2, seq: 2 } }), { ref: 4, total: 2, seq: 2 });
    assert.equal(concatenationOf({ udh: [], sar: null }), null);
  });

  test('parts in any order make the whole message; parts that stop coming are released after the timeout', () => {
    let now = 0;
    const reassembler = createReassembler({ timeoutMs: 1000, maxMessages: 10, now: () => now });
    const from = '+1', to = '+2';
    assert.equal(reassembler.add({ from, to, text: 'world', info: { ref: 1, total: 2, seq: 2 } }), null);
    assert.deepEqual(reassembler.add({ from, to, text: 'hello ', info: { ref: 1, total: 2, seq: 1 } }), { from, to, text: 'hello world', parts: 2, complete: true, tags: [] });
    assert.equal(reassembler.add({ from, to, text: 'lonely', info: { ref: 2, total: 3, seq: 1 } }), null);
    assert.deepEqual(reassembler.expired(), []);
    now = 1000;
    assert.deepEqual(reassembler.expired(), [{ from, to, text: 'lonely', parts: 1, complete: false, tags: [] }]);
  });

  test('the buffer is bounded: the oldest unfinished message is released first', () => {
    const reassembler = createReassembler({ timeoutMs: 60_000, maxMessages: 2, now: () => 0 });
    for (const ref of [1, 2, 3]) reassembler.add({ from: '+1', to: '+2', text: `m${ref}`, info: { ref, total: 2, seq: 1 } });
    assert.deepEqual(reassembler.expired().map((m) => m.text), ['m1']);
  });
});

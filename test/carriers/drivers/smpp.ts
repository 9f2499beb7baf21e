// SMPP: masq is an ESME bound to an SMSC (the in-process npm `smpp` server, test/support/smpp-smsc.ts).
// There are no webhooks: an inbound message is a deliver_sm over the bind, masq's "answer" is its
// deliver_sm_resp (sent only once masq has routed the message and run its forward), a forward is a
// submit_sm, and a status report is a delivery receipt (a deliver_sm with esm_class 0x04). SMPP carries
// text only and no calls. The SMSC answers submit_sm with hex ids and writes its receipts' ids in
// decimal, as several real SMSCs do: the account's messageIdFormat/receiptIdFormat make them match.
import { concatenationUdh, ESM_UDHI, splitBody } from '../../../src/carriers/smpp/encoding.ts';
import { SMPP_SETTINGS } from '../../../src/carriers/smpp/settings.ts';
import { accountsLoader } from '../../support/carrier-settings.ts';
import { startFakeSmsc, type FakeSmsc, type ReceivedSubmit } from '../../support/smpp-smsc.ts';
import type { CarrierDriver, DeliveryOptions, DriverInstance, HttpReply, ReportedStatus, SeenMessage } from './driver.ts';

const ACCOUNT = 'smsc';
const CREDENTIALS = { systemId: 'masq', password: 'contract-secret' };
const TON_INTERNATIONAL = 1;
/** esm_class message type "SMSC delivery receipt". */
const RECEIPT = 0x04;
const BIND_WAIT_MS = 8_000;
const ESME_RTHROTTLED = 0x58;
const ESME_RSUBMITFAIL = 0x45;

/** The receipt's `stat:` word for each status the suite reports. */
const STAT: Readonly<Record<ReportedStatus, string>> = { sent: 'ENROUTE', delivered: 'DELIVRD', undelivered: 'UNDELIV' };

const digits = (e164: string): string => e164.replace(/^\+/, '');

/** The deliver_sm_resp as the suite reads an answer: 200 for ESME_ROK, 503 for any error status. */
const replyOf = (commandStatus: number): HttpReply => ({
  status: commandStatus === 0 ? 200 : 503, contentType: 'application/smpp', body: `deliver_sm_resp command_status 0x${commandStatus.toString(16)}`, json: {},
});

/** The SMSC's id of a submit_sm, written as masq names the message's resource (account:decimal id). */
const carrierIdOf = (submit: ReceivedSubmit): string => `${ACCOUNT}:${BigInt(`0x${submit.messageId ?? ''}`).toString(10)}`;

const webhookOptionsRefused = (opts: DeliveryOptions): void => {
  if (opts.resourceId !== undefined || opts.forge !== undefined || opts.answerLost) {
    throw new Error('SMPP takes no webhooks: an MO has no id to repeat, and the bind is authenticated, so nothing can be forged');
  }
};

/** A part's concatenation header (IEI 0x00, as the library hands it: [0x00, 0x03, reference, total, sequence]). */
const concatenation = (submit: ReceivedSubmit): { readonly reference: number; readonly sequence: number } | null => {
  const header = submit.udh.find((h) => h[0] === 0x00 && h[1] === 0x03);
  const reference = header?.[2];
  const sequence = header?.[4];
  return reference === undefined || sequence === undefined ? null : { reference, sequence };
};

const sameMessage = (part: ReceivedSubmit, first: ReceivedSubmit, reference: number): boolean =>
  part.sourceAddr === first.sourceAddr && part.destAddr === first.destAddr && concatenation(part)?.reference === reference;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for masq to bind (it binds once its instance holds the link's lease). */
const bound = async (smsc: FakeSmsc): Promise<void> => {
  const until = Date.now() + BIND_WAIT_MS;
  while (smsc.boundSessions() === 0) {
    if (Date.now() > until) throw new Error(`masq did not bind to the SMSC within ${BIND_WAIT_MS} ms`);
    await pause(20);
  }
};

const start = async (): Promise<DriverInstance> => {
  const smsc = await startFakeSmsc(CREDENTIALS);
  let reference = 0;
  const [account] = accountsLoader(SMPP_SETTINGS).load([{
    type: 'smpp', name: ACCOUNT, host: '127.0.0.1', port: String(smsc.port), systemId: CREDENTIALS.systemId, password: CREDENTIALS.password,
    messageIdFormat: 'hex', receiptIdFormat: 'decimal', enquireLinkMs: '1000', leaseMs: '1500',
  }]);
  if (!account) throw new Error('the SMPP account did not load');

  const deliver = async (fields: Readonly<Record<string, unknown>>): Promise<HttpReply> => {
    await bound(smsc);
    return replyOf(await smsc.deliver(fields));
  };

  /** Every accepted submit_sm; a message sent in parts is one message, named by its first part's id. */
  const sent = (): SeenMessage[] => {
    const accepted = smsc.submits.filter((s) => s.messageId !== null);
    return accepted.flatMap((submit) => {
      const part = concatenation(submit);
      if (part !== null && part.sequence !== 1) return [];
      const parts = part === null ? [submit] : accepted.filter((s) => sameMessage(s, submit, part.reference)).sort((a, b) => (concatenation(a)?.sequence ?? 0) - (concatenation(b)?.sequence ?? 0));
      return [{ via: ACCOUNT, from: `+${submit.sourceAddr}`, to: `+${submit.destAddr}`, body: parts.map((p) => p.text).join(''), mediaUrls: [], carrierId: carrierIdOf(submit), statusUrl: null }];
    });
  };

  return {
    accountName: ACCOUNT,
    account,
    newMessageId: () => {
      throw new Error('SMPP gives a mobile-originated message no id of its own');
    },
    sms: async (_masq, sms, opts = {}) => {
      webhookOptionsRefused(opts);
      if ((sms.mediaUrls ?? []).length > 0) throw new Error('SMPP carries text only: a handset cannot send media over it');
      const addresses = { source_addr: digits(sms.from), source_addr_ton: TON_INTERNATIONAL, source_addr_npi: 1, destination_addr: digits(sms.to), dest_addr_ton: TON_INTERNATIONAL, dest_addr_npi: 1 };
      // A handset splits as masq does (the SMS segment rules, which src/carriers/smpp/codec.test.ts checks on their own).
      const { parts } = splitBody(sms.body, 'gsm7');
      // No data_coding: the library picks one the text fits (UCS-2 for the emoji), as an SMSC would.
      if (parts.length === 1) return { resourceId: '', reply: await deliver({ ...addresses, short_message: sms.body }) };
      // A long MO comes as parts with one concatenation reference; the last part's answer is masq's answer.
      reference = (reference + 1) % 256;
      let reply = replyOf(0);
      for (const [i, text] of parts.entries()) {
        reply = await deliver({ ...addresses, esm_class: ESM_UDHI, short_message: { udh: concatenationUdh(reference, parts.length, i + 1), message: text } });
        if (reply.status !== 200) break;
      }
      return { resourceId: '', reply };
    },
    call: () => {
      throw new Error('SMPP carries no calls');
    },
    messagesTo: async (_masq, to) => sent().filter((m) => m.to === to),
    report: async (_masq, message, status, opts = {}) => {
      if (opts.forge) throw new Error('an SMPP receipt comes over the authenticated bind: it cannot be forged');
      const decimalId = message.carrierId.slice(`${ACCOUNT}:`.length);
      const receipt = `id:${decimalId} sub:001 dlvrd:${status === 'delivered' ? '001' : '000'} submit date:2612050000 done date:2612050001 stat:${STAT[status]} err:000 text:`;
      return deliver({ source_addr: digits(message.to), destination_addr: digits(message.from), esm_class: RECEIPT, short_message: receipt });
    },
    hangUp: () => {
      throw new Error('SMPP carries no calls');
    },
    refuseNextSends: (count, how) => {
      for (let i = 0; i < count; i++) smsc.queuedStatuses.push(how === 'busy' ? ESME_RTHROTTLED : ESME_RSUBMITFAIL);
    },
    close: () => smsc.close(),
  };
};

export const smppDriver: CarrierDriver = {
  type: 'smpp',
  features: { webhooks: null, messageReports: true, crossCarrier: true, messagesByApi: true, voice: false, mms: false, link: true },
  start,
};

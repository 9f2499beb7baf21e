// The carrier side of Twilio-shaped carriers (Twilio, SignalWire's Compatibility API): form webhooks
// signed with Twilio's HMAC-SHA1 scheme (the twilio SDK's own function signs them), TwiML answers
// carried out as the carrier would, and a fake Messages API on loopback for what masq sends by API.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { CarrierAccountSettings } from '../../../src/domain/carrier-settings.ts';
import type { FakeTwilioApi } from '../../e2e/fake-twilio-api.ts';
import type { DeliveryOptions, DriverInstance, Forgery, HttpReply, InboundSms, MasqEndpoint, SeenDial, SeenMessage } from './driver.ts';
import { pathUnder } from './paths.ts';
import { readAnswer } from './twiml-reader.ts';

export interface TwilioShapedOptions {
  readonly account: CarrierAccountSettings;
  /** The carrier's account id as its webhooks carry it (AccountSid). */
  readonly accountSid: string;
  /** The key webhooks are signed with (Twilio's auth token, SignalWire's signing key). */
  readonly signingKey: string;
  /** The signature header, lower case. */
  readonly signatureHeader: string;
  readonly api: FakeTwilioApi;
  /** Where the API lives below the fake's URL: '' for Twilio, '/api/laml' for SignalWire. */
  readonly apiPath?: string;
}

const FORM = 'application/x-www-form-urlencoded';

const newSid = (prefix: 'SM' | 'CA' | 'RE'): string => `${prefix}${randomBytes(16).toString('hex')}`;

type Params = Record<string, string>;

const smsParams = (accountSid: string, id: string, sms: InboundSms): Params => {
  const media = sms.mediaUrls ?? [];
  const params: Params = {
    ToCountry: 'US', SmsMessageSid: id, NumMedia: String(media.length), SmsSid: id, SmsStatus: 'received', Body: sms.body, To: sms.to,
    NumSegments: '1', MessageSid: id, AccountSid: accountSid, From: sms.from, FromCountry: 'US', ApiVersion: '2010-04-01',
  };
  media.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    params[`MediaContentType${i}`] = 'image/jpeg';
  });
  return params;
};

const isMarkup = (reply: HttpReply): boolean => reply.status === 200 && /^(text|application)\/xml/.test(reply.contentType);

export const twilioShapedInstance = (options: TwilioShapedOptions): DriverInstance => {
  const { account, accountSid, signingKey, signatureHeader, api } = options;
  const via = account.name;
  /** Messages carried out from masq's answers (the answers the carrier received). */
  const fromAnswers: SeenMessage[] = [];

  const post = (masq: MasqEndpoint, path: string, params: Params, forge: Forgery | undefined): Promise<HttpReply> => {
    if (forge === 'stale') throw new Error(`${account.type} signatures carry no timestamp, so none is stale`);
    const headers: Record<string, string> = { 'content-type': FORM };
    const key = forge === 'bad-signature' ? `${signingKey}-but-not-quite` : signingKey;
    if (forge !== 'unsigned') headers[signatureHeader] = twilio.getExpectedTwilioSignature(key, `${masq.publicUrl}${path}`, params);
    return masq.post(path, headers, new URLSearchParams(params).toString());
  };

  /** What the carrier does with the TwiML it received: each <Message> becomes a message it sends. */
  const carryOut = (reply: HttpReply, sms: InboundSms): void => {
    if (!isMarkup(reply)) return;
    for (const message of readAnswer(reply.body).messages) {
      fromAnswers.push({
        via,
        // A reply (no to/from) goes back to the sender, from the number they reached.
        from: message.from ?? sms.to,
        to: message.to ?? sms.from,
        body: message.body,
        mediaUrls: message.mediaUrls,
        carrierId: newSid('SM'),
        statusUrl: message.action,
      });
    }
  };

  const sentByApi = (to: string): SeenMessage[] => api.messages
    .filter((m) => m.authorized && m.form.get('To') === to)
    .map((m) => ({
      via,
      from: m.form.get('From') ?? '',
      to,
      body: m.form.get('Body') ?? '',
      mediaUrls: m.form.getAll('MediaUrl'),
      carrierId: m.sid,
      statusUrl: m.form.get('StatusCallback'),
    }));

  return {
    accountName: via,
    account,
    newMessageId: () => newSid('SM'),
    sms: async (masq, sms, opts: DeliveryOptions = {}) => {
      const resourceId = opts.resourceId ?? newSid('SM');
      const reply = await post(masq, `/webhooks/${via}/sms`, smsParams(accountSid, resourceId, sms), opts.forge);
      if (!opts.answerLost) carryOut(reply, sms);
      return { resourceId, reply };
    },
    call: async (masq, from, to, opts: DeliveryOptions = {}) => {
      const resourceId = opts.resourceId ?? newSid('CA');
      const params = {
        CallSid: resourceId, AccountSid: accountSid, From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', Caller: from, Called: to,
        ...(opts.attestation && { StirVerstat: `TN-Validation-Passed-${opts.attestation}` }),
      };
      const reply = await post(masq, `/webhooks/${via}/voice`, params, opts.forge);
      const dial = !opts.answerLost && isMarkup(reply) ? readAnswer(reply.body).dials[0] : undefined;
      const seen: SeenDial | null = dial
        ? { via, callerId: dial.callerId ?? '', to: dial.numbers[0] ?? '', inboundCallId: resourceId, actionUrl: dial.action, legId: null }
        : null;
      return { delivery: { resourceId, reply }, dial: seen };
    },
    messagesTo: async (_masq, to) => [...fromAnswers.filter((m) => m.to === to), ...sentByApi(to)],
    report: (masq, message, status, opts = {}) => {
      if (!message.statusUrl) throw new Error(`masq gave ${via} no status URL for the message to ${message.to}`);
      const params = {
        MessageSid: message.carrierId, SmsSid: message.carrierId, MessageStatus: status, SmsStatus: status,
        AccountSid: accountSid, From: message.from, To: message.to, ApiVersion: '2010-04-01',
      };
      return post(masq, pathUnder(masq, message.statusUrl), params, opts.forge);
    },
    hangUp: async (masq, dial, seconds) => {
      if (!dial.actionUrl) throw new Error(`masq's <Dial> to ${dial.to} has no action URL: ${via} could not report the call`);
      const params = {
        CallSid: dial.inboundCallId, AccountSid: accountSid, CallStatus: 'in-progress',
        DialCallSid: newSid('CA'), DialCallStatus: 'completed', DialCallDuration: String(seconds), DialBridged: 'true',
      };
      const reply = await post(masq, pathUnder(masq, dial.actionUrl), params, undefined);
      if (reply.status !== 200) throw new Error(`masq answered ${via}'s dial status with ${reply.status}: ${reply.body}`);
      return seconds;
    },
    recording: (audio, seconds) => {
      const sid = newSid('RE');
      api.recordings.set(sid, audio);
      const url = `${api.url}${options.apiPath ?? ''}/2010-04-01/Accounts/${accountSid}/Recordings/${sid}`;
      return { RecordingSid: sid, RecordingUrl: url, RecordingDuration: String(seconds), RecordingStatus: 'completed' };
    },
    stepCallback: (masq, url, callId, params) => post(masq, pathUnder(masq, url), {
      CallSid: callId, AccountSid: accountSid, CallStatus: 'in-progress', Direction: 'inbound', ApiVersion: '2010-04-01', ...params,
    }, undefined),
    close: () => api.close(),
  };
};

// Telnyx: every webhook signed ed25519 over `${timestamp}|${body}` (telnyx-signature-ed25519 and
// telnyx-timestamp, 300 s window); messaging events are JSON and SMS leave through the Messages API
// (faked on loopback); calls are TeXML forms answered in TeXML. Events are typed with the SDK's types.
import { randomUUID } from 'node:crypto';
import type Telnyx from 'telnyx';
import { signedTelnyxRequest, startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi } from '../../support/fake-telnyx-api.ts';
import type { CarrierDriver, DeliveryOptions, DriverInstance, Forgery, HttpReply, InboundSms, MasqEndpoint, ReportedStatus, SeenDial, SeenMessage } from './driver.ts';
import { pathUnder } from './paths.ts';
import { readAnswer } from './twiml-reader.ts';

const API_KEY = 'KEYcontract-telnyx-api-key';
const TELNYX_ACCOUNT_ID = '2db1ac54-04ca-4e4a-a2d0-1f7e5b1e0f57';
/** One second past Telnyx's 300 s replay window (masq's clock only moves on, so it stays past it). */
const STALE_SECONDS = 301;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const isoAt = (seconds: number): string => new Date(seconds * 1000).toISOString();

const inboundEvent = (id: string, sms: InboundSms, at: string): Telnyx.InboundMessageWebhookEvent => {
  const media = (sms.mediaUrls ?? []).map((url): Telnyx.MessagingInboundMessagePayload.Media => ({ url, content_type: 'image/jpeg', size: 1024 }));
  return {
    data: {
      event_type: 'message.received', id: randomUUID(), occurred_at: at, record_type: 'event',
      payload: {
        id, record_type: 'message', direction: 'inbound', type: media.length > 0 ? 'MMS' : 'SMS', text: sms.body,
        from: { phone_number: sms.from, carrier: 'T-Mobile USA', line_type: 'Wireless' },
        to: [{ phone_number: sms.to, status: 'webhook_delivered', carrier: 'Telnyx', line_type: 'Wireless' }],
        media, received_at: at, parts: 1,
      },
    },
  };
};

/** message.sent carries 'sent'; the final word (delivered, delivery_failed) comes with message.finalized. */
const deliveryEvent = (message: SeenMessage, status: ReportedStatus, at: string): Telnyx.DeliveryUpdateWebhookEvent => ({
  data: {
    event_type: status === 'sent' ? 'message.sent' : 'message.finalized', id: randomUUID(), occurred_at: at, record_type: 'event',
    payload: {
      id: message.carrierId, record_type: 'message', direction: 'outbound', type: message.mediaUrls.length > 0 ? 'MMS' : 'SMS',
      from: { phone_number: message.from }, to: [{ phone_number: message.to, status: status === 'undelivered' ? 'delivery_failed' : status }],
      text: message.body, errors: [],
    },
  },
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringAt = (json: Record<string, unknown>, key: string): string | null => {
  const value = json[key];
  return typeof value === 'string' ? value : null;
};
const stringsAt = (json: Record<string, unknown>, key: string): string[] => {
  const value = json[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/** Every message masq sent through the fake Messages API, with the id Telnyx gave it. */
const sentByApi = (api: FakeTelnyxApi, via: string): SeenMessage[] => {
  const sends = api.requests.filter((r) => r.authorized && r.method === 'POST' && r.path === '/v2/messages');
  if (sends.length !== api.accepted.length) throw new Error(`the fake Telnyx API refused ${sends.length - api.accepted.length} of masq's sends`);
  return sends.flatMap((request, i) => {
    const json = isRecord(request.json) ? request.json : {};
    const id = api.accepted[i]?.id;
    const to = stringAt(json, 'to');
    if (!id || !to) return [];
    return [{ via, from: stringAt(json, 'from') ?? '', to, body: stringAt(json, 'text') ?? '', mediaUrls: stringsAt(json, 'media_urls'), carrierId: id, statusUrl: stringAt(json, 'webhook_url') }];
  });
};

const start = async (): Promise<DriverInstance> => {
  const keys = telnyxSigningKeys();
  const impostor = telnyxSigningKeys();
  const api = await startFakeTelnyxApi(API_KEY);
  const via = 'telnyx';

  const post = (masq: MasqEndpoint, path: string, contentType: string, body: string, forge: Forgery | undefined): Promise<HttpReply> => {
    const now = masq.nowSeconds();
    const signature = (): Record<string, string> => {
      switch (forge) {
        case 'unsigned': return {};
        case 'bad-signature': return signedTelnyxRequest(impostor.privateKey, body, now);
        case 'stale': return signedTelnyxRequest(keys.privateKey, body, now - STALE_SECONDS);
        case undefined: return signedTelnyxRequest(keys.privateKey, body, now);
      }
    };
    return masq.post(path, { 'content-type': contentType, ...signature() }, body);
  };
  const postForm = (masq: MasqEndpoint, path: string, params: Record<string, string>, forge?: Forgery) =>
    post(masq, path, FORM, new URLSearchParams(params).toString(), forge);

  return {
    accountName: via,
    account: { type: 'telnyx', name: via, settings: { apiKey: API_KEY, publicKey: keys.publicKey, apiUrl: api.url, messagingProfileId: null } },
    newMessageId: () => randomUUID(),
    // Telnyx takes no instructions from the answer to a messaging event: a lost answer changes nothing here.
    sms: async (masq, sms, opts: DeliveryOptions = {}) => {
      const resourceId = opts.resourceId ?? randomUUID();
      const event = inboundEvent(resourceId, sms, isoAt(masq.nowSeconds()));
      const reply = await post(masq, `/webhooks/${via}/messaging`, JSON_TYPE, JSON.stringify(event), opts.forge);
      return { resourceId, reply };
    },
    call: async (masq, from, to, opts: DeliveryOptions = {}) => {
      const resourceId = opts.resourceId ?? `v3:${randomUUID()}`;
      const params = {
        AccountSid: TELNYX_ACCOUNT_ID, CallSid: resourceId, CallSidLegacy: resourceId, ConnectionId: '1494404757140276705',
        From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', CallerId: from,
        ...(opts.attestation && { ShakenStirAttestation: opts.attestation, ShakenStirValidated: 'true' }),
      };
      const reply = await postForm(masq, `/webhooks/${via}/voice`, params, opts.forge);
      const markup = !opts.answerLost && reply.status === 200 && /xml/.test(reply.contentType);
      const dial = markup ? readAnswer(reply.body).dials[0] : undefined;
      const seen: SeenDial | null = dial
        ? { via, callerId: dial.callerId ?? '', to: dial.numbers[0] ?? '', inboundCallId: resourceId, actionUrl: dial.action, legId: null }
        : null;
      return { delivery: { resourceId, reply }, dial: seen };
    },
    messagesTo: async (_masq, to) => sentByApi(api, via).filter((m) => m.to === to),
    report: (masq, message, status, opts = {}) => {
      if (!message.statusUrl) throw new Error(`masq sent the message to ${message.to} with no webhook_url: Telnyx would report it elsewhere`);
      const event = deliveryEvent(message, status, isoAt(masq.nowSeconds()));
      return post(masq, pathUnder(masq, message.statusUrl), JSON_TYPE, JSON.stringify(event), opts.forge);
    },
    hangUp: async (masq, dial, seconds) => {
      if (!dial.actionUrl) throw new Error(`masq's <Dial> to ${dial.to} has no action URL: Telnyx could not report the call`);
      const params = {
        AccountSid: TELNYX_ACCOUNT_ID, CallSid: dial.inboundCallId, CallStatus: 'in-progress',
        DialCallSid: `v3:${randomUUID()}`, DialCallStatus: 'completed', DialCallDuration: String(seconds),
      };
      const reply = await postForm(masq, pathUnder(masq, dial.actionUrl), params);
      if (reply.status !== 200) throw new Error(`masq answered Telnyx's dial status with ${reply.status}: ${reply.body}`);
      return seconds;
    },
    // TeXML reports a recording by RecordingSid (masq looks it up through the API) and a RecordingUrl that
    // masq must never fetch itself: it points nowhere here.
    recording: (audio, seconds) => {
      const sid = randomUUID();
      api.recordings.set(sid, audio);
      return { RecordingSid: sid, RecordingUrl: `https://recordings.invalid/${sid}.mp3`, RecordingDuration: String(seconds), RecordingStatus: 'completed' };
    },
    stepCallback: (masq, url, callId, params) => postForm(masq, pathUnder(masq, url), {
      AccountSid: TELNYX_ACCOUNT_ID, CallSid: callId, CallSidLegacy: callId, CallStatus: 'in-progress', Direction: 'inbound', ...params,
    }),
    close: () => api.close(),
  };
};

export const telnyxDriver: CarrierDriver = {
  type: 'telnyx',
  features: { webhooks: { forgeries: ['bad-signature', 'stale', 'unsigned'] }, messageReports: true, crossCarrier: true, messagesByApi: true },
  start,
};

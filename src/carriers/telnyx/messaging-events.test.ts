// Telnyx messaging webhooks (JSON) through the account's adapter: an inbound SMS/MMS becomes an inbound
// event, delivery events become status reports on the message masq sent, other events are ignored,
// and anything that is not a Telnyx event is 80701. Fixtures are typed with the SDK's own event types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Telnyx from 'telnyx';
import { telnyxSigningKeys, telnyxWebhook } from '../../../test/support/fake-telnyx-api.ts';
import { AppError } from '../../domain/errors.ts';
import type { WebhookAdapter, WebhookEvent } from '../../ports/carrier.ts';
import { createTelnyxAccount } from './account.ts';

const adapterOf = (): WebhookAdapter => {
  const { webhooks } = createTelnyxAccount({
    name: 'telnyx-us', apiKey: 'KEY-test', publicKey: telnyxSigningKeys().publicKey, apiUrl: 'http://127.0.0.1:9',
    messagingProfileId: null, webhookBase: 'https://masq.invalid/webhooks/telnyx-us',
  });
  assert.ok(webhooks);
  return webhooks;
};
const adapter = adapterOf();

const received = (payload: Partial<Telnyx.MessagingInboundMessagePayload> = {}): Telnyx.InboundMessageWebhookEvent => ({
  data: {
    event_type: 'message.received',
    id: 'b301ed3f-1490-491f-995f-6e64e69674d4',
    occurred_at: '2026-11-22T10:00:00.000+00:00',
    record_type: 'event',
    payload: {
      id: '40385f64-5717-4562-b3fc-2c963f66afa6',
      record_type: 'message',
      direction: 'inbound',
      type: 'SMS',
      text: 'Running late </Message>',
      from: { phone_number: '+14155550001', carrier: 'T-Mobile USA', line_type: 'Wireless' },
      to: [{ phone_number: '+14155551212', status: 'webhook_delivered', carrier: 'Telnyx', line_type: 'Wireless' }],
      media: [],
      messaging_profile_id: '400174a9-b51a-4c0e-8bd8-63d5f4e5b1b4',
      received_at: '2026-11-22T10:00:00.000+00:00',
      parts: 1,
      encoding: 'GSM-7',
      ...payload,
    },
  },
});

type Delivery = NonNullable<Telnyx.OutboundMessagePayload.To['status']>;

const delivery = (eventType: 'message.sent' | 'message.finalized', status: Delivery, errors: Telnyx.MessagingError0b38e7044b[] = []): Telnyx.DeliveryUpdateWebhookEvent => ({
  data: {
    event_type: eventType,
    id: '86f58db9-0734-4be1-8b3a-c1b5a0b2e4a1',
    occurred_at: '2026-11-22T10:00:05.000+00:00',
    record_type: 'event',
    payload: {
      id: 'msg-outbound-1',
      record_type: 'message',
      direction: 'outbound',
      type: 'SMS',
      from: { phone_number: '+14155551212' },
      to: [{ phone_number: '+14155550002', status }],
      text: 'forwarded',
      errors,
    },
  },
  meta: { attempt: 1, delivered_to: 'https://masq.invalid/webhooks/telnyx-us/messaging' },
});

const parse = (event: unknown, query: Record<string, string> = {}, path = 'messaging'): WebhookEvent =>
  adapter.parse(telnyxWebhook(path, JSON.stringify(event), { query }));

const inboundOf = (event: WebhookEvent) => {
  assert.equal(event.kind, 'inbound');
  if (event.kind !== 'inbound') throw new Error('unreachable');
  return event.event;
};

const rejects80701 = (work: () => unknown, parameter: string) =>
  assert.throws(work, (err: unknown) => err instanceof AppError && err.twilioCode === 80701 && err.status === 400 && err.message.includes(`'${parameter}'`));

test('an inbound SMS: the message id, the numbers, the text, and Twilio-named parameters for callbacks', () => {
  const event = inboundOf(parse({ ...received(), meta: { attempt: 1, delivered_to: 'https://masq.invalid/webhooks/telnyx-us/messaging' } }));
  assert.deepEqual(
    { channel: event.channel, carrier: event.carrier, resourceSid: event.resourceSid, from: event.from, to: event.to, body: event.body, mediaUrls: event.mediaUrls },
    { channel: 'message', carrier: 'telnyx-us', resourceSid: '40385f64-5717-4562-b3fc-2c963f66afa6', from: '+14155550001', to: '+14155551212', body: 'Running late </Message>', mediaUrls: [] },
  );
  assert.deepEqual(event.carrierParams, {
    MessageSid: '40385f64-5717-4562-b3fc-2c963f66afa6', SmsMessageSid: '40385f64-5717-4562-b3fc-2c963f66afa6', SmsSid: '40385f64-5717-4562-b3fc-2c963f66afa6',
    SmsStatus: 'received', From: '+14155550001', To: '+14155551212', Body: 'Running late </Message>', NumMedia: '0', NumSegments: '1',
  });
});

test('an MMS: media URLs in order, as MediaUrlN/MediaContentTypeN too; no text is an empty body', () => {
  const media: Telnyx.MessagingInboundMessagePayload.Media[] = [
    { url: 'https://media.telnyx.invalid/a.jpg', content_type: 'image/jpeg', size: 1024, hash_sha256: 'aa' },
    { url: 'https://media.telnyx.invalid/b.png', content_type: 'image/png', size: 2048, hash_sha256: 'bb' },
  ];
  const { text: _text, ...noText } = received({ type: 'MMS', media }).data?.payload ?? {};
  const event = inboundOf(parse({ data: { ...received().data, payload: noText } }));
  assert.equal(event.body, '');
  assert.deepEqual(event.mediaUrls, ['https://media.telnyx.invalid/a.jpg', 'https://media.telnyx.invalid/b.png']);
  assert.equal(event.carrierParams.NumMedia, '2');
  assert.equal(event.carrierParams.MediaUrl1, 'https://media.telnyx.invalid/b.png');
  assert.equal(event.carrierParams.MediaContentType0, 'image/jpeg');
  const eleven = Array.from({ length: 11 }, (_, i) => ({ url: `https://media.telnyx.invalid/${i}.jpg` }));
  rejects80701(() => parse(received({ media: eleven })), 'data.payload.media');
});

test("numbers go through the domain's rules: Mexico's legacy mobile 1 is dropped; a WhatsApp 'to' string is read", () => {
  assert.equal(inboundOf(parse(received({ from: { phone_number: '+5215512345678' } }))).from, '+525512345678');
  assert.equal(inboundOf(parse(received({ to: '+14155551212', type: 'WHATSAPP' }))).to, '+14155551212');
});

test('a withheld sender is reported as such, not as a malformed webhook', () => {
  for (const phone_number of ['anonymous', 'Restricted', '']) {
    assert.deepEqual(parse(received({ from: { phone_number } })), { kind: 'withheld', channel: 'message' }, phone_number);
  }
});

test('message.sent and message.finalized report on the sent message, with its interaction when the URL names one', () => {
  assert.deepEqual(parse(delivery('message.sent', 'sent'), { Interaction: 'KI0123' }), {
    kind: 'status',
    report: { interactionSid: 'KI0123', resourceSid: 'msg-outbound-1', resourceType: 'Message', status: 'sent', durationSeconds: null, errorCode: null },
  });
  const failed = parse(delivery('message.finalized', 'delivery_failed', [{ code: '40008', title: 'Undeliverable', detail: 'The carrier refused it.' }]));
  assert.deepEqual(failed, {
    kind: 'status',
    report: { interactionSid: null, resourceSid: 'msg-outbound-1', resourceType: 'Message', status: 'undelivered', durationSeconds: null, errorCode: '40008' },
  });
  // The same events at the message-status URL (a message sent with that as its webhook_url) read alike.
  assert.deepEqual(parse(delivery('message.sent', 'sent'), {}, 'message-status'), parse(delivery('message.sent', 'sent')));
});

test("Telnyx's delivery words map onto Proxy's", () => {
  const expected: Record<Delivery, string> = {
    queued: 'queued', sending: 'sending', sent: 'sent', delivered: 'delivered', read: 'delivered', expired: 'failed',
    sending_failed: 'failed', delivery_failed: 'undelivered', delivery_unconfirmed: 'delivery-unknown',
  };
  for (const [word, status] of Object.entries(expected)) {
    const event = adapter.parse(telnyxWebhook('messaging', JSON.stringify(delivery('message.finalized', 'sent')).replace('"status":"sent"', `"status":"${word}"`)));
    assert.equal(event.kind === 'status' ? event.report.status : event.kind, status, word);
  }
  const brandNew = JSON.stringify(delivery('message.finalized', 'sent')).replace('"status":"sent"', '"status":"teleported"');
  const event = adapter.parse(telnyxWebhook('messaging', brandNew));
  assert.equal(event.kind === 'status' ? event.report.status : event.kind, 'unknown');
});

test('other event types are acknowledged and ignored', () => {
  assert.equal(parse({ data: { event_type: 'message.link_click', id: 'e1', payload: { message_id: 'm1' } } }).kind, 'ignored');
  assert.equal(parse({ data: { event_type: 'call.initiated', payload: { call_control_id: 'v3:1' } } }).kind, 'ignored');
});

test('what is not a Telnyx messaging event is 80701, naming the field', () => {
  rejects80701(() => adapter.parse(telnyxWebhook('messaging', '{"data":')), 'body');
  rejects80701(() => adapter.parse(telnyxWebhook('messaging', '[1,2]')), 'body');
  rejects80701(() => parse({ meta: {} }), 'data');
  rejects80701(() => parse({ data: { payload: {} } }), 'data.event_type');
  rejects80701(() => parse({ data: { event_type: 'message.received' } }), 'data.payload');
  rejects80701(() => parse(received({ id: '' })), 'data.payload.id');
  rejects80701(() => parse(received({ from: {} })), 'data.payload.from.phone_number');
  rejects80701(() => parse(received({ from: { phone_number: 'not a number' } })), 'data.payload.from.phone_number');
  rejects80701(() => parse(received({ to: [] })), 'data.payload.to');
  rejects80701(() => parse(received({ to: [{ phone_number: '+1' }] })), 'data.payload.to[0].phone_number');
  rejects80701(() => parse({ data: { ...delivery('message.sent', 'sent').data, payload: { id: 'm', to: [{}] } } }), 'data.payload.to[0].status');
});

test('a path Telnyx is not configured to call is 404', () => {
  assert.throws(() => parse(received(), {}, 'sms'), (err: unknown) => err instanceof AppError && err.twilioCode === 20404 && err.message.includes('/webhooks/telnyx-us/sms'));
});

// AppDeps for use-case tests: a real store, a clock the test moves, crypto ids, and a carrier that
// records what it was asked to send.
import { randomBytes } from 'node:crypto';
import { DEFAULT_CALLBACK_SETTINGS, type AppDeps } from '../../src/app/deps.ts';
import { WebhookError, type WebhookRequest, type WebhookResponse, type WebhookSender } from '../../src/ports/webhook-sender.ts';
import { AppError } from '../../src/domain/errors.ts';
import { createSidGenerator } from '../../src/domain/sid.ts';
import type { CarrierAccount, CarrierAccounts, MessagingPort, OutboundCall, OutboundMessage, SentResource, VoicePort } from '../../src/ports/carrier.ts';
import type { Store } from '../../src/ports/store.ts';
import { T0 } from './fixtures.ts';
import { OutboxMailer } from './outbox-mailer.ts';
import { MemoryRecordingStorage } from './recording-storage.ts';

export class TestClock {
  current: Date;
  constructor(start: Date = T0) {
    this.current = start;
  }
  now(): Date {
    return this.current;
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** A carrier that sends and bridges by API (as the sandbox does), recording what it was asked. */
export class RecordingCarrier implements MessagingPort, VoicePort {
  readonly name = 'sandbox';
  readonly sent: OutboundMessage[] = [];
  readonly calls: OutboundCall[] = [];
  fail = false;
  async send(message: OutboundMessage): Promise<SentResource> {
    if (this.fail) throw new Error('carrier unavailable');
    this.sent.push(message);
    return { sid: `SM${randomBytes(16).toString('hex')}`, status: 'delivered', url: null };
  }
  async bridge(call: OutboundCall): Promise<SentResource> {
    if (this.fail) throw new Error('carrier unavailable');
    this.calls.push(call);
    return { sid: `CA${randomBytes(16).toString('hex')}`, status: 'ringing', url: null };
  }
}

/** A customer application: records every callback and answers with what the test scripted per URL. */
export class RecordingWebhookSender implements WebhookSender {
  readonly requests: WebhookRequest[] = [];
  readonly answers = new Map<string, WebhookResponse | WebhookError>();
  async post(request: WebhookRequest): Promise<WebhookResponse> {
    this.requests.push(request);
    const answer = this.answers.get(request.url) ?? { status: 200, contentType: 'text/plain', body: '' };
    if (answer instanceof WebhookError) throw answer;
    return answer;
  }
}

export const testDeps = (
  store: Store,
  clock = new TestClock(),
  carrier = new RecordingCarrier(),
  webhooks = new RecordingWebhookSender(),
): AppDeps & { clock: TestClock; carrier: RecordingCarrier; webhooks: RecordingWebhookSender; mailer: OutboxMailer; recordingStorage: MemoryRecordingStorage } => {
  const account: CarrierAccount = {
    name: carrier.name, type: 'sandbox', delivery: { message: 'api', voice: 'api' },
    defaultCapabilities: () => ({ voice: true, sms: true, mms: true }),
    messaging: carrier, voice: carrier, webhooks: null,
  };
  const carriers: CarrierAccounts = {
    get: (name) => {
      if (name !== carrier.name) throw new AppError('parameter-invalid', `no carrier ${name}`);
      return account;
    },
    find: (name) => (name === carrier.name ? account : null),
    names: () => [carrier.name],
  };
  const sid = createSidGenerator((n) => randomBytes(n));
  return {
    store,
    clock,
    carrier,
    ids: { sid, token: (bytes = 16) => randomBytes(bytes).toString('hex') },
    carriers,
    webhooks,
    mailer: new OutboxMailer(),
    recordingStorage: new MemoryRecordingStorage(),
    // SMS gating off: use-case suites compare interaction data exactly; gating has its own (test/api/sms-gating.test.ts).
    settings: { defaultCarrier: 'sandbox', defaultPoolLimit: null, callbacks: { ...DEFAULT_CALLBACK_SETTINGS, interceptTimeoutMs: 200, outOfSessionTimeoutMs: 200 }, smsGating: 'off' },
  };
};

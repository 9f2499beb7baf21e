// TwilioMessaging.send against a local fake of Twilio's Messages API. What matters most is the
// count of POSTs the fake received: a retry must never turn into a second SMS.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CarrierSendError } from '../../ports/carrier.ts';
import type { OutboundMessage } from '../../ports/carrier.ts';
import { createTwilioAccount } from './account.ts';
import { TwilioMessaging } from './rest.ts';

const SID = `AC${'a'.repeat(32)}`;
const TOKEN = 'twilio-auth-token-123';

interface Received {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly form: URLSearchParams;
}

type Answer = (res: ServerResponse) => void;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};
const queued = (sid: string): Answer => json(201, { sid, status: 'queued', uri: `/2010-04-01/Accounts/${SID}/Messages/${sid}.json` });
/** Reads the request, then never answers. */
const silence: Answer = () => undefined;

class FakeTwilio {
  readonly received: Received[] = [];
  answers: Answer[] = [];
  readonly #server: Server = createServer((req, res) => this.#handle(req, res));
  readonly #open = new Set<ServerResponse>();

  listen(port = 0): Promise<number> {
    return new Promise((resolve) => this.#server.listen(port, '127.0.0.1', () => {
      const address = this.#server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    }));
  }

  close(): Promise<void> {
    for (const res of this.#open) res.destroy();
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      this.received.push({ url: req.url ?? '', authorization: req.headers.authorization, form: new URLSearchParams(body) });
      this.#open.add(res);
      (this.answers.shift() ?? queued('SM-default'))(res);
    });
  }
}

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  from: '+14155551212', to: '+14155550002', body: 'hello & welcome', mediaUrls: [], statusCallbackUrl: null, idempotencyKey: `KI${Math.random()}`, ...over,
});

/** A failed send, and whether it says Twilio provably did not take the message (only then may it be retried). */
const rejectsSend = async (work: Promise<unknown>, text: RegExp, unsent: boolean): Promise<void> => {
  await assert.rejects(work, (err: unknown) => err instanceof CarrierSendError && err.unsent === unsent && text.test(err.message));
};

describe('TwilioMessaging.send', () => {
  const fake = new FakeTwilio();
  let apiUrl = '';
  const carrier = (over: Partial<ConstructorParameters<typeof TwilioMessaging>[0]> = {}) =>
    new TwilioMessaging({ accountSid: SID, authToken: TOKEN, apiUrl, retryDelayMs: 10, timeoutMs: 2_000, ...over });

  before(async () => { apiUrl = `http://127.0.0.1:${await fake.listen()}`; });
  after(() => fake.close());
  beforeEach(() => {
    fake.received.length = 0;
    fake.answers = [];
  });

  test('POSTs the form with Basic auth and maps the answer', async () => {
    fake.answers = [queued('SM111')];
    const sent = await carrier({ defaultStatusCallbackUrl: 'https://masq.example/webhooks/twilio/message-status' })
      .send(message({ mediaUrls: ['https://m.example/1.jpg', 'https://m.example/2.jpg'] }));
    assert.deepEqual(sent, { sid: 'SM111', status: 'queued', url: `${apiUrl}/2010-04-01/Accounts/${SID}/Messages/SM111.json` });
    assert.equal(fake.received.length, 1);
    const [request] = fake.received;
    assert.equal(request?.url, `/2010-04-01/Accounts/${SID}/Messages.json`);
    assert.equal(request?.authorization, `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    assert.equal(request?.form.get('To'), '+14155550002');
    assert.equal(request?.form.get('From'), '+14155551212');
    assert.equal(request?.form.get('Body'), 'hello & welcome');
    assert.deepEqual(request?.form.getAll('MediaUrl'), ['https://m.example/1.jpg', 'https://m.example/2.jpg']);
    assert.equal(request?.form.get('StatusCallback'), 'https://masq.example/webhooks/twilio/message-status');
  });

  test("the message's own status URL wins over the default one", async () => {
    await carrier({ defaultStatusCallbackUrl: 'https://default.example/s' }).send(message({ statusCallbackUrl: 'https://own.example/s' }));
    assert.equal(fake.received[0]?.form.get('StatusCallback'), 'https://own.example/s');
  });

  test('429 (Twilio took nothing) is retried once, then succeeds: two POSTs, one message', async () => {
    fake.answers = [json(429, { code: 20429, message: 'Too Many Requests', status: 429 }, { 'retry-after': '0' }), queued('SM222')];
    assert.equal((await carrier().send(message())).sid, 'SM222');
    assert.equal(fake.received.length, 2);
  });

  test('503 is retried up to the attempt limit, then reported', async () => {
    fake.answers = [0, 1, 2].map(() => json(503, { code: 20503, message: 'Service Unavailable', status: 503 }));
    await rejectsSend(carrier({ maxAttempts: 3 }).send(message()), /Service Unavailable/, true);
    assert.equal(fake.received.length, 3);
  });

  test('500 is not retried: Twilio may have created the message', async () => {
    fake.answers = [json(500, { code: 20500, message: 'Internal Server Error', status: 500 })];
    await rejectsSend(carrier().send(message()), /Internal Server Error \(Twilio error 20500\)/, false);
    assert.equal(fake.received.length, 1);
  });

  test("a refusal carries Twilio's message and code", async () => {
    fake.answers = [json(400, { code: 21211, message: "The 'To' number +1555 is not a valid phone number.", status: 400 })];
    await rejectsSend(carrier().send(message()), /not a valid phone number\. \(Twilio error 21211\)/, true);
    assert.equal(fake.received.length, 1);
  });

  test('a timeout after sending is not retried: exactly one POST', async () => {
    fake.answers = [silence, queued('SM-never')];
    await rejectsSend(carrier({ timeoutMs: 300 }).send(message()), /may have queued the message, so it is not retried/, false);
    assert.equal(fake.received.length, 1);
  });

  test('the same idempotency key reaches Twilio once, even when sent concurrently', async () => {
    fake.answers = [queued('SM333')];
    const twilio = carrier();
    const once = message({ idempotencyKey: 'KIsame' });
    const [a, b] = await Promise.all([twilio.send(once), twilio.send(once)]);
    const c = await twilio.send(once);
    assert.deepEqual([a.sid, b.sid, c.sid], ['SM333', 'SM333', 'SM333']);
    assert.equal(fake.received.length, 1);
  });

  test('a send whose fate is unknown keeps failing for its key rather than sending again', async () => {
    fake.answers = [silence, queued('SM-second')];
    const twilio = carrier({ timeoutMs: 300 });
    const once = message({ idempotencyKey: 'KIunknown' });
    await rejectsSend(twilio.send(once), /not retried/, false);
    await rejectsSend(twilio.send(once), /not retried/, false);
    assert.equal(fake.received.length, 1);
  });
});

describe('TwilioMessaging when Twilio cannot be reached', () => {
  test('a refused connection is retried, and the send goes through once the API is up', async () => {
    const later = new FakeTwilio();
    const port = await later.listen();
    await later.close();
    // The port is now closed: the first attempt is refused before anything is sent.
    const twilio = new TwilioMessaging({ accountSid: SID, authToken: TOKEN, apiUrl: `http://127.0.0.1:${port}`, retryDelayMs: 300, maxAttempts: 3 });
    const sending = twilio.send(message());
    const revived = new FakeTwilio();
    revived.answers = [queued('SM444')];
    await new Promise((resolve) => setTimeout(resolve, 50));
    await revived.listen(port);
    try {
      assert.equal((await sending).sid, 'SM444');
      assert.equal(revived.received.length, 1);
    } finally {
      await revived.close();
    }
  });

  test('refused every time: reported as unreachable after the attempt limit', async () => {
    const gone = new FakeTwilio();
    const port = await gone.listen();
    await gone.close();
    const twilio = new TwilioMessaging({ accountSid: SID, authToken: TOKEN, apiUrl: `http://127.0.0.1:${port}`, retryDelayMs: 5, maxAttempts: 2 });
    await rejectsSend(twilio.send(message()), /could not reach Twilio \(ECONNREFUSED/, true);
  });

  test('an account: voice, SMS and MMS by default; messages and calls forwarded in its webhook answer', () => {
    const twilio = createTwilioAccount({ name: 'twilio-us', accountSid: SID, authToken: TOKEN, apiUrl: 'https://api.twilio.com', webhookBase: null });
    assert.deepEqual(twilio.defaultCapabilities('+14155551212'), { voice: true, sms: true, mms: true });
    assert.deepEqual(twilio.delivery, { message: 'in-reply', voice: 'in-reply' });
    assert.equal(twilio.name, 'twilio-us');
    assert.equal(twilio.type, 'twilio');
    assert.equal(twilio.voice, null, 'Twilio bridges in its TwiML answer, never by API');
  });
});

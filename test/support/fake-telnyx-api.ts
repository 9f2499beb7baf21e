// A local stand-in for Telnyx's Messages API (POST /v2/messages, JSON, Bearer API key), so tests can point
// a Telnyx account's apiUrl at it and count exactly what masq sent, and make Telnyx misbehave on cue.
// It also sells numbers (fake-telnyx-numbers.ts: available_phone_numbers, asynchronous number_orders,
// phone_numbers). And it signs webhooks the way Telnyx does, for sending masq a webhook Telnyx could have sent.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type Telnyx from 'telnyx';
import type { RawWebhook } from '../../src/ports/carrier.ts';
import { initialNumbersState, telnyxNumbersRoute, type FakeTelnyxNumbers } from './fake-telnyx-numbers.ts';
import { telnyxPortingRoute, type FakeTelnyxPorting } from './fake-telnyx-porting.ts';
import { telnyx10dlcRoute, type FakeTelnyx10dlc } from './fake-telnyx-10dlc.ts';
import { listenOnLoopback, readBody } from './loopback-server.ts';
import { telnyxRecordingsRoute, type FakeTelnyxRecordings } from './fake-telnyx-recordings.ts';

export type { FakeTelnyxAvailable, FakeTelnyxOrder, FakeTelnyxPhoneNumber } from './fake-telnyx-numbers.ts';

/** How the fake answers one request. */
export type FakeTelnyxAnswer =
  /** Served: 200 with the message, as Telnyx answers a send it took (or the numbers endpoint's own answer). */
  | 'accept'
  /** 429 with Retry-After (fakeTelnyx.retryAfterSeconds): Telnyx took nothing. */
  | 'rate-limited'
  /** 503: Telnyx took nothing. */
  | 'unavailable'
  /** 500: Telnyx may or may not have taken it. */
  | 'server-error'
  /** 422 with Telnyx's error envelope: the request was refused. */
  | 'invalid'
  /** Reads the request and never answers. */
  | 'hang'
  /** Serves the request (an order is placed) but never answers: the caller cannot tell whether it was taken. */
  | 'lose-answer';

export interface ReceivedTelnyxRequest {
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly contentType: string | undefined;
  /** The parsed JSON body; null when it was not JSON. */
  readonly json: unknown;
}

export interface FakeTelnyxApi extends FakeTelnyxNumbers, FakeTelnyxPorting, FakeTelnyx10dlc, FakeTelnyxRecordings {
  /** http://127.0.0.1:{port}, no trailing slash. */
  readonly url: string;
  readonly requests: readonly ReceivedTelnyxRequest[];
  /** The messages the fake accepted, as Telnyx answered them. */
  readonly accepted: readonly Telnyx.OutboundMessagePayload[];
  /** Retry-After sent with 'rate-limited'. */
  retryAfterSeconds: number;
  /** How the next requests (to any endpoint) are answered, in order; once used up, every request is served. */
  answerNext(...answers: FakeTelnyxAnswer[]): void;
  /** Forgets requests, queued answers, and the numbers for sale, held and ordered. */
  reset(): void;
  close(): Promise<void>;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

const telnyxError = (code: string, title: string, detail: string) => ({ errors: [{ code, title, detail }] });

/** The send request's fields the fake reads, when the body has them. */
const sendParams = (json: unknown): Telnyx.MessageSendParams | null => {
  if (typeof json !== 'object' || json === null || !('to' in json) || typeof json.to !== 'string') return null;
  const from = 'from' in json && typeof json.from === 'string' ? json.from : undefined;
  const text = 'text' in json && typeof json.text === 'string' ? json.text : undefined;
  return { to: json.to, from, text };
};

const acceptedMessage = (params: Telnyx.MessageSendParams): Telnyx.OutboundMessagePayload => ({
  id: randomUUID(),
  record_type: 'message',
  direction: 'outbound',
  type: 'SMS',
  from: { phone_number: params.from ?? '', carrier: 'Telnyx', line_type: 'VoIP' },
  to: [{ phone_number: params.to, status: 'queued', carrier: 'T-Mobile USA', line_type: 'Wireless' }],
  text: params.text ?? '',
  media: [],
  parts: 1,
  errors: [],
});

/** Accepts messages sent with `Authorization: Bearer {apiKey}`, as Telnyx does; 401 otherwise. */
export const startFakeTelnyxApi = async (apiKey: string): Promise<FakeTelnyxApi> => {
  const requests: ReceivedTelnyxRequest[] = [];
  const accepted: Telnyx.OutboundMessagePayload[] = [];
  const queued: FakeTelnyxAnswer[] = [];
  const open = new Set<ServerResponse>();
  const fake = {
    retryAfterSeconds: 1,
    recordings: new Map<string, Buffer>(),
    ...initialNumbersState(),
  };
  let baseUrl = '';
  // TeXML recordings' lookups and media (fake-telnyx-recordings.ts).
  const recordings = telnyxRecordingsRoute(fake, () => baseUrl);
  const numbers = telnyxNumbersRoute(fake);
  // A ported number joins the account's numbers, as Telnyx lists it once the port completes.
  const porting = telnyxPortingRoute((e164) => { numbers.hold(e164); });
  // Brands, campaigns, number assignments and toll-free verifications (fake-telnyx-10dlc.ts).
  const registrations = telnyx10dlcRoute();
  const acceptMessage = (json: unknown) => {
    const params = sendParams(json);
    if (!params) return { status: 422, body: telnyxError('10015', 'Invalid request', "'to' is required.") };
    const message = acceptedMessage(params);
    accepted.push(message);
    const body: Telnyx.MessageSendResponse = { data: message };
    return { status: 200, body };
  };
  const answer = (req: IncomingMessage, res: ServerResponse, json: unknown, authorized: boolean): void => {
    if (recordings(req, res, authorized)) return;
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const serve = req.method === 'POST' && req.url === '/v2/messages' ? acceptMessage : numbers.resolve(req.method ?? '', url) ?? porting.resolve(req.method ?? '', url)
      ?? registrations.resolve(req.method ?? '', url);
    if (!serve) return send(res, 404, telnyxError('10005', 'Resource not found', `${req.method} ${req.url}`));
    if (!authorized) return send(res, 401, telnyxError('10009', 'Authentication failed', 'The API key is missing or wrong.'));
    switch (queued.shift() ?? 'accept') {
      case 'hang': return void open.add(res);
      case 'lose-answer': {
        serve(json);
        return void open.add(res);
      }
      case 'rate-limited': return send(res, 429, telnyxError('10011', 'Too many requests', 'Slow down.'), { 'retry-after': String(fake.retryAfterSeconds) });
      case 'unavailable': return send(res, 503, telnyxError('10008', 'Service unavailable', 'Try again later.'));
      case 'server-error': return send(res, 500, telnyxError('10007', 'Unexpected error', 'Something went wrong.'));
      case 'invalid': return send(res, 422, telnyxError('40310', 'Invalid "to" address', 'The destination number is not valid.'));
      case 'accept': {
        const served = serve(json);
        return send(res, served.status, served.body);
      }
    }
  };
  const server = createServer((req, res) => {
    readBody(req).then((text) => {
      const authorized = req.headers.authorization === `Bearer ${apiKey}`;
      const json = parseJson(text);
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorized, contentType: req.headers['content-type'], json });
      answer(req, res, json, authorized);
    }, () => res.destroy());
  });
  const port = await listenOnLoopback(server);
  baseUrl = `http://127.0.0.1:${port}`;
  return Object.assign(fake, porting.state, registrations.state, {
    url: baseUrl,
    requests,
    accepted,
    offer: numbers.offer,
    hold: numbers.hold,
    answerNext: (...answers: FakeTelnyxAnswer[]) => { queued.push(...answers); },
    reset: () => {
      requests.length = 0;
      accepted.length = 0;
      queued.length = 0;
      fake.recordings.clear();
      numbers.reset();
      porting.reset();
      registrations.reset();
      Object.assign(fake, { pollsToComplete: 2, orderOutcome: 'success' });
    },
    close: () => new Promise<void>((resolve) => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
};

/** A Telnyx account's webhook key pair: masq is configured with `publicKey`; `privateKey` signs. */
export interface TelnyxSigningKeys {
  readonly privateKey: KeyObject;
  /** Base64 of the 32 raw bytes, as the Telnyx portal shows it. */
  readonly publicKey: string;
}

export const telnyxSigningKeys = (): TelnyxSigningKeys => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // The raw key is the last 32 bytes of its SPKI DER encoding.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return { privateKey, publicKey: raw.toString('base64') };
};

/** The headers Telnyx sends with a webhook whose exact body is `body`, signed at `timestamp` (unix seconds). */
export const signedTelnyxRequest = (privateKey: KeyObject, body: string | Buffer, timestamp: number): Record<string, string> => {
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
  return {
    'telnyx-signature-ed25519': sign(null, signed, privateKey).toString('base64'),
    'telnyx-timestamp': String(timestamp),
  };
};

/** A webhook as masq's HTTP layer hands it to the Telnyx adapter (paths below /webhooks/{account}/). */
export const telnyxWebhook = (
  path: string,
  body: string,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly query?: Readonly<Record<string, string>>; readonly contentType?: string } = {},
): RawWebhook => {
  const query = options.query ?? {};
  const search = new URLSearchParams(query).toString();
  return {
    path,
    url: `https://masq.invalid/webhooks/telnyx/${path}${search ? `?${search}` : ''}`,
    headers: options.headers ?? {},
    contentType: options.contentType ?? (path === 'messaging' ? 'application/json' : 'application/x-www-form-urlencoded'),
    rawBody: Buffer.from(body, 'utf8'),
    query,
  };
};

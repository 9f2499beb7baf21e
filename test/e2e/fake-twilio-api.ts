// A local stand-in for the parts of Twilio's 2010 API masq calls, so tests can point a Twilio (or, below
// /api/laml, a SignalWire) account at it and count exactly what masq sent:
// - Messages.json (POST): every message is kept in `messages`.
// - AvailablePhoneNumbers/{CC}/{Type}.json: searches what `offer()` put up for sale, with Twilio's filters.
// - IncomingPhoneNumbers: buy (POST, 201; 21422 when not for sale, 21421 when malformed), list with
//   next_page_uri paging, fetch, update, delete (204), as the official twilio client expects them.
// `answerNext` makes the next requests fail on cue (any path), or be served with their answer lost.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { numbersRoute, type FakeNumbers } from './fake-twilio-numbers.ts';

export type { FakeAvailableNumber, FakeIncomingNumber } from './fake-twilio-numbers.ts';

export interface SentMessage {
  readonly sid: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly form: URLSearchParams;
}

/** Every request the fake received (messages too). */
export interface ReceivedTwilioRequest {
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly form: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

/**
 * How the fake answers one request instead of serving it: a status and Twilio's error envelope, or silence
 * ('hang': nothing done, never answered). 'lose-answer' serves it (a purchase is made) but never answers,
 * as when Twilio acted and the answer was lost: the caller cannot tell whether it was taken.
 */
export type FakeTwilioAnswer = { readonly status: number; readonly code?: number; readonly message?: string } | 'hang' | 'lose-answer';

export interface FakeTwilioApi extends FakeNumbers {
  readonly url: string;
  /** Recordings' audio by sid, served at {account}/Recordings/{sid}.wav (Basic auth) as Twilio serves media. */
  readonly recordings: Map<string, Buffer>;
  readonly messages: readonly SentMessage[];
  readonly requests: readonly ReceivedTwilioRequest[];
  /** The next requests are answered so, in order; once used up, requests are served. */
  answerNext(...answers: FakeTwilioAnswer[]): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
  req.on('end', () => resolve(body));
  req.on('error', reject);
});

const send = (res: ServerResponse, status: number, body: unknown): void => {
  if (status === 204) return void res.writeHead(204).end();
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const twilioError = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
const NOT_FOUND = twilioError(404, 20404, 'The requested resource was not found');

/**
 * Accepts requests for `accountSid` with Basic `accountSid:authToken`, as Twilio does; 401 otherwise.
 * `basePath` puts the API below a prefix, as SignalWire serves it ({space}/api/laml/2010-04-01/...).
 */
export const startFakeTwilioApi = async (accountSid: string, authToken: string, basePath = ''): Promise<FakeTwilioApi> => {
  const messages: SentMessage[] = [];
  const recordings = new Map<string, Buffer>();
  const requests: ReceivedTwilioRequest[] = [];
  const queued: FakeTwilioAnswer[] = [];
  const open = new Set<ServerResponse>();
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const accountPath = `${basePath}/2010-04-01/Accounts/${accountSid}`;
  const numbers = numbersRoute(accountPath);
  const recordingAudio = (path: string): Buffer | undefined => {
    const prefix = `${accountPath}/Recordings/`;
    return path.startsWith(prefix) && path.endsWith('.wav') ? recordings.get(path.slice(prefix.length, -'.wav'.length)) : undefined;
  };
  /** Serves one request; `reply` sends its answer (or drops it). */
  const serveRequest = (req: IncomingMessage, url: URL, form: URLSearchParams, authorized: boolean, reply: (status: number, body: unknown) => void): void => {
    if (req.method === 'POST' && url.pathname === `${accountPath}/Messages.json`) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      messages.push({ sid, path: req.url ?? '', authorized, form });
      if (!authorized) return reply(401, twilioError(401, 20003, 'Authenticate'));
      return reply(201, { sid, status: 'queued', uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json` });
    }
    if (!authorized) return reply(401, twilioError(401, 20003, 'Authenticate'));
    const served = numbers.serve(req.method ?? '', url, form);
    if (!served) return reply(404, NOT_FOUND);
    return reply(served.status, 'code' in served ? twilioError(served.status, served.code, served.message) : served.body);
  };
  const serve = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const form = new URLSearchParams(body);
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, form, headers: req.headers });
    const authorized = req.headers.authorization === expectedAuth;
    const audio = req.method === 'GET' && authorized ? recordingAudio(url.pathname) : undefined;
    if (audio) return void res.writeHead(200, { 'content-type': 'audio/x-wav' }).end(audio);
    const answer = queued.shift();
    if (answer === 'hang') return void open.add(res);
    if (answer === 'lose-answer') {
      open.add(res);
      return serveRequest(req, url, form, authorized, () => undefined);
    }
    if (answer) return send(res, answer.status, twilioError(answer.status, answer.code ?? 20500, answer.message ?? 'Injected failure'));
    return serveRequest(req, url, form, authorized, (status, payload) => send(res, status, payload));
  };
  const server = createServer((req, res) => {
    readBody(req).then((body) => serve(req, res, body), () => res.destroy());
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve(typeof address === 'object' && address ? address.port : 0);
  }));
  return {
    ...numbers.state,
    url: `http://127.0.0.1:${port}`,
    messages,
    recordings,
    requests,
    answerNext: (...answers) => { queued.push(...answers); },
    close: () => new Promise((resolve) => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
};

// A local stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json), so an
// end-to-end suite can point MASQ_TWILIO_API_URL at it and count exactly what masq sent.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface SentMessage {
  readonly sid: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly form: URLSearchParams;
}

export interface FakeTwilioApi {
  readonly url: string;
  readonly messages: readonly SentMessage[];
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
  req.on('end', () => resolve(body));
  req.on('error', reject);
});

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * Accepts messages for `accountSid` with Basic `accountSid:authToken`, as Twilio does; 401 otherwise.
 * `basePath` puts the API below a prefix, as SignalWire serves it ({space}/api/laml/2010-04-01/...).
 */
export const startFakeTwilioApi = async (accountSid: string, authToken: string, basePath = ''): Promise<FakeTwilioApi> => {
  const messages: SentMessage[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const path = `${basePath}/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const server = createServer((req, res) => {
    readBody(req).then((body) => {
      if (req.method !== 'POST' || req.url !== path) return send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const authorized = req.headers.authorization === expectedAuth;
      const sid = `SM${randomBytes(16).toString('hex')}`;
      messages.push({ sid, path: req.url, authorized, form: new URLSearchParams(body) });
      if (!authorized) return send(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      return send(res, 201, { sid, status: 'queued', uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json` });
    }, () => res.destroy());
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve(typeof address === 'object' && address ? address.port : 0);
  }));
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
};

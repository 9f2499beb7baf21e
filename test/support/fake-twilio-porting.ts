// A local stand-in for Twilio's Port In API (numbers.twilio.com, Numbers v1, JSON, Basic auth): portability,
// PortIn creation honouring I-Twilio-Idempotency-Token (a repeated token gets the first answer, no second
// PortIn), per-number reads and cancels. As at Twilio, a new PortIn's numbers are "Waiting for Signature"
// (Twilio e-mailed the LOA) until the test signs them (`sign`). A test drives the losing carrier (`setStatus`), and a Completed
// number is handed to `ported` (the fake 2010 API's IncomingPhoneNumbers, so masq can find it).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, readBody } from './loopback-server.ts';

export interface FakeTwilioPortNumber {
  readonly requestSid: string;
  readonly sid: string;
  readonly phoneNumber: string;
  status: string;
  portDate: string | null;
  rejectionReason: string | null;
}

export interface FakeTwilioPorting {
  readonly url: string;
  readonly numbers: FakeTwilioPortNumber[];
  /** Bodies of the PortIns created, as sent. */
  readonly created: unknown[];
  /** Every request: method and path. */
  readonly requests: { method: string; path: string }[];
  /** The next requests are answered with these statuses (Twilio's error envelope) instead of served. */
  failNext(...statuses: number[]): void;
  /** The same, for the next PortIn creations only (portability checks are served). */
  failNextCreate(...statuses: number[]): void;
  setStatus(phoneNumber: string, status: string, options?: { readonly portDate?: string; readonly reason?: string }): void;
  /** The authorized representative signs the LOA Twilio e-mailed: the number goes Submitted. */
  sign(phoneNumber: string): void;
  close(): Promise<void>;
}

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;
const envelope = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

const phoneNumbersOf = (body: unknown): string[] => {
  const list = typeof body === 'object' && body !== null && 'phone_numbers' in body && Array.isArray(body.phone_numbers) ? body.phone_numbers : [];
  return list.flatMap((n: unknown) => (typeof n === 'object' && n !== null && 'phone_number' in n && typeof n.phone_number === 'string' ? [n.phone_number] : []));
};

export const startFakeTwilioPorting = async (accountSid: string, authToken: string, ported: (e164: string) => void): Promise<FakeTwilioPorting> => {
  const numbers: FakeTwilioPortNumber[] = [];
  const created: unknown[] = [];
  const requests: { method: string; path: string }[] = [];
  const failures: number[] = [];
  const createFailures: number[] = [];
  const byToken = new Map<string, unknown>();
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const numberRecord = (n: FakeTwilioPortNumber) => ({
    port_in_request_sid: n.requestSid, phone_number_sid: n.sid, phone_number: n.phoneNumber, port_in_phone_number_status: n.status,
    port_date: n.portDate, rejection_reason: n.rejectionReason, rejection_reason_code: n.rejectionReason ? 1 : null, account_sid: accountSid,
  });
  const createPortIn = (body: unknown, token: string | undefined): unknown => {
    const earlier = token ? byToken.get(token) : undefined;
    if (earlier) return earlier;
    created.push(body);
    const requestSid = sid('KW');
    const rows = phoneNumbersOf(body).map((phoneNumber) => ({ requestSid, sid: sid('PU'), phoneNumber, status: 'Waiting for Signature', portDate: null, rejectionReason: null }));
    numbers.push(...rows);
    const answer = {
      port_in_request_sid: requestSid, account_sid: accountSid, port_in_request_status: 'Waiting for Signature',
      phone_numbers: rows.map((r) => ({ phone_number: r.phoneNumber, port_in_phone_number_sid: r.sid, port_in_phone_number_status: r.status })),
    };
    if (token) byToken.set(token, answer);
    return answer;
  };
  const serve = (req: IncomingMessage, path: string, text: string): { status: number; body: unknown } => {
    const portability = /^\/v1\/Porting\/Portability\/PhoneNumber\/(.+)$/.exec(path)?.[1];
    if (req.method === 'GET' && portability) {
      const e164 = decodeURIComponent(portability);
      return { status: 200, body: { phone_number: e164, portable: true, number_type: 'LOCAL', pin_and_account_number_required: false, not_portable_reason: null } };
    }
    if (req.method === 'POST' && path === '/v1/Porting/PortIn') {
      const token = req.headers['i-twilio-idempotency-token'];
      return { status: 201, body: createPortIn(JSON.parse(text), typeof token === 'string' ? token : undefined) };
    }
    const [, request, number] = /^\/v1\/Porting\/PortIn\/([^/]+)\/PhoneNumber\/([^/]+)$/.exec(path) ?? [];
    const row = numbers.find((n) => n.requestSid === request && n.sid === number);
    if (!row) return { status: 404, body: envelope(404, 20404, 'The requested resource was not found') };
    if (req.method === 'GET') return { status: 200, body: numberRecord(row) };
    if (req.method === 'DELETE') {
      if (row.status === 'Completed') return { status: 400, body: envelope(400, 22140, 'The number already ported') };
      row.status = 'Canceled';
      return { status: 204, body: null };
    }
    return { status: 404, body: envelope(404, 20404, 'The requested resource was not found') };
  };
  const server = createServer((req, res: ServerResponse) => {
    readBody(req).then((text) => {
      const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
      requests.push({ method: req.method ?? '', path });
      const failure = failures.shift() ?? (req.method === 'POST' && path === '/v1/Porting/PortIn' ? createFailures.shift() : undefined);
      const answer = failure !== undefined ? { status: failure, body: envelope(failure, 20429, 'Injected failure') }
        : req.headers.authorization !== expectedAuth ? { status: 401, body: envelope(401, 20003, 'Authenticate') } : serve(req, path, text);
      if (answer.status === 204) return void res.writeHead(204).end();
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    }, () => res.destroy());
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    numbers, created, requests,
    failNext: (...statuses) => { failures.push(...statuses); },
    failNextCreate: (...statuses) => { createFailures.push(...statuses); },
    sign: (phoneNumber) => {
      const row = numbers.find((n) => n.phoneNumber === phoneNumber && n.status === 'Waiting for Signature');
      if (!row) throw new Error(`no port of ${phoneNumber} waiting for signature`);
      row.status = 'Submitted';
    },
    setStatus: (phoneNumber, status, options = {}) => {
      const row = numbers.find((n) => n.phoneNumber === phoneNumber && n.status !== 'Canceled');
      if (!row) throw new Error(`no port of ${phoneNumber}`);
      row.status = status;
      row.portDate = options.portDate ?? row.portDate;
      row.rejectionReason = options.reason ?? null;
      if (status === 'Completed') ported(phoneNumber);
    },
    close: () => closeServer(server),
  };
};

// A customer's app on a loopback port, as masq's programmable numbers call it: it answers what the test
// scripted per path (TwiML, garbage, an error status, or slowly), and records every request with its
// parameters and whether X-Twilio-Signature is valid for the account's auth token, checked by the official
// twilio SDK's validateRequest (POST: URL and form params; GET: the whole URL, no params).
import { createServer, type Server } from 'node:http';
import twilio from 'twilio';
import { closeServer, listenOnLoopback, readBody } from './loopback-server.ts';

export interface AppAnswer {
  readonly status?: number;
  readonly contentType?: string;
  readonly body?: string;
  /** Answer after this long (a slow app). */
  readonly delayMs?: number;
}

export interface AppRequest {
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  /** Form params (POST) or query params (GET). */
  readonly params: Readonly<Record<string, string>>;
  readonly signatureValid: boolean;
}

export const twiml = (inner: string): AppAnswer => ({ status: 200, contentType: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>` });

export class TwimlApp {
  readonly requests: AppRequest[] = [];
  private readonly answers = new Map<string, AppAnswer>();
  private readonly server: Server;
  private port = 0;

  constructor(private readonly authToken: () => string) {
    this.server = createServer((req, res) => {
      void readBody(req).then(async (body) => {
        const url = new URL(req.url ?? '/', this.base);
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        const form = Object.fromEntries(new URLSearchParams(body));
        const get = req.method === 'GET';
        const signatureValid = twilio.validateRequest(this.authToken(), signature, url.href, get ? {} : form);
        this.requests.push({ method: req.method ?? '', path: url.pathname, params: get ? Object.fromEntries(url.searchParams) : form, signatureValid });
        const answer = this.answers.get(url.pathname) ?? { status: 404, body: 'no such path' };
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.contentType ? { 'content-type': answer.contentType } : {}).end(answer.body ?? '');
      });
    });
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  answer(path: string, answer: AppAnswer): this {
    this.answers.set(path, answer);
    return this;
  }

  /** The requests made to `path`, in order. */
  to(path: string): AppRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

/** A URL on which nothing listens (a port opened and closed again). */
export const deadUrl = async (path = '/down'): Promise<string> => {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await closeServer(server);
  return `http://127.0.0.1:${port}${path}`;
};

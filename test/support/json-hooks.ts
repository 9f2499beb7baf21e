// A customer's JSON endpoint on loopback, as masq's flows post to it (a message's `webhook-message`, a
// voicemail's `webhook`): every request is kept with its parsed body and whether its X-Twilio-Signature
// is valid in Twilio's bodySHA256 variant under the account's auth token (checked by the official twilio
// SDK); each path answers what the test scripted (`{}` by default).
import { createServer, type Server } from 'node:http';
import twilio from 'twilio';
import { closeServer, listenOnLoopback, readBody } from './loopback-server.ts';

export interface JsonHookRequest {
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly signatureValid: boolean;
}

const objectOf = (text: string): Record<string, unknown> => {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
  } catch {
    return {};
  }
};

export class JsonHooks {
  readonly received: JsonHookRequest[] = [];
  /** The JSON each path answers. */
  readonly answers = new Map<string, string>();
  private readonly server: Server;
  private port = 0;

  constructor(private readonly authToken: string) {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const url = new URL(req.url ?? '/', this.base);
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        const signatureValid = twilio.validateRequestWithBody(this.authToken, signature, url.href, body);
        this.received.push({ path: url.pathname, body: objectOf(body), signatureValid });
        res.writeHead(200, { 'content-type': 'application/json' }).end(this.answers.get(url.pathname) ?? '{}');
      });
    });
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** The requests made to `path`, in order. */
  to(path: string): JsonHookRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

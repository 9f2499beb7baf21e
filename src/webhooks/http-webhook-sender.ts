// Sends signed callbacks to customer applications: form-encoded POSTs (a JSON body for porting webhooks),
// or GETs with the params in the query string when the owner chose GET for a number's URL.
//
// The destination check runs inside the socket's DNS lookup, on the address actually connected to, so a
// host name that resolves to a public address when checked and a private one when connecting (DNS
// rebinding) cannot slip through.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { signJsonBody, twilioSignature } from '../domain/twilio-signature.ts';
import { WebhookError, type WebhookRequest, type WebhookResponse, type WebhookSender } from '../ports/webhook-sender.ts';
import { isPublicAddress } from './address-policy.ts';
import { readBoundedBody } from '../net/read-bounded-body.ts';

/** Callback answers are TwiML or small JSON documents; anything longer is cut here. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface HttpWebhookSenderOptions {
  /** MASQ_CALLBACK_ALLOW_PRIVATE: allow loopback and private destinations. */
  readonly allowPrivate: boolean;
  readonly userAgent: string;
}

const guardedLookup = (allowPrivate: boolean): LookupFunction => (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const allowed = addresses.filter((a) => allowPrivate || isPublicAddress(a.address));
    const first = allowed[0];
    if (!first) return callback(new WebhookError('refused-destination', `${hostname} resolves to a private or loopback address`), '', 0);
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
    return options.all ? callback(null, allowed) : callback(null, first.address, first.family);
  });
};

const parseUrl = (raw: string): URL => {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // fall through
  }
  throw new WebhookError('invalid-url', `not an http(s) URL: ${raw}`);
};

export const createHttpWebhookSender = (options: HttpWebhookSenderOptions): WebhookSender => ({
  post: (req: WebhookRequest) => {
    let url = parseUrl(req.url);
    if (!options.allowPrivate && isLiteralPrivate(url.hostname)) {
      return Promise.reject(new WebhookError('refused-destination', `${url.hostname} is a private or loopback address`));
    }
    const get = req.method === 'GET' && req.json === undefined;
    if (get) url = withQuery(url, req.params);
    const signedJson = req.json === undefined ? null : signJsonBody(req.authToken, req.url, req.json);
    if (signedJson) url = new URL(signedJson.url);
    const body = get ? '' : (req.json ?? new URLSearchParams(req.params).toString());
    const headers: Record<string, string> = {
      ...(!get && {
        'content-type': signedJson ? 'application/json' : 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
      }),
      'user-agent': options.userAgent,
      // Twilio signs a GET over the whole URL, query included, with no body params.
      'x-twilio-signature': signedJson?.signature ?? (get ? twilioSignature(req.authToken, url.href, {}) : twilioSignature(req.authToken, req.url, req.params)),
      ...(req.idempotencyToken ? { 'i-twilio-idempotency-token': req.idempotencyToken } : {}),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<WebhookResponse>((resolve, reject) => {
      const outgoing = send(url, { method: get ? 'GET' : 'POST', headers, lookup: guardedLookup(options.allowPrivate), timeout: req.timeoutMs }, (res) => {
        readBoundedBody(res, MAX_RESPONSE_BYTES).then((text) => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, body: text }), reject);
      });
      outgoing.on('timeout', () => outgoing.destroy(new WebhookError('timeout', `no answer from ${url.host} within ${req.timeoutMs} ms`)));
      outgoing.on('error', (err) => reject(err instanceof WebhookError ? err : new WebhookError('network', err.message)));
      outgoing.end(body);
    });
  },
});

/** The URL with the params appended to its query (a GET carries them there). */
const withQuery = (url: URL, params: Readonly<Record<string, string>>): URL => {
  const target = new URL(url.href);
  for (const [name, value] of Object.entries(params)) target.searchParams.append(name, value);
  return target;
};

/** An IP literal in the URL skips DNS, so it is checked here. */
const isLiteralPrivate = (hostname: string): boolean => {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return /^[\d.]+$|:/.test(bare) && !isPublicAddress(bare);
};

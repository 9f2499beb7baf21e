// One POST to a carrier's REST API (Twilio's form, Telnyx's JSON: any body), reporting not just the answer
// but, when there is none, whether the request could have reached the carrier. That distinction is what
// makes retrying a send safe: Twilio's
// Messages API has no idempotency key, so a request that may have arrived must never be sent again.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readBoundedBody } from '../../net/read-bounded-body.ts';

/** Carriers' answers are small JSON documents; anything longer is cut. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export type PostOutcome =
  /** The carrier answered (any status). */
  | { readonly kind: 'answered'; readonly status: number; readonly body: string; readonly retryAfterMs: number | null }
  /** The connection never reached the point where request bytes leave: provably not sent. */
  | { readonly kind: 'not-sent'; readonly reason: string }
  /** Bytes may have left (timeout or reset after connecting): the carrier may have the message. */
  | { readonly kind: 'unknown'; readonly reason: string };

export interface FormPost {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Retry-After in seconds (429s); the HTTP-date form is rare enough to ignore. */
const retryAfterMs = (header: string | string[] | undefined): number | null => {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) * 1000 : null;
};

/**
 * POSTs once. Each request gets its own connection (no keep-alive agent): on a reused socket a reset
 * cannot tell "the server closed an idle connection" from "the server got the request and died",
 * while on a fresh one, failing before connect (or before the TLS handshake ends) proves nothing was
 * sent. API sends are the rare path (Twilio forwards in its webhook answer), so the lost reuse is cheap.
 */
export const postForm = (post: FormPost): Promise<PostOutcome> => new Promise((resolve) => {
  const tls = post.url.protocol === 'https:';
  const send = tls ? httpsRequest : httpRequest;
  let mayHaveSent = false;
  let settled = false;
  const settle = (outcome: PostOutcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolve(outcome);
  };
  const failure = (reason: string): PostOutcome => (mayHaveSent ? { kind: 'unknown', reason } : { kind: 'not-sent', reason });
  const headers = { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) };
  const outgoing = send(post.url, { method: 'POST', headers, agent: false }, (res) => {
    readBoundedBody(res, MAX_RESPONSE_BYTES).then(
      (body) => settle({ kind: 'answered', status: res.statusCode ?? 0, body, retryAfterMs: retryAfterMs(res.headers['retry-after']) }),
      (err: unknown) => settle({ kind: 'unknown', reason: `reading the carrier's answer failed: ${String(err)}` }),
    );
  });
  outgoing.on('socket', (socket) => {
    // The HTTP request is written only once the TCP connection (and for https the TLS session) is up.
    socket.once(tls ? 'secureConnect' : 'connect', () => { mayHaveSent = true; });
  });
  const timer = setTimeout(() => {
    const outcome = failure(`no answer from ${post.url.host} within ${post.timeoutMs} ms`);
    outgoing.destroy();
    settle(outcome);
  }, post.timeoutMs);
  outgoing.on('error', (err: NodeJS.ErrnoException) => settle(failure(`${err.code ?? 'error'}: ${err.message}`)));
  outgoing.end(post.body);
});

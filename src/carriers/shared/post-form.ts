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
  /** POST unless said (the numbers ports also GET, PATCH and DELETE, Telnyx's registry PUT: the same outcomes apply). */
  readonly method?: 'POST' | 'GET' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Longest answer kept (default 64 KiB); a page of numbers is longer than a message's answer. */
  readonly maxResponseBytes?: number;
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
  const outgoing = send(post.url, { method: post.method ?? 'POST', headers, agent: false }, (res) => {
    readBoundedBody(res, post.maxResponseBytes ?? MAX_RESPONSE_BYTES).then(
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

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The first retry's delay; doubled each time, never less than the carrier's Retry-After. */
  readonly retryDelayMs: number;
  /** How a retry waits (tests observe the delays). */
  readonly wait?: (ms: number) => Promise<void>;
}

/** A retry's delay never exceeds this, whatever Retry-After asks. */
const MAX_RETRY_DELAY_MS = 10_000;
/** An attempt with less time than this left is not started: it could only time out. */
const MIN_ATTEMPT_MS = 250;

/** 429 (rate limited) and 503 (unavailable) are answers in which the carrier says it did not take the request. */
const isRetryableAnswer = (status: number): boolean => status === 429 || status === 503;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs, retrying only what provably was not taken (no connection, 429, 503) with backoff, and never past
 * `deadline` (wall-clock): each attempt's timeout is cut to the time left, and no attempt or wait starts
 * that could not end in time. A job's send thereby always ends within its lease, so no other instance
 * can take the job over while this one may still be sending (run-jobs.ts). With no time left at all,
 * nothing is sent: a not-sent outcome, which the job retries later.
 */
export const postWithRetries = async (post: FormPost, policy: RetryPolicy, deadline: Date | null): Promise<PostOutcome> => {
  const wait = policy.wait ?? sleep;
  const left = (): number => (deadline === null ? Number.POSITIVE_INFINITY : deadline.getTime() - Date.now());
  for (let attempt = 1; ; attempt += 1) {
    if (left() < MIN_ATTEMPT_MS) return { kind: 'not-sent', reason: 'no time left to send before the job\'s lease ends' };
    const outcome = await postForm({ ...post, timeoutMs: Math.min(post.timeoutMs, left()) });
    const retryable = outcome.kind === 'not-sent' || (outcome.kind === 'answered' && isRetryableAnswer(outcome.status));
    if (!retryable || attempt >= policy.maxAttempts) return outcome;
    const backoff = policy.retryDelayMs * 2 ** (attempt - 1);
    const hinted = outcome.kind === 'answered' ? (outcome.retryAfterMs ?? 0) : 0;
    const delay = Math.min(Math.max(backoff, hinted), MAX_RETRY_DELAY_MS);
    // A retry that could not start in time is not waited for: the outcome so far stands (unsent).
    if (delay + MIN_ATTEMPT_MS > left()) return outcome;
    await wait(delay);
  }
};

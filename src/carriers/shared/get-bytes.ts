// One GET of a binary resource from a carrier (a recording's audio), whole or not at all: an answer longer
// than the limit is refused rather than cut, since a truncated recording would be stored as if complete.
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface BytesGet {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface BytesAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Rejects with an Error naming the problem: no connection, no answer in time, an answer over `maxBytes`. */
export const getBytes = (get: BytesGet): Promise<BytesAnswer> => new Promise((resolve, reject) => {
  const send = get.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const fail = (reason: string): void => {
    clearTimeout(timer);
    outgoing.destroy();
    reject(new Error(reason));
  };
  const outgoing = send(get.url, { method: 'GET', headers: get.headers, agent: false }, (res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > get.maxBytes) fail(`${get.url.host} answered more than ${get.maxBytes} bytes`);
      else chunks.push(chunk);
    });
    res.on('end', () => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
    });
    res.on('error', (err) => fail(`reading ${get.url.host}'s answer failed: ${err.message}`));
  });
  const timer = setTimeout(() => fail(`no answer from ${get.url.host} within ${get.timeoutMs} ms`), get.timeoutMs);
  outgoing.on('error', (err: NodeJS.ErrnoException) => fail(`${err.code ?? 'error'}: ${err.message}`));
  outgoing.end();
});

/** An hour of 8 kHz 16-bit mono WAV (Twilio's longest <Record>) is 57.6 MB; a little room above it. */
export const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

export interface AudioDownload {
  readonly url: URL;
  /** Sent to `url` only (credentials, when it is the carrier's API): never to where it redirects. */
  readonly headers: Readonly<Record<string, string>>;
  /** Where a redirect may lead besides https: the carrier's API origin (which may be plain http in tests). */
  readonly trustedOrigin: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** The media type when the answer names none. */
  readonly fallbackType: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const mediaTypeOf = (header: string | undefined, fallback: string): string => header?.split(';')[0]?.trim() || fallback;

/**
 * A recording's audio. Carriers often answer a media request with a redirect to a short-lived link on
 * their storage: one is followed, without the credentials, when it leads to https (or back to the API).
 */
export const downloadAudio = async (download: AudioDownload): Promise<{ readonly contentType: string; readonly data: Buffer }> => {
  const { timeoutMs, maxBytes } = download;
  let answer = await getBytes({ url: download.url, headers: download.headers, timeoutMs, maxBytes });
  const location = answer.headers.location;
  if (REDIRECTS.has(answer.status) && location) {
    const next = new URL(location, download.url);
    if (next.protocol !== 'https:' && next.origin !== download.trustedOrigin) throw new Error(`The carrier redirected the recording to ${next.origin}, which is neither https nor its API: not followed`);
    answer = await getBytes({ url: next, headers: { 'user-agent': 'masq' }, timeoutMs, maxBytes });
  }
  if (answer.status !== 200) throw new Error(`The carrier answered HTTP ${answer.status} for the recording's audio`);
  return { contentType: mediaTypeOf(answer.headers['content-type'], download.fallbackType), data: answer.body };
};

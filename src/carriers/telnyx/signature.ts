// Telnyx signs every webhook (messaging JSON events and TeXML form callbacks alike) with ed25519:
// the signature (header telnyx-signature-ed25519, base64) is over the bytes of `${timestamp}|${rawBody}`,
// the timestamp (telnyx-timestamp, unix seconds) bounds replays. Acceptance matches the official SDK's
// TelnyxWebhook.verify, which the tests use as the oracle.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TIMESTAMP_HEADER = 'telnyx-timestamp';

/** How far a timestamp may be from our clock, either way (the SDK's tolerance). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

// An ed25519 public key as SPKI DER: this fixed prefix, then the 32 raw bytes Telnyx's portal shows.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_KEY_BYTES = 32;
// Base64 of exactly 32 bytes (the key; its padding optional, as configuration accepts it) and of
// exactly 64 (the signature: strict and padded, as the SDK insists).
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64_64_BYTES = /^[A-Za-z0-9+/]{86}==$/;

/** The account's public key (base64 from the Telnyx portal); throws an Error naming the problem. */
export const telnyxPublicKey = (base64: string): KeyObject => {
  const text = base64.trim();
  if (!BASE64_32_BYTES.test(text)) throw new Error(`A Telnyx public key is ${ED25519_KEY_BYTES} bytes in base64 (43 characters, then '=')`);
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(text, 'base64')]), format: 'der', type: 'spki' });
};

type Headers = Readonly<Record<string, string | undefined>>;

/** True when both signature headers are there at all (checked before the body is read). */
export const hasTelnyxSignature = (headers: Headers): boolean =>
  Boolean(headers[SIGNATURE_HEADER]) && Boolean(headers[TIMESTAMP_HEADER]);

const timestampProblem = (timestamp: string, now: Date): string | null => {
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) return `${TIMESTAMP_HEADER} is not a unix time`;
  const skew = Math.floor(now.getTime() / 1000) - seconds;
  if (skew > MAX_CLOCK_SKEW_SECONDS) return `${TIMESTAMP_HEADER} is ${skew} s old (more than ${MAX_CLOCK_SKEW_SECONDS} s): a replay?`;
  if (-skew > MAX_CLOCK_SKEW_SECONDS) return `${TIMESTAMP_HEADER} is ${-skew} s in the future (more than ${MAX_CLOCK_SKEW_SECONDS} s)`;
  return null;
};

/** Null when `rawBody` carries a valid Telnyx signature made within the time window; otherwise why not. */
export const telnyxSignatureProblem = (key: KeyObject, headers: Headers, rawBody: Buffer, now: Date): string | null => {
  const signature = headers[SIGNATURE_HEADER];
  const timestamp = headers[TIMESTAMP_HEADER];
  if (!signature) return `${SIGNATURE_HEADER} is missing`;
  if (!timestamp) return `${TIMESTAMP_HEADER} is missing`;
  const late = timestampProblem(timestamp, now);
  if (late) return late;
  if (!BASE64_64_BYTES.test(signature)) return `${SIGNATURE_HEADER} is not a base64 ed25519 signature`;
  // The body's exact bytes: decoding them to text first would change invalid UTF-8 and break the check.
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), rawBody]);
  return verify(null, signed, key, Buffer.from(signature, 'base64')) ? null : 'the signature does not match the body';
};

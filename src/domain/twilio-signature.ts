// X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + Σ sorted(name + value))). masq signs every
// callback it sends this way (so `twilio.validateRequest` accepts it) and checks Twilio's inbound
// webhooks the same way. Pure computation: no I/O.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignedParams = Readonly<Record<string, string | readonly string[]>>;

/** The string Twilio signs: the full URL, then each parameter name + value in name order. */
export const signaturePayload = (url: string, params: SignedParams): string => {
  let payload = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    // A repeated key contributes each of its (de-duplicated, sorted) values, as twilio-node does.
    const values = typeof value === 'string' ? [value] : [...new Set(value ?? [])].sort();
    for (const v of values) payload += name + v;
  }
  return payload;
};

export const twilioSignature = (authToken: string, url: string, params: SignedParams): string =>
  createHmac('sha1', authToken).update(Buffer.from(signaturePayload(url, params), 'utf8')).digest('base64');

/** Constant-time check of a received signature against the expected one. */
export const isValidTwilioSignature = (authToken: string, signature: string, url: string, params: SignedParams): boolean => {
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
};

/**
 * Twilio's variant for a JSON body (twilio.validateRequestWithBody): the body's SHA-256 (hex) rides in the
 * URL as `bodySHA256`, and the signature covers that URL with no parameters. Returns the URL to post to
 * and its signature.
 */
export const signJsonBody = (authToken: string, url: string, body: string): { readonly url: string; readonly signature: string } => {
  const signed = new URL(url);
  signed.searchParams.set('bodySHA256', createHash('sha256').update(body, 'utf8').digest('hex'));
  const target = signed.toString();
  return { url: target, signature: twilioSignature(authToken, target, {}) };
};

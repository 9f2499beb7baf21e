// Who may send masq calls on a SIP account: a trusted peer (by source address), or anyone answering the
// digest challenge (RFC 3261 §22, RFC 2617 MD5, qop=auth). Nonces are stateless: the expiry time and an
// HMAC of it under a per-process key, so a nonce is good for NONCE_TTL_MS on this instance only (a
// caller challenged by another instance is simply challenged again: the nonce is marked stale).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SipAuth } from 'sip';
import { peerAllowed, type PeerRange } from './peers.ts';
import { uriText, type SipMessage } from './sip-message.ts';
import type { DigestCredentials } from './settings.ts';

export const NONCE_TTL_MS = 5 * 60_000;

export type Trust = { readonly kind: 'trusted' } | { readonly kind: 'challenge'; readonly header: string } | { readonly kind: 'refused' };

const md5 = (...parts: string[]): string => createHash('md5').update(parts.join(':')).digest('hex');

const unquote = (value: string | undefined): string => (value === undefined ? '' : value.replace(/^"(.*)"$/, '$1'));

const sameText = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface InboundAuth {
  /** Whether the request may be served, or the challenge to answer it with (401), or a refusal (403). */
  check(request: SipMessage, sourceAddress: string, now: Date): Trust;
}

export const createInboundAuth = (peers: readonly PeerRange[], credentials: DigestCredentials | null): InboundAuth => {
  const key = randomBytes(32);
  const sign = (expires: string): string => createHmac('sha256', key).update(expires).digest('hex').slice(0, 32);
  const nonceFor = (now: Date): string => {
    const expires = String(now.getTime() + NONCE_TTL_MS);
    return `${expires}.${sign(expires)}`;
  };
  const nonceState = (nonce: string, now: Date): 'good' | 'stale' | 'bad' => {
    const [expires = '', mac = ''] = nonce.split('.');
    if (!/^\d+$/.test(expires) || !sameText(mac, sign(expires))) return 'bad';
    return Number(expires) >= now.getTime() ? 'good' : 'stale';
  };
  const challenge = (now: Date, stale: boolean): Trust => {
    if (!credentials) return { kind: 'refused' };
    const header = `Digest realm="${credentials.realm}", nonce="${nonceFor(now)}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`;
    return { kind: 'challenge', header };
  };
  const answerOf = (request: SipMessage): SipAuth | undefined =>
    (request.headers.authorization ?? []).find((a) => (a.scheme ?? '').toLowerCase() === 'digest' && unquote(a.realm) === credentials?.realm);

  return {
    check: (request, sourceAddress, now) => {
      if (peerAllowed(peers, sourceAddress)) return { kind: 'trusted' };
      if (!credentials) return { kind: 'refused' };
      const answer = answerOf(request);
      if (!answer) return challenge(now, false);
      const nonce = unquote(answer.nonce);
      const state = nonceState(nonce, now);
      if (state !== 'good') return challenge(now, state === 'stale');
      const uri = unquote(answer.uri) || uriText(request.uri);
      const ha1 = md5(credentials.username, credentials.realm, credentials.password);
      const ha2 = md5(request.method ?? '', uri);
      const qop = unquote(answer.qop);
      const expected = qop === 'auth' ? md5(ha1, nonce, unquote(answer.nc), unquote(answer.cnonce), qop, ha2) : md5(ha1, nonce, ha2);
      const given = unquote(answer.response);
      const ok = unquote(answer.username) === credentials.username && sameText(given, expected);
      return ok ? { kind: 'trusted' } : challenge(now, false);
    },
  };
};

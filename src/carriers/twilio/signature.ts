// Checks X-Twilio-Signature on Twilio's webhooks. Twilio signs the URL exactly as configured on the
// number (scheme, host, port as written, path, query), which behind a reverse proxy is not what this
// process sees: the caller passes MASQ_PUBLIC_URL + the request's path and query, never the Host header.
// Accepted URL spellings are the ones twilio-node's validateRequest accepts, so a number configured
// with or without :443, or with an unescaped quote in the query, validates here as it would there.
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import { isValidTwilioSignature, type SignedParams } from '../../domain/twilio-signature.ts';

interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

/** Splits without normalising, so the path and query keep the exact characters Twilio signed. */
const splitUrl = (url: string): UrlParts | null => {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return null;
  const [prefix, scheme = '', authority = ''] = match;
  const userInfoEnd = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // In an IPv6 literal the port's colon comes after the closing bracket.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
};

const withoutPort = (url: string): string => {
  const parts = splitUrl(url);
  return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
};

const withDefaultPort = (url: string): string => {
  const parts = splitUrl(url);
  if (!parts || parts.port) return url;
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
};

/** The query re-encoded as Node's legacy querystring does, for numbers configured with escaped values. */
const withLegacyQuery = (url: string): string => {
  const start = url.indexOf('?');
  if (start === -1 || start === url.length - 1) return url;
  return `${url.slice(0, start)}?${stringifyQuery(parseQuery(url.slice(start + 1)))}`;
};

const normalised = (url: string): string | null => {
  try {
    return new URL(url).toString();
  } catch {
    return null;
  }
};

/** Every spelling of `url` that twilio-node's validateRequest would try, as received first. */
export const signatureUrlCandidates = (url: string): string[] => {
  const candidates = [withoutPort(url), withDefaultPort(url)];
  const normal = normalised(url);
  if (normal !== null) {
    const bare = withoutPort(normal);
    const ported = withDefaultPort(normal);
    candidates.push(bare, ported, withLegacyQuery(bare), withLegacyQuery(ported));
  }
  return [...new Set(candidates)];
};

/** True when `signature` is Twilio's signature of (`url`, `params`) under `authToken`. */
export const verifyTwilioSignature = (authToken: string, signature: string | undefined, url: string, params: SignedParams): boolean => {
  if (!signature) return false;
  return signatureUrlCandidates(url).some((candidate) => isValidTwilioSignature(authToken, signature, candidate, params));
};

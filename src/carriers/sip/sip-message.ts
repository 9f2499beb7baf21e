// Small readers and builders over the `sip` library's message objects: tags, URIs, header text, and the
// responses masq writes. Nothing here keeps state.
import { randomBytes } from 'node:crypto';
import sip from 'sip';
import type { SipAddress, SipMessage, SipUri } from 'sip';

export type { SipMessage } from 'sip';

/** A random token for tags, branches and Call-IDs: unguessable, and unrelated to the other leg. */
export const token = (bytes = 10): string => randomBytes(bytes).toString('hex');

export const tagOf = (address: SipAddress | undefined): string | null => address?.params.tag ?? null;

export const uriText = (uri: string | SipUri | undefined): string => (uri === undefined ? '' : sip.stringifyUri(uri));

export const parsedUri = (uri: string | SipUri | undefined): SipUri | null => (uri === undefined ? null : sip.parseUri(uri) ?? null);

/** A URI's user part without its parameters (`+15551230000;npdi` → `+15551230000`), or null (`tel:` URIs too). */
export const uriUser = (uri: string | SipUri | undefined): string | null => {
  const text = uriText(uri);
  const tel = /^tel:([^;>]+)/i.exec(text);
  if (tel?.[1]) return tel[1];
  const user = parsedUri(uri)?.user;
  return user === undefined ? null : decodeURIComponent(user.split(';')[0] ?? '');
};

/** A header's text, or null when absent (repeated headers come joined with commas). */
export const headerText = (message: SipMessage, name: string): string | null => {
  const value = message.headers[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
};

/** The URI inside a name-addr header's text (`"Bob" <sip:+1555@h>;x` → `sip:+1555@h`). */
export const addressUri = (text: string): string => {
  const bracketed = /<([^>]*)>/.exec(text);
  return (bracketed?.[1] ?? text.split(';')[0] ?? '').trim();
};

export const contactUri = (message: SipMessage): string | null => {
  const contact = message.headers.contact;
  if (!Array.isArray(contact) || contact.length === 0) return null;
  const first = contact[0];
  return first ? uriText(first.uri) : null;
};

export const isRequest = (message: SipMessage): boolean => message.method !== undefined;

/** A response to `request` (its Via, From, To, Call-ID and CSeq), with extra headers and a body. */
export const responseTo = (request: SipMessage, status: number, reason: string, extra: { readonly headers?: Record<string, string>; readonly toTag?: string; readonly sdp?: string | null } = {}): SipMessage => {
  const response = sip.makeResponse(request, status, reason);
  if (extra.toTag !== undefined && tagOf(request.headers.to) === null) {
    response.headers.to = { ...request.headers.to, params: { ...request.headers.to.params, tag: extra.toTag } };
  }
  for (const [name, value] of Object.entries(extra.headers ?? {})) response.headers[name.toLowerCase()] = value;
  if (extra.sdp) {
    response.headers['content-type'] = 'application/sdp';
    response.content = extra.sdp;
  }
  return response;
};

/** The SDP a message carries, or null. */
export const sdpOf = (message: SipMessage): string | null => {
  const type = headerText(message, 'content-type');
  const content = message.content ?? '';
  return content.length > 0 && (type === null || type.toLowerCase().startsWith('application/sdp')) ? content : null;
};

export const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected', 486: 'Busy Here', 487: 'Request Terminated', 488: 'Not Acceptable Here', 491: 'Request Pending',
  500: 'Server Internal Error', 503: 'Service Unavailable', 603: 'Decline',
};

export const reasonOf = (status: number): string => REASONS[status] ?? 'Unknown';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO';

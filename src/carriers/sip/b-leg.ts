// The B-leg INVITE: a new dialog (its own Call-ID, From-tag and Contact) from the number masq shows, to
// the target. Headers are allow-listed, never deny-listed: only what a call needs to be set up crosses from
// the A-leg (Allow, session-timer headers, Accept), so Remote-Party-ID, Diversion, History-Info, Privacy,
// P-Preferred-Identity, User-Agent, every X- header and anything a trunk adds tomorrow stay behind.
import type { SipMessage } from 'sip';
import { headerText, token } from './sip-message.ts';
import type { SipTransport } from './sip-stack.ts';

/** A-leg headers copied to the B-leg as they are. */
export const COPIED_HEADERS = ['allow', 'session-expires', 'min-se', 'accept'] as const;

/** Option tags masq passes on in Supported: only those it relays correctly (not 100rel: masq sends no PRACK). */
const SUPPORTED_TAGS = new Set(['timer']);

export interface BLegTarget {
  /** The Request-URI: `sip:+15551230000@trunk` or a <Dial><Sip> URI. */
  readonly uri: string;
  /** The number shown to the callee (From and P-Asserted-Identity). */
  readonly callerId: string;
  readonly transport: SipTransport;
}

export interface Local {
  readonly host: string;
  readonly port: number;
}

/** masq's Contact URI, on the transport the leg uses. */
export const contactOf = (local: Local, transport: SipTransport): string =>
  `sip:masq@${local.host}:${local.port}${transport === 'tcp' ? ';transport=tcp' : ''}`;

/** The trunk's URI for a number, with the transport when it is not UDP. */
export const trunkUri = (number: string, trunk: string, transport: SipTransport): string =>
  `sip:${number}@${trunk}${transport === 'tcp' ? ';transport=tcp' : ''}`;

const supportedOf = (aInvite: SipMessage): string | null => {
  const tags = (headerText(aInvite, 'supported') ?? '').split(',').map((t) => t.trim()).filter((t) => SUPPORTED_TAGS.has(t.toLowerCase()));
  return tags.length > 0 ? tags.join(', ') : null;
};

const withoutTransport = (uri: string): string => uri.replace(/;transport=\w+/i, '');

/** The INVITE for the B-leg; `sdp` is the offer (A's, or anchored). */
export const bLegInvite = (aInvite: SipMessage, target: BLegTarget, local: Local, sdp: string | null): SipMessage => {
  const identity = `sip:${target.callerId}@${local.host}`;
  const headers: SipMessage['headers'] = {
    to: { uri: withoutTransport(target.uri), params: {} },
    from: { uri: identity, params: { tag: token(8) } },
    'call-id': `${token(16)}@${local.host}`,
    cseq: { seq: 1, method: 'INVITE' },
    contact: [{ uri: contactOf(local, target.transport), params: {} }],
    'max-forwards': '70',
    'p-asserted-identity': `<${identity}>`,
    'user-agent': 'masq',
  };
  for (const name of COPIED_HEADERS) {
    const value = headerText(aInvite, name);
    if (value !== null) headers[name] = value;
  }
  const supported = supportedOf(aInvite);
  if (supported !== null) headers.supported = supported;
  if (sdp !== null) headers['content-type'] = 'application/sdp';
  return { method: 'INVITE', uri: target.uri, headers, ...(sdp !== null ? { content: sdp } : {}) };
};

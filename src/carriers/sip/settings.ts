// What configuration reads for a SIP account ("type": "sip"): where masq listens, who may send it calls
// (trusted addresses, or a digest challenge), where B-legs go (the trunk, with its credentials), the
// numbers the trunk delivers to masq, and media anchoring. docs/carriers.md lists every key.
import net from 'node:net';
import { settingOf, type CarrierAccountSettings, type CarrierSettingsSpec } from '../../domain/carrier-settings.ts';
import { isoCountry, optionalText, text, wholeNumber, type RawValue } from '../../domain/setting-values.ts';
import { parseDeclaredNumbers } from './declared-numbers.ts';
import { parsePeers, type PeerRange } from './peers.ts';
import { parseRtpengineTarget } from './rtpengine.ts';
import type { SipTransport } from './sip-stack.ts';

export const SIP_TYPE = 'sip';

const address = (raw: RawValue): string => {
  const value = text(raw);
  if (net.isIP(value) === 0) throw new Error('must be an IPv4 or IPv6 address');
  return value;
};

const host = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null && !/^[A-Za-z0-9.:-]+$/.test(value)) throw new Error('must be a host name or an IP address');
  return value;
};

const transports = (raw: RawValue): string => {
  const values = text(raw).toLowerCase().split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0 || values.some((v) => v !== 'udp' && v !== 'tcp')) throw new Error('must be udp, tcp or udp,tcp');
  return [...new Set(values)].join(',');
};

const transport = (raw: RawValue): string => {
  const value = text(raw).toLowerCase();
  if (value !== 'udp' && value !== 'tcp') throw new Error('must be udp or tcp');
  return value;
};

/** `host[:port]` (an IPv6 address in brackets). */
const trunk = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null && !/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(value)) throw new Error('must be host or host:port');
  return value;
};

const peers = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null) parsePeers(value);
  return value;
};

const numbers = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value !== null) parseDeclaredNumbers(value);
  return value;
};

/** Checked by rtpengine.ts's own reader, so the setting and the client agree; its message quotes the value, this one does not. */
const rtpengine = (raw: RawValue): string | null => {
  const value = optionalText(raw);
  if (value === null) return null;
  try {
    parseRtpengineTarget(value);
  } catch {
    throw new Error('must be udp:HOST:PORT (the rtpengine ng control socket; an IPv6 host in brackets)');
  }
  return value;
};

export const SIP_SETTINGS: CarrierSettingsSpec = {
  type: SIP_TYPE,
  fields: {
    listenAddress: { required: false, default: '0.0.0.0', parse: address },
    listenPort: { required: false, default: '5060', parse: wholeNumber(0, 65535) },
    transports: { required: false, default: 'udp,tcp', parse: transports },
    publicAddress: { required: false, default: null, parse: host },
    allowedPeers: { required: false, default: null, parse: peers },
    inboundRealm: { required: false, default: null, parse: optionalText },
    inboundUsername: { required: false, default: null, parse: optionalText },
    inboundPassword: { required: false, default: null, parse: optionalText },
    trunk: { required: false, default: null, parse: trunk },
    trunkTransport: { required: false, default: 'udp', parse: transport },
    trunkUsername: { required: false, default: null, parse: optionalText },
    trunkPassword: { required: false, default: null, parse: optionalText },
    numbers: { required: false, default: null, parse: numbers },
    country: { required: false, default: null, parse: isoCountry },
    ringTimeoutSeconds: { required: false, default: '60', parse: wholeNumber(1, 600) },
    // RFC 3261's Timer B (64 × T1 = 32 s) at most: the `sip` library's own INVITE transaction gives up then.
    trunkTimeoutSeconds: { required: false, default: '32', parse: wholeNumber(1, 32) },
    // Four hours: longer than any real conversation, short enough that a call whose BYE was lost is ended the same day.
    maxCallSeconds: { required: false, default: '14400', parse: wholeNumber(0, 604_800) },
    maxCallsInSetup: { required: false, default: '200', parse: wholeNumber(1, 100_000) },
    leaseMs: { required: false, default: '15000', parse: wholeNumber(1000, 600_000) },
    rtpengine: { required: false, default: null, parse: rtpengine },
  },
};

export interface DigestCredentials {
  readonly realm: string;
  readonly username: string;
  readonly password: string;
}

/** One SIP account's settings, typed. */
export interface SipAccountConfig {
  readonly name: string;
  readonly listenAddress: string;
  readonly listenPort: number;
  readonly transports: readonly SipTransport[];
  /** The host masq writes in Via and Contact, and in the B-leg's From and P-Asserted-Identity. */
  readonly publicAddress: string;
  readonly allowedPeers: readonly PeerRange[];
  /** Null: only allowed peers are accepted. */
  readonly inbound: DigestCredentials | null;
  /** Where B-legs go (`host[:port]`); null: a Dial to a number cannot be carried out (404). */
  readonly trunk: string | null;
  readonly trunkTransport: SipTransport;
  readonly trunkCredentials: { readonly username: string; readonly password: string } | null;
  /** The numbers the trunk delivers to masq, E.164, in order. */
  readonly numbers: readonly string[];
  readonly country: string | null;
  readonly ringTimeoutSeconds: number;
  /** How long a B-leg may go without any response at all (not even 100) before the trunk counts as down (503, failed). */
  readonly trunkTimeoutSeconds: number;
  /** How long an answered call may last before masq hangs up both legs; 0: no limit. */
  readonly maxCallSeconds: number;
  /** Calls not yet answered finally (routing or ringing) at once; a new INVITE beyond it gets 503 + Retry-After. */
  readonly maxCallsInSetup: number;
  readonly leaseMs: number;
  /** `udp:HOST:PORT` of rtpengine's ng socket, or null (SDP passed through). */
  readonly rtpengine: string | null;
}

const transportsOf = (value: string): SipTransport[] => value.split(',').filter((v): v is SipTransport => v === 'udp' || v === 'tcp');

const inboundOf = (account: CarrierAccountSettings): DigestCredentials | null => {
  const username = settingOf(account, 'inboundUsername');
  const password = settingOf(account, 'inboundPassword');
  if (username === null || password === null) return null;
  return { realm: settingOf(account, 'inboundRealm') ?? 'masq', username, password };
};

export const sipConfigOf = (account: CarrierAccountSettings): SipAccountConfig => {
  const listenAddress = settingOf(account, 'listenAddress') ?? '0.0.0.0';
  const trunkUsername = settingOf(account, 'trunkUsername');
  const trunkPassword = settingOf(account, 'trunkPassword');
  return {
    name: account.name,
    listenAddress,
    listenPort: Number(settingOf(account, 'listenPort') ?? '5060'),
    transports: transportsOf(settingOf(account, 'transports') ?? 'udp,tcp'),
    publicAddress: settingOf(account, 'publicAddress') ?? (listenAddress === '0.0.0.0' || listenAddress === '::' ? '127.0.0.1' : listenAddress),
    allowedPeers: parsePeers(settingOf(account, 'allowedPeers') ?? ''),
    inbound: inboundOf(account),
    trunk: settingOf(account, 'trunk'),
    trunkTransport: settingOf(account, 'trunkTransport') === 'tcp' ? 'tcp' : 'udp',
    trunkCredentials: trunkUsername !== null && trunkPassword !== null ? { username: trunkUsername, password: trunkPassword } : null,
    numbers: parseDeclaredNumbers(settingOf(account, 'numbers') ?? ''),
    country: settingOf(account, 'country'),
    ringTimeoutSeconds: Number(settingOf(account, 'ringTimeoutSeconds') ?? '60'),
    trunkTimeoutSeconds: Number(settingOf(account, 'trunkTimeoutSeconds') ?? '32'),
    maxCallSeconds: Number(settingOf(account, 'maxCallSeconds') ?? '14400'),
    maxCallsInSetup: Number(settingOf(account, 'maxCallsInSetup') ?? '200'),
    leaseMs: Number(settingOf(account, 'leaseMs') ?? '15000'),
    rtpengine: settingOf(account, 'rtpengine'),
  };
};

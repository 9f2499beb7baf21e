// What configuration reads for an SMPP account ("type": "smpp"): where the SMSC is, the bind's
// credentials and mode, how addresses and text are written on the wire, how delivery receipts name
// messages, and the pacing (window, enquire_link, throughput). docs/carriers.md lists every key.
import { requiredSetting, settingOf, type CarrierAccountSettings, type CarrierSettingsSpec } from '../../domain/carrier-settings.ts';
import { isoCountry, nonEmpty, oneOf, optionalText, wholeNumber } from '../../domain/setting-values.ts';

export const SMPP_TYPE = 'smpp';

/** Who opens the bind: masq binds to the SMSC (client), or the peer binds to masq listening (server, reverse interconnect). */
export const CONNECTIONS = ['client', 'server'] as const;

export const BIND_MODES = ['transceiver', 'transmitter-receiver'] as const;
export const DATA_CODINGS = ['gsm7', 'ucs2'] as const;
export const MESSAGE_ID_FORMATS = ['as-is', 'hex', 'decimal'] as const;
/** How a message longer than one SMS is submitted: parts with a concatenation UDH, or whole in the message_payload TLV. */
export const LONG_MESSAGES = ['udh', 'payload'] as const;

export type SmppConnectionRole = (typeof CONNECTIONS)[number];
export type SmppBindMode = (typeof BIND_MODES)[number];
export type SmppDataCoding = (typeof DATA_CODINGS)[number];
export type MessageIdFormat = (typeof MESSAGE_ID_FORMATS)[number];
export type SmppLongMessages = (typeof LONG_MESSAGES)[number];

const BYTE = wholeNumber(0, 255);

/** deliver_sm handled at once per bind unless configured: enough for a busy SMSC, few enough that a burst waits at the SMSC, not in masq. */
export const DEFAULT_MAX_INBOUND_IN_FLIGHT = 50;

export const SMPP_SETTINGS: CarrierSettingsSpec = {
  type: SMPP_TYPE,
  fields: {
    connection: { required: false, default: 'client', parse: oneOf(CONNECTIONS) },
    // Required in client mode (smppConfigOf says so): a server listens instead.
    host: { required: false, default: null, parse: optionalText },
    port: { required: false, default: '2775', parse: wholeNumber(1, 65535) },
    listenAddress: { required: false, default: '0.0.0.0', parse: nonEmpty },
    listenPort: { required: false, default: '2775', parse: wholeNumber(1, 65535) },
    systemId: { required: true, parse: nonEmpty },
    password: { required: true, parse: nonEmpty },
    systemType: { required: false, default: null, parse: optionalText },
    bindMode: { required: false, default: 'transceiver', parse: oneOf(BIND_MODES) },
    sourceTon: { required: false, default: '1', parse: BYTE },
    sourceNpi: { required: false, default: '1', parse: BYTE },
    destTon: { required: false, default: '1', parse: BYTE },
    destNpi: { required: false, default: '1', parse: BYTE },
    dataCoding: { required: false, default: 'gsm7', parse: oneOf(DATA_CODINGS) },
    longMessages: { required: false, default: 'udh', parse: oneOf(LONG_MESSAGES) },
    messageIdFormat: { required: false, default: 'as-is', parse: oneOf(MESSAGE_ID_FORMATS) },
    receiptIdFormat: { required: false, default: null, parse: (raw) => (optionalText(raw) === null ? null : oneOf(MESSAGE_ID_FORMATS)(raw)) },
    country: { required: false, default: null, parse: isoCountry },
    windowSize: { required: false, default: '10', parse: wholeNumber(1, 1000) },
    enquireLinkMs: { required: false, default: '30000', parse: wholeNumber(1000, 3_600_000) },
    throughputPerSecond: { required: false, default: '0', parse: wholeNumber(0, 100_000) },
    leaseMs: { required: false, default: '15000', parse: wholeNumber(1000, 600_000) },
    maxInboundInFlight: { required: false, default: String(DEFAULT_MAX_INBOUND_IN_FLIGHT), parse: wholeNumber(1, 10_000) },
  },
};

/** One SMPP account's settings, typed. */
export interface SmppAccountConfig {
  readonly name: string;
  readonly connection: SmppConnectionRole;
  /** The SMSC to bind to (client mode). */
  readonly host: string;
  readonly port: number;
  /** Where the peer binds to masq (server mode). */
  readonly listenAddress: string;
  readonly listenPort: number;
  /** The bind's credentials: masq's at the SMSC (client), or the peer's at masq (server). */
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
  readonly bindMode: SmppBindMode;
  readonly sourceTon: number;
  readonly sourceNpi: number;
  readonly destTon: number;
  readonly destNpi: number;
  readonly dataCoding: SmppDataCoding;
  readonly longMessages: SmppLongMessages;
  readonly messageIdFormat: MessageIdFormat;
  readonly receiptIdFormat: MessageIdFormat;
  /** The country national (TON 2) numbers belong to; null: they cannot be normalised. */
  readonly country: string | null;
  readonly windowSize: number;
  readonly enquireLinkMs: number;
  /** Submits per second at most; 0: as fast as the window allows. */
  readonly throughputPerSecond: number;
  readonly leaseMs: number;
  /** deliver_sm being handled at once per bind, at most; beyond it they are answered ESME_RTHROTTLED. */
  readonly maxInboundInFlight: number;
}

const pick = <T extends string>(values: readonly T[], value: string | null, fallback: T): T => values.find((v) => v === value) ?? fallback;

const numberOf = (account: CarrierAccountSettings, field: string): number => Number(requiredSetting(account, field));

export const smppConfigOf = (account: CarrierAccountSettings): SmppAccountConfig => {
  const messageIdFormat = pick(MESSAGE_ID_FORMATS, settingOf(account, 'messageIdFormat'), 'as-is');
  const connection = pick(CONNECTIONS, settingOf(account, 'connection'), 'client');
  const host = settingOf(account, 'host');
  if (connection === 'client' && host === null) throw new Error(`carrier account "${account.name}" (smpp) has no host: a client connection binds to one`);
  return {
    name: account.name,
    connection,
    host: host ?? '',
    port: numberOf(account, 'port'),
    listenAddress: settingOf(account, 'listenAddress') ?? '0.0.0.0',
    listenPort: Number(settingOf(account, 'listenPort') ?? '2775'),
    systemId: requiredSetting(account, 'systemId'),
    password: requiredSetting(account, 'password'),
    systemType: settingOf(account, 'systemType') ?? '',
    bindMode: pick(BIND_MODES, settingOf(account, 'bindMode'), 'transceiver'),
    sourceTon: numberOf(account, 'sourceTon'),
    sourceNpi: numberOf(account, 'sourceNpi'),
    destTon: numberOf(account, 'destTon'),
    destNpi: numberOf(account, 'destNpi'),
    dataCoding: pick(DATA_CODINGS, settingOf(account, 'dataCoding'), 'gsm7'),
    longMessages: pick(LONG_MESSAGES, settingOf(account, 'longMessages'), 'udh'),
    messageIdFormat,
    receiptIdFormat: pick(MESSAGE_ID_FORMATS, settingOf(account, 'receiptIdFormat'), messageIdFormat),
    country: settingOf(account, 'country'),
    windowSize: numberOf(account, 'windowSize'),
    enquireLinkMs: numberOf(account, 'enquireLinkMs'),
    throughputPerSecond: numberOf(account, 'throughputPerSecond'),
    leaseMs: numberOf(account, 'leaseMs'),
    // An account built by hand (tests) may lack it: configuration always fills the default.
    maxInboundInFlight: Number(settingOf(account, 'maxInboundInFlight') ?? DEFAULT_MAX_INBOUND_IN_FLIGHT),
  };
};

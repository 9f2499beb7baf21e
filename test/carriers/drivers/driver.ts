// What the carrier contract suite needs from a carrier: a *driver* plays the carrier's side of the wire
// (its webhooks, signed as it signs them; its REST API, faked on loopback) so one list of scenarios can
// run against every carrier. Adding a carrier to masq means adding a driver to drivers/all.ts; the
// scenarios never name a carrier.
import type { CarrierAccountSettings } from '../../../src/domain/carrier-settings.ts';

/** One HTTP answer from masq. */
export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The body as a JSON object; {} when it is not one. */
  readonly json: Record<string, unknown>;
}

/** One running masq instance, as a carrier (or a person at a virtual phone) reaches it. */
export interface MasqEndpoint {
  /** masq's public URL, no trailing slash: what carriers call, and so what they sign. */
  readonly publicUrl: string;
  /** The instance's clock, in unix seconds: carriers that timestamp their signatures use it. */
  nowSeconds(): number;
  /** Moves the instance's clock forward (a call that lasts a while). */
  advance(seconds: number): void;
  /** A request from outside, as a carrier sends it (no masq credentials). */
  post(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<HttpReply>;
  /** masq's own API with the account's Basic credentials (the sandbox's /sandbox routes live there). */
  api(method: 'GET' | 'POST', path: string, fields?: Readonly<Record<string, string | readonly string[]>>): Promise<HttpReply>;
}

/** How a delivery to masq fails to be genuine. */
export type Forgery =
  /** Signed, but not by the account's key (or over other content). */
  | 'bad-signature'
  /** Genuinely signed, but longer ago than the carrier's replay window allows. */
  | 'stale'
  /** No signature at all. */
  | 'unsigned';

export interface DeliveryOptions {
  /** The carrier's id of the inbound message or call; a retry repeats it. New when absent. */
  readonly resourceId?: string;
  readonly forge?: Forgery;
  /**
   * masq's answer never reaches the carrier (the connection dropped, the instance died): nothing in it
   * is carried out, so the carrier will retry.
   */
  readonly answerLost?: boolean;
  /** A call's STIR/SHAKEN level, signed and verified, as this carrier reports it (StirVerstat, ShakenStir*...). */
  readonly attestation?: 'A' | 'B' | 'C';
}

export interface InboundSms {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls?: readonly string[];
}

/** One delivery of inbound traffic, and masq's answer to it. */
export interface Delivery {
  readonly resourceId: string;
  readonly reply: HttpReply;
}

/** A message that left through a carrier toward a phone, as that phone's carrier saw it leave. */
export interface SeenMessage {
  /** The carrier account that carried it. */
  readonly via: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** The carrier's id of the message (what its status reports name). */
  readonly carrierId: string;
  /** Where the carrier reports its status (a URL masq gave it); null when it reports nothing. */
  readonly statusUrl: string | null;
}

/** The outbound leg of a bridged call, as the carrier placed it. */
export interface SeenDial {
  readonly via: string;
  /** The caller id the partner sees. */
  readonly callerId: string;
  readonly to: string;
  /** The carrier's id of the inbound leg. */
  readonly inboundCallId: string;
  /** Where the carrier reports the leg's outcome (a <Dial action>); null for a leg bridged by API. */
  readonly actionUrl: string | null;
  /** The carrier's id of the outbound leg, when it was placed by API; null until the carrier places it. */
  readonly legId: string | null;
}

export type ReportedStatus = 'sent' | 'delivered' | 'undelivered';

/** A carrier, running for one masq world: its account and its side of the wire. */
export interface DriverInstance {
  readonly accountName: string;
  /** The account as masq's configuration lists it; null for the built-in sandbox. */
  readonly account: CarrierAccountSettings | null;
  /** An id as this carrier gives a new inbound message (for a delivery the test means to retry). */
  newMessageId(): string;
  /** Delivers an inbound SMS/MMS to masq as this carrier would. */
  sms(masq: MasqEndpoint, sms: InboundSms, options?: DeliveryOptions): Promise<Delivery>;
  /** Delivers an inbound call; `dial` is the bridge masq asked for (its answer, or the leg it placed by API). */
  call(masq: MasqEndpoint, from: string, to: string, options?: DeliveryOptions): Promise<{ readonly delivery: Delivery; readonly dial: SeenDial | null }>;
  /** Every message that left through this carrier toward `to`: carried out from its answers, or sent through its API. */
  messagesTo(masq: MasqEndpoint, to: string): Promise<SeenMessage[]>;
  /** Reports the status of a message this carrier carried, as the carrier does. */
  report(masq: MasqEndpoint, message: SeenMessage, status: ReportedStatus, options?: { readonly forge?: Forgery }): Promise<HttpReply>;
  /** The partner answers, talks for `seconds`, and hangs up; returns the duration the carrier bills. */
  hangUp(masq: MasqEndpoint, dial: SeenDial, seconds: number): Promise<number>;
  /**
   * A programmable call's step ended: the carrier calls the URL masq put in its answer (a Gather, Dial or
   * Record action, a Redirect), signed as its webhooks are, with the call's parameters and `params`
   * (Digits, DialCallStatus, RecordingUrl...). Absent for a carrier that calls no webhooks.
   */
  readonly stepCallback?: (masq: MasqEndpoint, url: string, callId: string, params: Readonly<Record<string, string>>) => Promise<HttpReply>;
  /**
   * The carrier recorded `seconds` of a call (a <Record>): it keeps `audio` where masq can fetch it (its
   * fake API) and returns the step parameters it reports the recording with (RecordingSid, RecordingUrl...).
   */
  readonly recording?: (audio: Buffer, seconds: number) => Readonly<Record<string, string>>;
  /**
   * The carrier refuses the next `count` sends, then takes them again: 'busy' says "offer it again"
   * (SMPP ESME_RTHROTTLED), 'failed' says it did not take it (SMPP ESME_RSUBMITFAIL). Present for a
   * carrier reached over a link, whose sender must pace itself and retry without sending twice.
   */
  readonly refuseNextSends?: (count: number, how: 'busy' | 'failed') => void;
  close(): Promise<void>;
}

export interface DriverFeatures {
  /** The carrier calls signed webhooks, which it retries (null: traffic is handed over in-process). */
  readonly webhooks: { readonly forgeries: readonly Forgery[] } | null;
  /** The carrier reports a message's status after sending it. */
  readonly messageReports: boolean;
  /** Its numbers may share a session with another carrier's (the sandbox never mixes with real carriers). */
  readonly crossCarrier: boolean;
  /** Messages are forwarded through its REST API (a durable job), not in its webhook's answer. */
  readonly messagesByApi: boolean;
  /** It carries calls (absent: it does). SMPP carries none: the call scenarios are replaced by one saying so. */
  readonly voice?: boolean;
  /** It carries media (absent: it does). SMPP carries text only: the MMS scenario is replaced by one saying so. */
  readonly mms?: boolean;
  /**
   * It carries messages (absent: it does). A SIP trunk carries calls only: the message scenarios are
   * replaced by one showing that masq refuses a forward through it, and says why.
   */
  readonly messaging?: boolean;
  /** It hands masq a call's STIR/SHAKEN verdict (absent: it does). A SIP trunk does not, by default. */
  readonly attestation?: boolean;
  /**
   * masq times calls through it itself, on the wall clock (absent: the carrier reports their duration).
   * So it is for SIP, where masq is the B2BUA holding both legs: a call scenario holds a real call a few
   * seconds, and the duration masq records is the driver's own measure of it, to the second.
   */
  readonly timesCallsItself?: boolean;
  /**
   * Its traffic flows over a long-lived connection one instance holds (an SMPP bind; absent: no): no
   * instance is chosen by a request, so the dying-instance scenarios are replaced by the link's own.
   */
  readonly link?: boolean;
}

/** Whether the driver's carrier has a capability the features may leave out (absent: it has it). */
export const carries = (features: DriverFeatures, what: 'voice' | 'mms' | 'messaging' | 'attestation'): boolean => features[what] !== false;

export interface CarrierDriver {
  /** The carrier type, as configuration names it ('sandbox', 'twilio', ...). */
  readonly type: string;
  readonly features: DriverFeatures;
  start(): Promise<DriverInstance>;
}

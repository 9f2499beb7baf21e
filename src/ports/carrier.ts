// A carrier moves real (or simulated) traffic. Adapters live in carriers/; app/ sees only this.
import type { StoredAudio } from './recording-storage.ts';
import type { CallPlan, PlanVerb } from '../domain/call-plan.ts';
import type { CarrierAccountSettings, CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import type { ResourceStatus, ResourceType } from '../domain/interaction.ts';
import type { Capabilities } from '../domain/pool-number.ts';
import type { AvailableNumber, AvailableNumberType, NumberCapabilities, NumberPlace, NumberSearch } from '../domain/numbering-plan/types.ts';
import type { InboundChannel, InboundEvent } from '../domain/routing.ts';
import type { RegistrationPort } from './registration.ts';
import type { PortabilityAnswer, PortDecision, PortOrderState, PortSubmission, SubscriberRecord } from '../domain/porting/losing-carrier.ts';

export interface OutboundMessage {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** Where the carrier should report delivery status, when it supports callbacks. */
  readonly statusCallbackUrl: string | null;
  /** Stable per logical send, so a retried request never sends twice. */
  readonly idempotencyKey: string;
  /**
   * When the send must have ended, successful or not (wall-clock): a job's lease end. The adapter cuts
   * its timeouts and retries to fit, so no other instance takes the job over while this send may still
   * be in flight. None: the adapter's own timeouts apply.
   */
  readonly deadline?: Date;
}

export interface SentResource {
  /** The carrier's id for the message or call (SM..., CA..., or a sandbox id). */
  readonly sid: string;
  readonly status: ResourceStatus;
  readonly url: string | null;
}

/** A call masq places toward the partner to bridge an inbound call (carriers that bridge by API). */
export interface OutboundCall {
  /** The carrier's id of the inbound leg being bridged. */
  readonly inboundResourceSid: string;
  readonly from: string;
  readonly to: string;
  readonly idempotencyKey: string;
  /** As OutboundMessage.deadline. */
  readonly deadline?: Date;
}

// Carrier accounts by capability. A carrier *account* is one configured set of credentials of a carrier
// type (several accounts of one carrier are allowed); every number belongs to one account, named by
// `PoolNumber.carrier`. Its webhooks arrive at /webhooks/{account name}/{path}.

/** How a channel's forwards leave: rendered into the answer of the carrier's own webhook, or sent by API. */
export type ChannelDelivery = 'in-reply' | 'api';

export interface MessagingPort {
  /**
   * Sends one message. Rejects with CarrierSendError; `unsent: true` only when the carrier provably did
   * not take it (a refusal before acceptance, 429/503...), which is the only case a caller may retry.
   */
  send(message: OutboundMessage): Promise<SentResource>;
}

export interface VoicePort {
  /** Places the outbound leg of a bridged call (carriers whose voice delivery is 'api'). */
  bridge(call: OutboundCall): Promise<SentResource>;
}

/** A failed send, and whether the carrier provably did not act on it (then, and only then, retry). */
export class CarrierSendError extends Error {
  readonly unsent: boolean;
  constructor(message: string, unsent: boolean, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'CarrierSendError';
    this.unsent = unsent;
  }
}

/** One webhook request as it arrived, for the adapter to authenticate and read. */
export interface RawWebhook {
  /** The path below /webhooks/{account}/ (e.g. 'sms', 'voice', 'message-status', 'events'). */
  readonly path: string;
  /** The full URL the carrier called (masq's public base, path and query), as it signed it. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly contentType: string | null;
  /** The body's exact bytes: signatures are computed over them. */
  readonly rawBody: Buffer;
  readonly query: Readonly<Record<string, string>>;
}

/** A delivery or call-progress report about one leg. */
export interface CarrierStatusReport {
  /** Set when the report names masq's interaction (masq put it in the status URL it gave the carrier). */
  readonly interactionSid: string | null;
  /** Null only when the carrier reports a leg it never placed (e.g. a <Dial> that failed to start). */
  readonly resourceSid: string | null;
  readonly resourceType: ResourceType;
  readonly status: ResourceStatus;
  readonly durationSeconds: number | null;
  /** The carrier's error code, for the log. */
  readonly errorCode: string | null;
  /** Fields recorded on the interaction's data with this status (a SIP call's cause, answer and end times). */
  readonly details?: Readonly<Record<string, string>>;
}

/** What one webhook request reports. */
export type WebhookEvent =
  | { readonly kind: 'inbound'; readonly event: InboundEvent }
  /** Inbound traffic whose sender withheld their number: nothing can route it or answer them. */
  | { readonly kind: 'withheld'; readonly channel: InboundChannel }
  | { readonly kind: 'status'; readonly report: CarrierStatusReport }
  /** A port order of this account changed at the carrier: masq asks the carrier where it stands (app/porting/carrier-port-orders.ts). */
  | { readonly kind: 'port-order'; readonly ref: string }
  /**
   * A programmable call's step finished (a Gather, Dial or Record action, a Redirect): the carrier calls
   * masq's step URL (StatusUrls.programStep) with the step token and Twilio-named parameters (Digits,
   * DialCallStatus, DialCallDuration, RecordingUrl, RecordingSid, RecordingDuration, CallStatus...).
   */
  | { readonly kind: 'program-step'; readonly step: string; readonly resourceSid: string; readonly params: Readonly<Record<string, string>> }
  /** A well-formed event masq has no use for (another event type); acknowledged. */
  | { readonly kind: 'ignored'; readonly reason: string };

export interface WebhookAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

export interface AnswerContext {
  /** masq's public URL for this account's webhooks, no trailing slash: {publicUrl}/webhooks/{account}. */
  readonly webhookBase: string;
}

export interface WebhookAdapter {
  /** Largest body accepted; a bigger one is refused unread (413). */
  readonly bodyLimit: number;
  /** Media types this carrier posts (e.g. application/x-www-form-urlencoded); others get 415. */
  readonly contentTypes: readonly string[];
  /** True when the request carries this carrier's signature headers at all (checked before the body is read). */
  isSigned(headers: RawWebhook['headers']): boolean;
  /** Null when the request is authentic; otherwise why not (bad signature, stale timestamp...). */
  verify(request: RawWebhook, now: Date): string | null;
  /** What the request reports; throws AppError (80701) when it is malformed. */
  parse(request: RawWebhook): WebhookEvent;
  /** The answer to an inbound event: the plan's in-reply verbs in the carrier's markup (or a bare 2xx). */
  answer(plan: CallPlan, inReply: readonly PlanVerb[], context: AnswerContext): WebhookAnswer;
  /** The answer to a status report or an ignored event. */
  acknowledge(): WebhookAnswer;
}

/** An inbound event routed: the plan, and the verbs the carrier holding the inbound leg carries out itself. */
export interface RoutedInbound {
  readonly plan: CallPlan;
  /** What the link carries out on the leg it holds (a SIP B2BUA: dial, reject, hang up...); the rest was done by API. */
  readonly inReply: readonly PlanVerb[];
}

/** A programmable call's step that ended on a link's call (a <Dial action> after the B-leg ended...). */
export interface LinkProgramStep {
  /** The step token from the `masq-step:{token}` reference the plan carried. */
  readonly step: string;
  /** The carrier's id of the call (the A-leg). */
  readonly resourceSid: string;
  /** Twilio-named parameters: DialCallStatus, DialCallDuration, CallStatus... */
  readonly params: Readonly<Record<string, string>>;
}

/** Where a carrier link hands what arrives on it: the same events a webhook reports. */
export interface LinkSink {
  /** Resolves once masq acted on the event (routed and recorded): only then may the carrier acknowledge it. */
  report(event: WebhookEvent): Promise<void>;
  /**
   * Routes inbound traffic that the link answers itself (a SIP INVITE): the plan and the verbs to carry
   * out on the inbound leg. A duplicate (same carrier and resource id) while the first is routed shares it.
   */
  route(event: InboundEvent): Promise<RoutedInbound>;
  /** A programmable call's step ended on the link: the call's next plan (or its end). */
  step(step: LinkProgramStep): Promise<CallPlan>;
}

/** How a link is doing, for /healthz. */
export interface LinkHealth {
  readonly connected: boolean;
  readonly lastConnectedAt: Date | null;
  readonly lastError: string | null;
  readonly failuresInARow: number;
}

/**
 * A long-lived connection an account keeps to its carrier (an SMPP bind) instead of webhooks. Exactly
 * one masq instance holds it at a time (app/carrier-links.ts leases it in the database); sends through
 * the account work only on the instance holding it, and its forward jobs wait for that instance.
 */
export interface CarrierLink {
  /** How long a hold lasts unrenewed: after it, another instance may take the link over. */
  readonly leaseMs: number;
  /** Starts connecting, and reconnecting with backoff after a loss; what arrives goes to the sink. */
  open(sink: LinkSink): void;
  /** Ends the connection cleanly (SMPP unbind) once sends in flight have ended. */
  close(): Promise<void>;
  /** True while the connection is up in this process: only then can it send. */
  ready(): boolean;
  health(): LinkHealth;
}

/** One configured carrier account: what it can do, each capability behind its own port. */
export interface CarrierAccount {
  /** The account's configured name: what numbers name as their carrier, and the webhook path segment. */
  readonly name: string;
  /** The carrier it is an account of: 'sandbox', 'twilio', 'signalwire', 'telnyx'... */
  readonly type: string;
  readonly delivery: { readonly message: ChannelDelivery; readonly voice: ChannelDelivery };
  /** Capabilities a newly added number on this account has unless an operator says otherwise. */
  defaultCapabilities(e164: string): Capabilities;
  readonly messaging: MessagingPort;
  /** Null when the account bridges calls only in its webhook answer (voice delivery 'in-reply'). */
  readonly voice: VoicePort | null;
  /** Null when the carrier calls no webhooks (the sandbox hands traffic over in-process). */
  readonly webhooks: WebhookAdapter | null;
  /** Number search (and later ordering); unset or null when the account cannot search numbers through masq. */
  readonly numbers?: NumbersPort | null;
  /** Porting numbers in to this account; unset or null when masq cannot port to it (docs/porting.md). */
  readonly porting?: PortingPort | null;
  /** Brand, campaign and toll-free registration at the carrier; unset or null: masq's sandbox registry decides (docs/messaging.md). */
  readonly registration?: RegistrationPort | null;
  /** Fetching the audio of a recording the carrier made (a <Record> on a programmable call); unset or null when it makes none. */
  readonly recordings?: RecordingFetchPort | null;
  /** The long-lived connection the account's traffic flows over (SMPP); unset or null for webhook carriers. */
  readonly link?: CarrierLink | null;
}

/** The carrier's recording, named by the parameters its step callback carried (RecordingUrl, RecordingSid...). */
export interface RecordingFetchPort {
  /** The audio; rejects when it cannot be had (the URL is not the carrier's, the carrier answers an error). */
  fetchRecording(params: Readonly<Record<string, string>>): Promise<StoredAudio>;
}

/** A country a carrier sells numbers in, with the number types it has there. */
export interface NumberCountry {
  readonly isoCountry: string;
  readonly types: readonly AvailableNumberType[];
}

/** A number an account holds at the carrier, as the carrier describes it (an order's result, an import). */
export interface OwnedNumber {
  readonly e164: string;
  /** The carrier's own id for it (Twilio's PN sid, Telnyx's phone number id); the e164 where it has none. */
  readonly carrierRef: string;
  readonly type: AvailableNumberType | null;
  readonly capabilities: NumberCapabilities;
  readonly friendlyName: string | null;
  /** Monthly price in USD as a decimal string, null when the carrier does not say. */
  readonly monthlyPrice: string | null;
  /** Where the number is, when the carrier says (region, rate center, coordinates...). */
  readonly place?: NumberPlace | null;
}

/**
 * Where an order stands. Synchronous carriers (Twilio, SignalWire, the sandbox) answer `complete` at
 * once; Telnyx answers `pending` with its order id, and getOrder is asked again later (a job).
 */
export type OrderState =
  | { readonly state: 'complete'; readonly number: OwnedNumber }
  | { readonly state: 'pending'; readonly orderRef: string }
  /** The carrier refused or could not fill the order; `unavailable` when the number cannot be had (21422). */
  | { readonly state: 'failed'; readonly reason: string; readonly unavailable: boolean };

export interface NumberOrder {
  readonly e164: string;
  /** Stable across retries of the same purchase, so a retried order never buys twice where the carrier honours it. */
  readonly idempotencyKey: string;
}

/** One page of the numbers an account holds at the carrier (`masq numbers import`). */
export interface OwnedPage {
  readonly numbers: readonly OwnedNumber[];
  /** Opaque; null on the last page. */
  readonly next: string | null;
}

/**
 * A carrier account's numbers: searching what is for sale (Twilio's AvailablePhoneNumbers), buying,
 * releasing, and listing what the account already holds. Every number bought through masq is pointed at
 * this account's masq webhooks by the adapter itself (it knows its webhook base), so it routes through
 * masq at once.
 */
export interface NumbersPort {
  countries(): readonly NumberCountry[];
  /** Up to `query.limit` numbers for sale that match, in the carrier's order; none is in masq's inventory. */
  search(query: NumberSearch): Promise<readonly AvailableNumber[]>;
  /**
   * Buys one number and points its voice and messaging webhooks at masq. Throws CarrierSendError when the
   * carrier could not be asked (unsent: nothing was bought). After an unknown outcome (no answer), masq asks
   * again with the same idempotency key: an adapter must then find the earlier purchase, never buy twice.
   */
  order(request: NumberOrder): Promise<OrderState>;
  /** An asynchronous order's state by the ref `order` answered with. */
  getOrder(orderRef: string): Promise<OrderState>;
  /** Gives the number back to the carrier. Releasing a number the carrier no longer has is not an error. */
  release(number: { readonly e164: string; readonly carrierRef: string }): Promise<void>;
  /** Points an already-held number's webhooks at masq (an imported number). */
  pointAtMasq(carrierRef: string): Promise<void>;
  listOwned(cursor: string | null): Promise<OwnedPage>;
}

/**
 * A carrier type as masq is built with it: what configuration reads for one of its accounts, and how an
 * account is made from that. Each carrier's folder exports one; the composition root lists them.
 */
export interface CarrierType {
  readonly settings: CarrierSettingsSpec;
  /**
   * One account from its checked settings (as configuration read them against `settings`).
   * `webhookBase`: {publicUrl}/webhooks/{name} when masq's public URL is known, else null.
   */
  create(account: CarrierAccountSettings, webhookBase: string | null, context?: CarrierTypeContext): CarrierAccount;
}

/** What the composition root hands an account besides its settings. */
export interface CarrierTypeContext {
  /**
   * Where the account reports what went wrong outside any request (a link's socket, a call it could not
   * relay, a status it could not record): masq's logger, as a warning naming the account.
   */
  readonly onProblem?: (problem: string, err?: unknown) => void;
}

export interface CarrierAccounts {
  /** Throws AppError when no account of that name is configured. */
  get(name: string): CarrierAccount;
  find(name: string): CarrierAccount | null;
  names(): readonly string[];
}

/**
 * Porting numbers in to a carrier account (the gaining carrier), which deals with the losing carrier. The
 * sandbox implements it by playing the losing carrier itself (carriers/sandbox/porting.ts). A real
 * carrier's adapter (Twilio's Port In API, Telnyx porting orders) plugs in here: it creates the carrier's
 * order on submit and answers `pending` until the carrier's webhook or a poll decides.
 */
export interface PortingPort {
  /**
   * Who collects the Letter of Authorization's signature. `masq`: the request waits for POST
   * /sandbox/PortIns/{KW}/Sign, then its numbers are submitted (the sandbox). `carrier`: the numbers are
   * submitted when the request is created and the carrier gets the LOA signed itself (Twilio e-mails it,
   * Telnyx wants it on the order); its orders report `awaiting-signature` until then.
   */
  readonly collectsSignature: 'masq' | 'carrier';
  /** Whether the number can port to this account, and what the losing carrier will ask for. */
  portability(e164: string): Promise<PortabilityAnswer>;
  /**
   * Hands one number of a signed request to the losing carrier; its decision, with the FOC date when accepted,
   * or `pending` with the carrier's order ref. Throws CarrierSendError when the carrier could not be asked.
   */
  submit(submission: PortSubmission): Promise<PortDecision>;
  /** Where an order `submit` answered `pending` for stands now (carriers that decide later). */
  status?(ref: string): Promise<PortOrderState>;
  /** Cancels that order at the carrier; an order the carrier already canceled is not an error. */
  cancel?(ref: string): Promise<void>;
  /** The number as this account holds it once ported (type, capabilities, place, monthly price). */
  activate(e164: string): Promise<OwnedNumber>;
  /** The losing carrier's record of the number's holder, where the adapter simulates the losing carrier (the sandbox). */
  subscriber?(e164: string): Promise<SubscriberRecord | null>;
}

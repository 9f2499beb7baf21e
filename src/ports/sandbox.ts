// The sandbox carrier's simulated phone network, as app/ and http/ see it: virtual phones, what they
// sent and received, and their calls. Traffic from virtual phones enters masq through the same routing
// use case as real carriers' webhooks (app/route-inbound.ts).
import type { DialVerb, GatherVerb, RecordVerb, VoiceVerb } from '../domain/twiml/verbs.ts';

/** The sandbox carrier account's name and type: one account, built in, controlled by MASQ_SANDBOX. */
export const SANDBOX_CARRIER = 'sandbox';

export interface SandboxMessage {
  /** The sandbox's message sid (SM...). */
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** Seen from the phone whose log it is in: 'received' by it, or 'sent' by it. */
  readonly direction: 'received' | 'sent';
  readonly dateCreated: Date;
}

export type SandboxCallStatus = 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'canceled' | 'failed';

/** One line of a call's log: what the caller heard (`[audio: …]`, `[pause 2s]` for what is not speech), or a note. */
export interface CallLogEntry {
  readonly text: string;
  readonly at: Date;
}

/** One leg of a simulated call: a virtual phone calling a proxy number, or masq's bridged leg to the partner. */
export interface SandboxCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly status: SandboxCallStatus;
  /** The other leg of a bridged call, if any. */
  readonly bridgedWith: string | null;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
  readonly durationSeconds: number | null;
  /**
   * What the caller heard, in order, with when: a programmable number's Say, Play, Pause...; for a call
   * masq did not bridge, one line (a reply text, the out-of-session TwiML); empty for a bridged call.
   */
  readonly heardLog: readonly CallLogEntry[];
  /** What the sandbox did that the caller does not hear: a dial target it cannot reach, a step it could not take. */
  readonly notes: readonly CallLogEntry[];
  readonly dateCreated: Date;
}

export type SandboxCallPatch = Partial<Pick<SandboxCall, 'status' | 'bridgedWith' | 'answeredAt' | 'endedAt' | 'durationSeconds' | 'heardLog' | 'notes'>>;

/**
 * What a programmable call (issue 14) waits for: the caller's digits (a Gather), their voicemail (a Record),
 * the dialed legs (a Dial), or nothing but a hang-up (a Say or Play looping until the call ends).
 */
export type ProgramWait =
  | { readonly kind: 'gather'; readonly gather: GatherVerb }
  | { readonly kind: 'record'; readonly record: RecordVerb }
  /** `legs`: the legs masq placed, in target order; `answered`: the one that picked up (the others were canceled). */
  | { readonly kind: 'dial'; readonly dial: DialVerb; readonly legs: readonly string[]; readonly answered: string | null; readonly failures: readonly string[] }
  | { readonly kind: 'listening' };

/** The sandbox's interpreter state of one programmable call: its traffic record, where it waits, what comes after. */
export interface SandboxProgram {
  readonly trafficSid: string;
  readonly wait: ProgramWait | null;
  /** The current document's verbs after the one it waits on. */
  readonly rest: readonly VoiceVerb[];
}

/** What a virtual phone does unattended, so a flow runs end to end without an API call per step. */
export interface PhoneBehaviour {
  /** When called (a Dial's target): keep ringing until told by the API, pick up, be busy, or not answer. */
  readonly onCall: 'ring' | 'answer' | 'busy' | 'no-answer';
  /** What it presses at the next Gathers when it is the caller, one entry each, in order ('' stays silent). */
  readonly digits: readonly string[];
  /** What it says when a Record asks for a message (each time); null: it waits for the API. */
  readonly voicemail: string | null;
}

export const DEFAULT_BEHAVIOUR: PhoneBehaviour = { onCall: 'ring', digits: [], voicemail: null };

/**
 * The virtual phones, per account: each account has its own network, so one account never reads, answers
 * or hangs up another's traffic (another account's call reads as absent).
 */
export interface SandboxPhones {
  /** Messages of one virtual phone, oldest first (bounded in count and bytes: the oldest are dropped). */
  messagesOf(accountSid: string, address: string): readonly SandboxMessage[];
  /** Logs a message the phone `message.from` sent. */
  recordSent(accountSid: string, message: Omit<SandboxMessage, 'direction'>): void;
  /** Calls one virtual phone placed or received, oldest first. */
  callsOf(accountSid: string, address: string): readonly SandboxCall[];
  findCall(accountSid: string, sid: string): SandboxCall | null;
  startCall(accountSid: string, call: Pick<SandboxCall, 'sid' | 'from' | 'to' | 'bridgedWith' | 'dateCreated'>): SandboxCall;
  updateCall(accountSid: string, sid: string, patch: SandboxCallPatch): SandboxCall | null;
  /** The interpreter state of a programmable call (kept with the call, evicted with it); null for the others. */
  programOf(accountSid: string, sid: string): SandboxProgram | null;
  setProgram(accountSid: string, sid: string, program: SandboxProgram | null): void;
  /** A phone's standing behaviour (DEFAULT_BEHAVIOUR until set). */
  behaviourOf(accountSid: string, address: string): PhoneBehaviour;
  setBehaviour(accountSid: string, address: string, behaviour: PhoneBehaviour): void;
}

/** Who owns a number and on which carrier it is: the sandbox sends only from its own numbers, into their owner's network. */
export interface SandboxNumberOwner {
  readonly accountSid: string;
  readonly carrier: string;
}

export type FindNumberOwner = (e164: string) => Promise<SandboxNumberOwner | null>;

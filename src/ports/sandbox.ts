// The sandbox carrier's simulated phone network, as app/ and http/ see it: virtual phones, what they
// sent and received, and their calls. Traffic from virtual phones enters masq through the same routing
// use case as real carriers' webhooks (app/route-inbound.ts).

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
  /** What the caller heard when the call was not bridged: a reply text, or the out-of-session TwiML. */
  readonly heard: string | null;
  readonly dateCreated: Date;
}

export type SandboxCallPatch = Partial<Pick<SandboxCall, 'status' | 'bridgedWith' | 'answeredAt' | 'endedAt' | 'durationSeconds' | 'heard'>>;

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
}

/** Who owns a number and on which carrier it is: the sandbox sends only from its own numbers, into their owner's network. */
export interface SandboxNumberOwner {
  readonly accountSid: string;
  readonly carrier: string;
}

export type FindNumberOwner = (e164: string) => Promise<SandboxNumberOwner | null>;

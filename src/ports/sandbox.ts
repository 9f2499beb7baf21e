// The sandbox carrier's simulated phone network, as app/ and http/ see it: virtual phones, what they
// sent and received, and their calls. Traffic from virtual phones enters masq through the same routing
// use case as real carriers' webhooks (app/route-inbound.ts).

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

export interface SandboxPhones {
  /** Messages of one virtual phone, oldest first (bounded: the oldest are dropped). */
  messagesOf(address: string): readonly SandboxMessage[];
  /** Logs a message the phone `message.from` sent. */
  recordSent(message: Omit<SandboxMessage, 'direction'>): void;
  /** Calls one virtual phone placed or received, oldest first. */
  callsOf(address: string): readonly SandboxCall[];
  findCall(sid: string): SandboxCall | null;
  startCall(call: Pick<SandboxCall, 'sid' | 'from' | 'to' | 'bridgedWith' | 'dateCreated'>): SandboxCall;
  updateCall(sid: string, patch: SandboxCallPatch): SandboxCall | null;
}

// A masq flow, as read from its JSON document (read-flow-document.ts): named nodes, each a condition or an
// action, and an entry node per channel. Calls and messages walk the nodes from their entry; a call pauses
// where it waits for the caller or the network (a menu, a dial, a recording) and resumes there
// (evaluate.ts). docs/programmable-numbers.md, "Flows", is the user's reference for every field.
import type { HttpMethod } from '../twiml/verbs.ts';

export const FLOW_DOCUMENT_VERSION = 1;

export type FlowChannel = 'voice' | 'message';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A window of the day in minutes since midnight; `to` <= `from` runs overnight into the next day. */
export interface DayWindow {
  readonly from: number;
  readonly to: number;
}

export interface TimeCondition {
  /** IANA time zone, e.g. America/New_York: the days and hours are its local ones (DST included). */
  readonly timezone: string;
  /** null: every day. With an overnight window, a day names the evening the window starts on. */
  readonly days: readonly Weekday[] | null;
  /** null: the whole day. */
  readonly window: DayWindow | null;
}

/** Matches when the caller is in any of the lists given. */
export interface CallerCondition {
  readonly in: readonly string[];
  readonly prefix: readonly string[];
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: readonly string[];
}

export const ATTESTATION_VALUES = ['A', 'B', 'C', 'none'] as const;
export type AttestationValue = (typeof ATTESTATION_VALUES)[number];

export interface AttestationCondition {
  readonly in: readonly AttestationValue[];
}

/** Every condition given must match. */
export interface Conditions {
  readonly time: TimeCondition | null;
  readonly caller: CallerCondition | null;
  readonly attestation: AttestationCondition | null;
}

export interface RouteRule {
  readonly when: Conditions;
  readonly next: string;
}

/** What a caller hears: text spoken, or an audio file played. */
export type Announcement =
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'play'; readonly url: string };

export interface RouteNode {
  readonly type: 'route';
  readonly rules: readonly RouteRule[];
  readonly otherwise: string;
}

export interface SayNode {
  readonly type: 'say';
  readonly announcement: Announcement;
  /** null: the call ends after it. */
  readonly next: string | null;
}

export interface ForwardNode {
  readonly type: 'forward';
  readonly to: readonly string[];
  readonly strategy: 'sequential' | 'simultaneous';
  /** Seconds each attempt rings. */
  readonly timeout: number;
  /** Whose number the forwarded-to phone shows: the caller's, or the flow's own number. */
  readonly callerId: 'caller' | 'number';
  readonly record: boolean;
  /** Where the call goes when nobody answered (busy, no answer, failed); null: it ends. */
  readonly next: string | null;
}

export interface SipNode {
  readonly type: 'sip';
  readonly uri: string;
  readonly timeout: number;
  readonly next: string | null;
}

export interface MenuNode {
  readonly type: 'menu';
  readonly prompt: Announcement;
  /** One key (0-9, *, #) to the node it leads to. */
  readonly options: ReadonlyMap<string, string>;
  /** Seconds to wait for a key after the prompt. */
  readonly timeout: number;
  /** How many more times the prompt is played after a wrong key or silence. */
  readonly retries: number;
  /** Where a caller goes after the last wrong key, and after the last silence; null: the call ends. */
  readonly invalid: string | null;
  readonly noInput: string | null;
}

export interface VoicemailNode {
  readonly type: 'voicemail';
  readonly greeting: Announcement;
  /** The longest message, in seconds. */
  readonly maxLength: number;
  /** Where the recording is POSTed (signed JSON), and who gets it by email (the audio attached). */
  readonly webhook: string | null;
  readonly email: readonly string[];
}

export interface RejectNode {
  readonly type: 'reject';
  readonly reason: 'busy' | 'rejected';
}

export interface HangupNode {
  readonly type: 'hangup';
}

/** Hands the call to an app: its TwiML answer decides from here. */
export interface WebhookNode {
  readonly type: 'webhook';
  readonly url: string;
  readonly method: HttpMethod;
}

export interface ForwardMessageNode {
  readonly type: 'forward-message';
  readonly to: string;
  readonly next: string | null;
}

export interface WebhookMessageNode {
  readonly type: 'webhook-message';
  readonly url: string;
  readonly next: string | null;
}

export interface EmailMessageNode {
  readonly type: 'email-message';
  readonly to: readonly string[];
  readonly subject: string | null;
  readonly next: string | null;
}

export interface ReplyNode {
  readonly type: 'reply';
  readonly text: string;
  readonly next: string | null;
}

export type VoiceNode = SayNode | ForwardNode | SipNode | MenuNode | VoicemailNode | RejectNode | HangupNode | WebhookNode;
export type MessageNode = ForwardMessageNode | WebhookMessageNode | EmailMessageNode | ReplyNode;
export type FlowNode = RouteNode | VoiceNode | MessageNode;
export type FlowNodeType = FlowNode['type'];

export const VOICE_NODE_TYPES = ['say', 'forward', 'sip', 'menu', 'voicemail', 'reject', 'hangup', 'webhook'] as const;
export const MESSAGE_NODE_TYPES = ['forward-message', 'webhook-message', 'email-message', 'reply'] as const;
export const NODE_TYPES: readonly FlowNodeType[] = ['route', ...VOICE_NODE_TYPES, ...MESSAGE_NODE_TYPES];

/** The channels a node type can serve: a route serves both. */
export const channelsOf = (type: FlowNodeType): readonly FlowChannel[] => {
  if (type === 'route') return ['voice', 'message'];
  return (MESSAGE_NODE_TYPES as readonly string[]).includes(type) ? ['message'] : ['voice'];
};

export interface FlowDocument {
  readonly version: typeof FLOW_DOCUMENT_VERSION;
  /** The node a call, and a message, starts at; null: the flow does not handle that channel. */
  readonly entries: Readonly<Record<FlowChannel, string | null>>;
  /** A Map: node ids are the author's, and "__proto__" must stay a plain key. */
  readonly nodes: ReadonlyMap<string, FlowNode>;
}

/** Node ids: letters, digits, '_' and '-' (so `#` can mark a position inside a node in continuation URLs). */
export const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Bounds that keep a document, and one call's walk through it, small. */
export const FLOW_LIMITS = {
  documentBytes: 64 * 1024,
  nodes: 200,
  rules: 50,
  forwardTargets: 10,
  emails: 10,
  listEntries: 500,
  textLength: 1000,
} as const;

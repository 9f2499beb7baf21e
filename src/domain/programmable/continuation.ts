// Where a programmable call goes next: a verb's `action` (Gather, Dial, Record) or a Redirect names the
// document to fetch when it finishes. For an app that is a URL (fetched and signed like the first one);
// for a masq flow it is a node of the flow, written `masq-flow:{FWsid}/{revision}/{node}` so one TwiML
// verb type carries both, and the interpreter never needs to know which kind answered.
import type { HttpMethod } from '../twiml/verbs.ts';

export interface Continuation {
  readonly url: string;
  readonly method: HttpMethod;
}

export const FLOW_SCHEME = 'masq-flow:';

export interface FlowNodeRef {
  readonly flowSid: string;
  readonly revision: number;
  readonly node: string;
}

export const flowNodeUrl = (ref: FlowNodeRef): string => `${FLOW_SCHEME}${ref.flowSid}/${ref.revision}/${encodeURIComponent(ref.node)}`;

/** The flow node a continuation URL names, or null when it is an app's URL. */
export const flowNodeOf = (url: string): FlowNodeRef | null => {
  if (!url.startsWith(FLOW_SCHEME)) return null;
  const [flowSid, revision, node] = url.slice(FLOW_SCHEME.length).split('/');
  const number = Number(revision);
  if (!flowSid || !node || !Number.isSafeInteger(number) || number < 1) return null;
  return { flowSid, revision: number, node: decodeURIComponent(node) };
};

/**
 * How a continuation appears in a plan: `masq-step:{token}`, the token being app/programmable/step-token.ts's
 * signed reference to (traffic record, continuation). Only base64url characters and '.', so it is safe in
 * any attribute or text without escaping and found again by a plain match.
 */
export const STEP_SCHEME = 'masq-step:';
export const STEP_REFERENCE = /masq-step:([A-Za-z0-9_.-]+)/g;
export const stepReference = (token: string): string => `${STEP_SCHEME}${token}`;

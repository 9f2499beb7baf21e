// "What would happen to a call from X at 21:00 on a Sunday?": a whole call (or message) played through the
// same evaluator real traffic uses, with the caller's keys and the dial outcome given up front instead of
// waited for. Nothing is sent, dialed or posted; each step says which node was taken, why, and what it
// would do.
import type { VoiceVerb } from '../twiml/verbs.ts';
import { voiceStep, type FlowPlace, type StepParams, type VoiceStep } from './evaluate.ts';
import { messageStep, type MessageAction } from './evaluate-message.ts';
import type { FlowChannel, FlowDocument, FlowNodeType } from './flow-document.ts';
import type { FlowPosition } from './flow-position.ts';

export const DIAL_OUTCOMES = ['completed', 'busy', 'no-answer', 'failed'] as const;
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

export interface DryRunInput {
  readonly channel: FlowChannel;
  readonly from: string;
  /** The flow's number. */
  readonly to: string;
  readonly at: Date;
  readonly attestation: string | null;
  /** Message text (messages). */
  readonly body: string;
  /** What the caller presses at each menu in turn; '' is silence. Menus beyond the list hear silence. */
  readonly digits: readonly string[];
  /** How every dial ends. */
  readonly dialOutcome: DialOutcome;
}

export interface DryRunStep {
  readonly node: string;
  readonly type: FlowNodeType;
  readonly why: string;
  /** What would be done there, in words: `say "Hello"`, `dial +14155550100 (ring 20 s)`. */
  readonly actions: readonly string[];
}

export interface DryRunResult {
  readonly channel: FlowChannel;
  readonly path: readonly DryRunStep[];
  /** How it ends, in words. */
  readonly outcome: string;
  readonly error: string | null;
}

const quoted = (text: string): string => JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text);

export const describeVerb = (v: VoiceVerb): string => {
  switch (v.verb) {
    case 'Say':
      return `say ${quoted(v.text)}`;
    case 'Play':
      return v.url === undefined ? `play digits ${v.digits ?? ''}` : `play ${v.url}`;
    case 'Pause':
      return `pause ${v.length ?? 1} s`;
    case 'Gather':
      return `${v.prompts.map(describeVerb).join(', ')}, then wait ${v.timeout ?? 5} s for a key`;
    case 'Dial': {
      const targets = v.targets.map((t) => (t.kind === 'number' ? t.number : t.uri)).join(' and ');
      const extras = [`ring ${v.timeout ?? 30} s`, ...(v.callerId ? [`caller id ${v.callerId}`] : []), ...(v.record ? ['recorded'] : [])];
      return `dial ${targets} (${extras.join(', ')})`;
    }
    case 'Record':
      return `record a message (up to ${v.maxLength ?? 3600} s, # ends it)`;
    case 'Hangup':
      return 'hang up';
    case 'Reject':
      return `reject the call (${v.reason ?? 'rejected'})`;
    case 'Redirect':
      return v.url.startsWith('masq-flow:') ? 'no key pressed: go on' : `ask the webhook ${v.url} (${v.method ?? 'POST'}): its TwiML answers from here`;
  }
};

const describeAction = (a: MessageAction, input: DryRunInput): string => {
  switch (a.kind) {
    case 'reply':
      return `reply ${quoted(a.text)} to ${input.from}`;
    case 'forward':
      return `forward to ${a.to} as ${quoted(`From ${input.from}: ${input.body}`)}`;
    case 'webhook':
      return `POST the message as JSON to ${a.url} (a {"reply": "..."} answer is sent back to ${input.from})`;
    case 'email':
      return `email it to ${a.to.join(', ')}${a.subject ? ` (subject ${quoted(a.subject)})` : ''}`;
  }
};

/** Where the call goes after a wait, as a step callback would say it. */
const answerTo = (step: VoiceStep, input: DryRunInput, keys: string[]): { position: FlowPosition; params: StepParams } | string => {
  const wait = step.wait;
  if (wait === null) return step.error ?? (step.verbs.some((v) => v.verb === 'Reject') ? 'the call is rejected' : 'the call ends');
  switch (wait.kind) {
    case 'menu': {
      const pressed = keys.shift() ?? '';
      return pressed === ''
        ? { position: { kind: 'menu-silence', node: wait.node, attempt: wait.attempt }, params: {} }
        : { position: { kind: 'menu-input', node: wait.node, attempt: wait.attempt }, params: { Digits: pressed } };
    }
    case 'dial':
      if (input.dialOutcome === 'completed') return `the call is connected to ${wait.targets.join(' or ')}`;
      return { position: { kind: 'dial', node: wait.node, index: wait.index }, params: { DialCallStatus: input.dialOutcome } };
    case 'record':
      return 'the caller leaves a voicemail';
    case 'webhook':
      return `the webhook ${wait.url} answers the call from here`;
  }
};

const dryRunVoice = (doc: FlowDocument, place: FlowPlace, input: DryRunInput): DryRunResult => {
  const path: DryRunStep[] = [];
  const keys = [...input.digits];
  let position: FlowPosition | null = null;
  let params: StepParams = {};
  for (;;) {
    const step = voiceStep(doc, place, position, params, { from: input.from, at: input.at, attestation: input.attestation, number: input.to, stepsSoFar: path.length });
    path.push(...step.taken.map((t) => ({ node: t.node, type: t.type, why: t.why, actions: t.verbs.map(describeVerb) })));
    const next = answerTo(step, input, keys);
    if (typeof next === 'string') return { channel: 'voice', path, outcome: next, error: step.error };
    ({ position, params } = next);
  }
};

const dryRunMessage = (doc: FlowDocument, input: DryRunInput): DryRunResult => {
  const step = messageStep(doc, { from: input.from, at: input.at, attestation: input.attestation });
  const path = step.taken.map((t) => ({ node: t.node, type: t.type, why: t.why, actions: t.actions.map((a) => describeAction(a, input)) }));
  const outcome = step.error ?? (step.actions.length === 0 ? 'nothing is done with the message' : `${step.actions.length} action(s) carried out`);
  return { channel: 'message', path, outcome, error: step.error };
};

export const dryRun = (doc: FlowDocument, place: FlowPlace, input: DryRunInput): DryRunResult =>
  (input.channel === 'voice' ? dryRunVoice(doc, place, input) : dryRunMessage(doc, input));

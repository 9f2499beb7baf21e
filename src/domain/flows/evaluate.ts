// The flow evaluator: from a position in a flow, walk the nodes a call takes until it must wait (a menu, a
// dial, a recording), is handed to a webhook, or ends; say which node was taken and why at each step, and
// give the TwiML-shaped verbs to carry out, whose continuations are `masq-flow:` URLs back into the flow.
// Pure: the real call (app/flows/flow-step.ts) and the dry-run (dry-run.ts) share it, so what a dry-run
// shows is what a call does.
import { flowNodeUrl } from '../programmable/continuation.ts';
import type { DialVerb, GatherVerb, PlayVerb, SayVerb, VoiceVerb } from '../twiml/verbs.ts';
import { describeConditions, matchConditions, type RouteFacts } from './conditions.ts';
import type { Announcement, FlowDocument, FlowNode, FlowNodeType, ForwardNode, MenuNode, RouteNode, SipNode } from './flow-document.ts';
import { positionKey, type FlowPosition } from './flow-position.ts';

/** A call takes at most this many nodes in all (a caller looping through menus ends, politely). */
export const MAX_FLOW_STEPS_PER_CALL = 100;

export const APP_ERROR_TEXT = 'An application error has occurred. Goodbye.';
export const TOO_MANY_STEPS_TEXT = 'This call has gone through too many steps. Goodbye.';
const INVALID_CHOICE_TEXT = 'Sorry, that is not a valid choice.';
const NO_RECORDING_TEXT = 'No message was recorded. Goodbye.';

export interface VoiceFacts extends RouteFacts {
  /** The flow's own number (the one called): a forward may show it as the caller id. */
  readonly number: string;
  /** Nodes this call already took (its earlier steps), for MAX_FLOW_STEPS_PER_CALL. */
  readonly stepsSoFar: number;
}

export interface FlowPlace {
  readonly flowSid: string;
  readonly revision: number;
}

export interface TakenStep {
  readonly node: string;
  readonly type: FlowNodeType;
  /** Why it went on the way it did: the rule that matched, the key pressed, the dial's outcome. */
  readonly why: string;
  readonly verbs: readonly VoiceVerb[];
}

export type VoiceWait =
  | { readonly kind: 'menu'; readonly node: string; readonly attempt: number }
  | { readonly kind: 'dial'; readonly node: string; readonly index: number | null; readonly targets: readonly string[] }
  | { readonly kind: 'record'; readonly node: string }
  /** Handed over: the webhook's TwiML answers the call from here. */
  | { readonly kind: 'webhook'; readonly url: string };

export interface VoiceStep {
  readonly taken: readonly TakenStep[];
  readonly verbs: readonly VoiceVerb[];
  /** null: the call ends with these verbs. */
  readonly wait: VoiceWait | null;
  /** Why the flow could not go on as written (the caller hears an apology and the call ends). */
  readonly error: string | null;
}

/** What the call's params say about the wait it comes back from (Twilio's names). */
export type StepParams = Readonly<Record<string, string | undefined>>;

interface Walk {
  readonly doc: FlowDocument;
  readonly place: FlowPlace;
  readonly facts: VoiceFacts;
  readonly taken: TakenStep[];
}

const HANGUP: VoiceVerb = { verb: 'Hangup' };
const say = (text: string): VoiceVerb => ({ verb: 'Say', text });
const announce = (a: Announcement): SayVerb | PlayVerb => (a.kind === 'say' ? { verb: 'Say', text: a.text } : { verb: 'Play', url: a.url });
const urlOf = (w: Walk, position: FlowPosition): string => flowNodeUrl({ ...w.place, node: positionKey(position) });

const finish = (w: Walk, wait: VoiceWait | null, error: string | null = null): VoiceStep =>
  ({ taken: w.taken, verbs: w.taken.flatMap((t) => t.verbs), wait, error });

const fail = (w: Walk, error: string): VoiceStep => {
  w.taken.push({ node: '', type: 'hangup', why: error, verbs: [say(APP_ERROR_TEXT), HANGUP] });
  return finish(w, null, error);
};

/** Which rule of a route matches (the first), or its `otherwise`. */
export const chooseRoute = (node: RouteNode, facts: RouteFacts): { readonly next: string; readonly why: string } => {
  const index = node.rules.findIndex((rule) => matchConditions(rule.when, facts));
  const rule = node.rules[index];
  if (rule === undefined) return { next: node.otherwise, why: 'no rule matched: otherwise' };
  return { next: rule.next, why: `rule ${index + 1} matched (${describeConditions(rule.when)})` };
};

const gather = (w: Walk, id: string, menu: MenuNode, attempt: number): VoiceVerb[] => {
  const ask: GatherVerb = {
    verb: 'Gather', input: 'dtmf', numDigits: 1, timeout: menu.timeout, method: 'POST',
    action: urlOf(w, { kind: 'menu-input', node: id, attempt }), prompts: [announce(menu.prompt)],
  };
  // Twilio goes on to the next verb when no key is pressed: that Redirect is the menu's "silence" branch.
  return [ask, { verb: 'Redirect', method: 'POST', url: urlOf(w, { kind: 'menu-silence', node: id, attempt }) }];
};

const dialVerb = (w: Walk, id: string, node: ForwardNode | SipNode, index: number | null): DialVerb => {
  const action = urlOf(w, { kind: 'dial', node: id, index });
  if (node.type === 'sip') return { verb: 'Dial', timeout: node.timeout, action, method: 'POST', targets: [{ kind: 'sip', uri: node.uri }] };
  const numbers = index === null ? node.to : node.to.slice(index, index + 1);
  return {
    verb: 'Dial', timeout: node.timeout, action, method: 'POST',
    callerId: node.callerId === 'caller' ? w.facts.from : w.facts.number,
    ...(node.record && { record: 'record-from-answer' as const }),
    targets: numbers.map((number) => ({ kind: 'number' as const, number })),
  };
};

const startDial = (w: Walk, id: string, node: ForwardNode | SipNode, index: number | null, why: string): VoiceStep => {
  const dial = dialVerb(w, id, node, index);
  w.taken.push({ node: id, type: node.type, why, verbs: [dial] });
  const targets = dial.targets.map((t) => (t.kind === 'number' ? t.number : t.uri));
  return finish(w, { kind: 'dial', node: id, index, targets });
};

/** A node reached from its start: carried out, and the walk goes on while it need not wait. */
const enter = (w: Walk, id: string, node: FlowNode, why: string): VoiceStep | string | null => {
  const step = (verbs: readonly VoiceVerb[]): void => { w.taken.push({ node: id, type: node.type, why, verbs }); };
  switch (node.type) {
    case 'route': {
      const choice = chooseRoute(node, w.facts);
      w.taken.push({ node: id, type: 'route', why: choice.why, verbs: [] });
      return choice.next;
    }
    case 'say':
      step(node.next === null ? [announce(node.announcement), HANGUP] : [announce(node.announcement)]);
      return node.next;
    case 'forward':
      return startDial(w, id, node, node.strategy === 'sequential' ? 0 : null, why);
    case 'sip':
      return startDial(w, id, node, null, why);
    case 'menu':
      step(gather(w, id, node, 0));
      return finish(w, { kind: 'menu', node: id, attempt: 0 });
    case 'voicemail':
      step([
        announce(node.greeting),
        { verb: 'Record', action: urlOf(w, { kind: 'recorded', node: id }), method: 'POST', maxLength: node.maxLength, playBeep: true, finishOnKey: '#' },
        // Twilio goes on to the next verb when nothing was recorded.
        say(NO_RECORDING_TEXT), HANGUP,
      ]);
      return finish(w, { kind: 'record', node: id });
    case 'reject':
      step([{ verb: 'Reject', reason: node.reason }]);
      return finish(w, null);
    case 'hangup':
      step([HANGUP]);
      return finish(w, null);
    case 'webhook':
      step([{ verb: 'Redirect', url: node.url, method: node.method }]);
      return finish(w, { kind: 'webhook', url: node.url });
    default:
      return fail(w, `node "${id}" is a "${node.type}" node, which handles messages, not calls`);
  }
};

/** Walks from `id` (null: the call ends) until a node waits or ends the call. */
const walk = (w: Walk, from: string | null, why: string): VoiceStep => {
  let reason = why;
  for (let id = from; ; reason = 'next') {
    if (id === null) {
      const last = w.taken[w.taken.length - 1];
      // A path that simply stops (no `next`) hangs up, unless its last node already did.
      if (!last?.verbs.some((v) => v.verb === 'Hangup')) w.taken.push({ node: last?.node ?? '', type: 'hangup', why: 'no next node: the call ends', verbs: [HANGUP] });
      return finish(w, null);
    }
    if (w.facts.stepsSoFar + w.taken.length >= MAX_FLOW_STEPS_PER_CALL) {
      w.taken.push({ node: id, type: 'hangup', why: `more than ${MAX_FLOW_STEPS_PER_CALL} steps in one call`, verbs: [say(TOO_MANY_STEPS_TEXT), HANGUP] });
      return finish(w, null, `the call went through more than ${MAX_FLOW_STEPS_PER_CALL} flow steps`);
    }
    const node = w.doc.nodes.get(id);
    if (node === undefined) return fail(w, `the flow has no node "${id}"`);
    const result = enter(w, id, node, reason);
    if (typeof result !== 'string' && result !== null) return result;
    id = result;
  }
};

const resumeMenu = (w: Walk, id: string, menu: MenuNode, attempt: number, digits: string): VoiceStep => {
  const key = digits.slice(0, 1);
  const next = key === '' ? undefined : menu.options.get(key);
  if (next !== undefined) {
    w.taken.push({ node: id, type: 'menu', why: `pressed ${key}`, verbs: [] });
    return walk(w, next, `option ${key} of menu "${id}"`);
  }
  const heard = key === '' ? 'no key pressed' : `pressed ${key}: not an option`;
  if (attempt < menu.retries) {
    const verbs = key === '' ? gather(w, id, menu, attempt + 1) : [say(INVALID_CHOICE_TEXT), ...gather(w, id, menu, attempt + 1)];
    w.taken.push({ node: id, type: 'menu', why: `${heard}: asked again (try ${attempt + 2} of ${menu.retries + 1})`, verbs });
    return finish(w, { kind: 'menu', node: id, attempt: attempt + 1 });
  }
  const then = key === '' ? menu.noInput : menu.invalid;
  w.taken.push({ node: id, type: 'menu', why: `${heard}: no tries left`, verbs: [] });
  return walk(w, then, key === '' ? `no input at menu "${id}"` : `invalid key at menu "${id}"`);
};

const resumeDial = (w: Walk, id: string, node: ForwardNode | SipNode, index: number | null, status: string): VoiceStep => {
  if (status === 'completed' || status === 'answered') {
    w.taken.push({ node: id, type: node.type, why: 'answered: the call was connected', verbs: [HANGUP] });
    return finish(w, null);
  }
  if (node.type === 'forward' && index !== null && index + 1 < node.to.length) {
    return startDial(w, id, node, index + 1, `${node.to[index] ?? ''} ${status}: trying the next number`);
  }
  w.taken.push({ node: id, type: node.type, why: `${status}: nobody answered`, verbs: [] });
  return walk(w, node.next, `no answer at "${id}"`);
};

const resume = (w: Walk, position: FlowPosition, params: StepParams): VoiceStep => {
  const node = w.doc.nodes.get(position.node);
  if (node === undefined) return fail(w, `the flow has no node "${position.node}"`);
  if (position.kind === 'node') return walk(w, position.node, 'continued here');
  if ((position.kind === 'menu-input' || position.kind === 'menu-silence') && node.type === 'menu') {
    return resumeMenu(w, position.node, node, position.attempt, position.kind === 'menu-input' ? params.Digits ?? '' : '');
  }
  if (position.kind === 'dial' && (node.type === 'forward' || node.type === 'sip')) {
    return resumeDial(w, position.node, node, position.index, params.DialCallStatus ?? 'failed');
  }
  if (position.kind === 'recorded' && node.type === 'voicemail') {
    w.taken.push({ node: position.node, type: 'voicemail', why: 'message recorded', verbs: [HANGUP] });
    return finish(w, null);
  }
  return fail(w, `"${positionKey(position)}" does not fit a "${node.type}" node`);
};

/**
 * The next verbs of a call: from the voice entry (position null), or back from a wait. `params` are the
 * step callback's (Twilio's names: Digits, DialCallStatus).
 */
export const voiceStep = (doc: FlowDocument, place: FlowPlace, position: FlowPosition | null, params: StepParams, facts: VoiceFacts): VoiceStep => {
  const w: Walk = { doc, place, facts, taken: [] };
  if (position !== null) return resume(w, position, params);
  if (doc.entries.voice === null) {
    w.taken.push({ node: '', type: 'reject', why: 'the flow does not handle calls (no "voice" entry)', verbs: [{ verb: 'Reject', reason: 'rejected' }] });
    return finish(w, null);
  }
  return walk(w, doc.entries.voice, 'the voice entry');
};

// One node of a flow document, by its `type`. Fields a type does not know are refused (a typo must not be
// silently ignored), and every node may carry a `description` for its author.
import {
  FLOW_LIMITS, NODE_TYPES, type Announcement, type FlowNode, type FlowNodeType, type RouteRule,
} from './flow-document.ts';
import { FieldReader, isJsonObject, jsonKind, pointerOf, type Problems } from './flow-fields.ts';
import { checkE164, checkEmail, checkHttpUrl, checkSipUri } from './flow-values.ts';
import { readConditions } from './read-conditions.ts';

const TEXT = { max: FLOW_LIMITS.textLength } as const;
const RING_SECONDS = { min: 5, max: 600 } as const;
const MENU_KEY = /^[0-9*#]$/;

const isNodeType = (value: unknown): value is FlowNodeType => NODE_TYPES.some((t) => t === value);

const url = (r: FieldReader, key: string, required: boolean): string | undefined => {
  const value = r.string(key, { required, max: 2048 });
  if (value === undefined) return undefined;
  const why = checkHttpUrl(value);
  if (why !== null) r.problem(key, why);
  return why === null ? value : undefined;
};

/** `"text"`, `{"text": "..."}` or `{"play": "https://..."}`; `fallback` when absent (null: required). */
const announcement = (r: FieldReader, key: string, fallback: string | null): Announcement | undefined => {
  const value = r.raw(key);
  if (value === undefined) {
    if (fallback === null) r.problem(key, 'required');
    return fallback === null ? undefined : { kind: 'say', text: fallback };
  }
  if (typeof value === 'string') return r.string(key, TEXT) === undefined ? undefined : { kind: 'say', text: value };
  if (!isJsonObject(value)) {
    r.problem(key, `expected text, {"text": ...} or {"play": url}, got ${jsonKind(value)}`);
    return undefined;
  }
  return sayOrPlay(new FieldReader(value, r.pointer(key), r.problems, ['text', 'play']));
};

/** Exactly one of `text` and `play` in `r`'s object. */
const sayOrPlay = (r: FieldReader): Announcement | undefined => {
  if (r.has('text') === r.has('play')) {
    r.problems.add(r.at, 'give exactly one of "text" (spoken) and "play" (an audio URL)');
    return undefined;
  }
  if (r.has('text')) {
    const text = r.string('text', TEXT);
    return text === undefined ? undefined : { kind: 'say', text };
  }
  const audio = url(r, 'play', true);
  return audio === undefined ? undefined : { kind: 'play', url: audio };
};

const readRules = (r: FieldReader): RouteRule[] | undefined => {
  const value = r.raw('rules');
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.problem('rules', `expected an array of {when, next}, got ${jsonKind(value)}`);
    return undefined;
  }
  if (value.length > FLOW_LIMITS.rules) {
    r.problem('rules', `at most ${FLOW_LIMITS.rules} rules`);
    return undefined;
  }
  const rules: RouteRule[] = [];
  value.forEach((rule: unknown, index) => {
    const at = r.pointer('rules', index);
    if (!isJsonObject(rule)) {
      r.problems.add(at, `expected {when, next}, got ${jsonKind(rule)}`);
      return;
    }
    const rr = new FieldReader(rule, at, r.problems, ['when', 'next', 'description']);
    if (!rr.has('when')) rr.problem('when', 'required');
    const when = rr.has('when') ? readConditions(rr.raw('when'), rr.pointer('when'), r.problems) : undefined;
    const next = rr.nodeRef('next', true);
    if (when !== undefined && typeof next === 'string') rules.push({ when, next });
  });
  return rules.length === value.length ? rules : undefined;
};

const readOptions = (r: FieldReader): Map<string, string> | undefined => {
  const value = r.raw('options');
  if (!isJsonObject(value)) {
    r.problem('options', value === undefined ? 'required' : `expected an object of keys to node ids, such as {"1": "sales"}, got ${jsonKind(value)}`);
    return undefined;
  }
  const options = new Map<string, string>();
  for (const [key, next] of Object.entries(value)) {
    if (!MENU_KEY.test(key)) r.problems.add(r.pointer('options', key), 'a menu key is one of 0-9, * and #');
    else if (typeof next !== 'string' || next === '') r.problems.add(r.pointer('options', key), `expected a node id, got ${jsonKind(next)}`);
    else options.set(key, next);
  }
  if (Object.keys(value).length === 0) r.problem('options', 'give at least one key');
  return options.size === Object.keys(value).length && options.size > 0 ? options : undefined;
};

type NodeReader = (r: FieldReader) => FlowNode | undefined;

const readRoute: NodeReader = (r) => {
  const rules = readRules(r);
  const otherwise = r.nodeRef('otherwise', true);
  return rules === undefined || !otherwise ? undefined : { type: 'route', rules, otherwise };
};

const readSay: NodeReader = (r) => {
  const said = sayOrPlay(r);
  const next = r.nodeRef('next', false);
  return said === undefined || next === undefined ? undefined : { type: 'say', announcement: said, next };
};

const readForward: NodeReader = (r) => {
  const to = r.strings('to', { required: true, max: FLOW_LIMITS.forwardTargets, check: checkE164 });
  const strategy = r.oneOf('strategy', ['sequential', 'simultaneous'] as const, 'sequential');
  const timeout = r.integer('timeout', 20, RING_SECONDS);
  const callerId = r.oneOf('callerId', ['caller', 'number'] as const, 'caller');
  const record = r.boolean('record', false);
  const next = r.nodeRef('next', false);
  return to === undefined || next === undefined ? undefined : { type: 'forward', to, strategy, timeout, callerId, record, next };
};

const readSip: NodeReader = (r) => {
  const uri = r.string('uri', { required: true });
  const why = uri === undefined ? null : checkSipUri(uri);
  if (why !== null) r.problem('uri', why);
  const timeout = r.integer('timeout', 20, RING_SECONDS);
  const next = r.nodeRef('next', false);
  return uri === undefined || why !== null || next === undefined ? undefined : { type: 'sip', uri, timeout, next };
};

const readMenu: NodeReader = (r) => {
  const prompt = announcement(r, 'prompt', null);
  const options = readOptions(r);
  const timeout = r.integer('timeout', 5, { min: 1, max: 60 });
  const retries = r.integer('retries', 2, { min: 0, max: 5 });
  const invalid = r.nodeRef('invalid', false);
  const noInput = r.nodeRef('noInput', false);
  if (prompt === undefined || options === undefined || invalid === undefined || noInput === undefined) return undefined;
  return { type: 'menu', prompt, options, timeout, retries, invalid, noInput };
};

const readVoicemail: NodeReader = (r) => {
  const greeting = announcement(r, 'greeting', 'Please leave a message after the tone.');
  const maxLength = r.integer('maxLength', 120, { min: 1, max: 3600 });
  const webhook = r.has('webhook') ? url(r, 'webhook', true) : null;
  const email = r.has('email') ? r.strings('email', { max: FLOW_LIMITS.emails, check: checkEmail }) : [];
  if (greeting === undefined || webhook === undefined || email === undefined) return undefined;
  return { type: 'voicemail', greeting, maxLength, webhook, email };
};

const readWebhook: NodeReader = (r) => {
  const target = url(r, 'url', true);
  const method = r.oneOf('method', ['POST', 'GET'] as const, 'POST');
  return target === undefined ? undefined : { type: 'webhook', url: target, method };
};

const readForwardMessage: NodeReader = (r) => {
  const to = r.e164('to');
  const next = r.nodeRef('next', false);
  return to === undefined || next === undefined ? undefined : { type: 'forward-message', to, next };
};

const readWebhookMessage: NodeReader = (r) => {
  const target = url(r, 'url', true);
  const next = r.nodeRef('next', false);
  return target === undefined || next === undefined ? undefined : { type: 'webhook-message', url: target, next };
};

const readEmailMessage: NodeReader = (r) => {
  const to = r.strings('to', { required: true, max: FLOW_LIMITS.emails, check: checkEmail });
  const subject = r.has('subject') ? subjectOf(r) : null;
  const next = r.nodeRef('next', false);
  return to === undefined || subject === undefined || next === undefined ? undefined : { type: 'email-message', to, subject, next };
};

const readReply: NodeReader = (r) => {
  const text = r.string('text', { required: true, max: 1600 });
  const next = r.nodeRef('next', false);
  return text === undefined || next === undefined ? undefined : { type: 'reply', text, next };
};

const READERS: Readonly<Record<FlowNodeType, { readonly fields: readonly string[]; readonly read: NodeReader }>> = {
  route: { fields: ['rules', 'otherwise'], read: readRoute },
  say: { fields: ['text', 'play', 'next'], read: readSay },
  forward: { fields: ['to', 'strategy', 'timeout', 'callerId', 'record', 'next'], read: readForward },
  sip: { fields: ['uri', 'timeout', 'next'], read: readSip },
  menu: { fields: ['prompt', 'options', 'timeout', 'retries', 'invalid', 'noInput'], read: readMenu },
  voicemail: { fields: ['greeting', 'maxLength', 'webhook', 'email'], read: readVoicemail },
  reject: { fields: ['reason'], read: (r) => ({ type: 'reject', reason: r.oneOf('reason', ['rejected', 'busy'] as const, 'rejected') }) },
  hangup: { fields: [], read: () => ({ type: 'hangup' }) },
  webhook: { fields: ['url', 'method'], read: readWebhook },
  'forward-message': { fields: ['to', 'next'], read: readForwardMessage },
  'webhook-message': { fields: ['url', 'next'], read: readWebhookMessage },
  'email-message': { fields: ['to', 'subject', 'next'], read: readEmailMessage },
  reply: { fields: ['text', 'next'], read: readReply },
};

/** A mail subject is one header line: no line breaks. */
const subjectOf = (r: FieldReader): string | undefined => {
  const subject = r.string('subject', { max: 200 });
  if (subject !== undefined && /[\r\n]/.test(subject)) {
    r.problem('subject', 'must be one line');
    return undefined;
  }
  return subject;
};

/** The node at `/nodes/{id}`; undefined when it has problems (added to `problems`). */
export const readNode = (value: unknown, at: string, problems: Problems): FlowNode | undefined => {
  if (!isJsonObject(value)) {
    problems.add(at, `expected a node object with a "type", got ${jsonKind(value)}`);
    return undefined;
  }
  const type = value.type;
  if (!isNodeType(type)) {
    const why = type === undefined ? 'required' : `unknown node type ${JSON.stringify(type)} (expected one of ${NODE_TYPES.join(', ')})`;
    problems.add(pointerOf(at, 'type'), why);
    return undefined;
  }
  const reader = READERS[type];
  return reader.read(new FieldReader(value, at, problems, ['type', 'description', ...reader.fields]));
};

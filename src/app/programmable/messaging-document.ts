// A message to a number with an app (its SmsUrl) or in a Messaging service with an inbound URL: the app is
// asked, with its fallback, and its TwiML answer becomes `message` plan verbs. A <Message> without to/from
// replies to the sender from the number; with `to`, it goes from the number (or from another number of
// the same account, named in `from`). <Redirect> asks the next document (at most MAX_REDIRECTS in a row).
// What masq cannot carry out is named in the call log, never dropped silently: a <Message action> (masq
// reports no status for it), verbs after a <Redirect> (never reached, as on Twilio), a bad address.
// When the app and its fallback both fail, nothing is sent (Twilio's behaviour for messages).
import type { PlanVerb } from '../../domain/call-plan.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import { parseIdentifier } from '../../domain/phone-number.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import { readMessagingTwiml } from '../../domain/twiml/read-twiml.ts';
import type { MessageVerb, MessagingVerb } from '../../domain/twiml/verbs.ts';
import { twilioCodeOf } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { fetchWithFallback, type AppTarget, type DocumentRequest } from './app-request.ts';
import type { StepLog } from './traffic-log.ts';

/** A Redirect chain longer than this is a loop: the message's handling stops there. */
export const MAX_REDIRECTS = 10;

export interface MessageStepInput {
  readonly traffic: NumberTraffic;
  readonly number: InventoryNumber;
  readonly authToken: string;
  readonly log: StepLog;
  readonly primary: AppTarget;
  readonly fallback: AppTarget | null;
  readonly params: Readonly<Record<string, string>>;
}

type MessagePlanVerb = Extract<PlanVerb, { verb: 'message' }>;

const e164Of = (raw: string): string | null => {
  try {
    const parsed = parseIdentifier(raw);
    return parsed.kind === 'phone' ? parsed.e164 : null;
  } catch {
    return null;
  }
};

const problem = (log: StepLog, path: string, kind: string, message: string): null => {
  log.add('twiml-problem', `${path}: ${message}`, { path, kind, message });
  return null;
};

/** The carrier account that sends from `from`: the number's own, or another live number of the same account's. */
const senderCarrier = async (deps: AppDeps, input: MessageStepInput, from: string): Promise<string | null> => {
  if (from === input.number.phoneNumber) return input.number.carrier;
  const other = await deps.store.findLiveNumber(from);
  return other && other.accountSid === input.number.accountSid && other.state === 'active' ? other.carrier : null;
};

const planMessage = async (deps: AppDeps, input: MessageStepInput, verb: MessageVerb, path: string): Promise<MessagePlanVerb | null> => {
  const { log, traffic, number } = input;
  const to = verb.to === undefined ? traffic.from : e164Of(verb.to);
  if (to === null) return problem(log, `${path}/@to`, 'invalid', `to must be a phone number, not '${verb.to ?? ''}'; the message is not sent.`);
  const from = verb.from === undefined ? number.phoneNumber : e164Of(verb.from);
  const carrier = from === null ? null : await senderCarrier(deps, input, from);
  if (from === null || carrier === null) {
    return problem(log, `${path}/@from`, 'not-allowed', `from must be ${number.phoneNumber} or another active number of this account, not '${verb.from ?? ''}'; the message is not sent.`);
  }
  if (verb.action !== undefined) {
    problem(log, `${path}/@action`, 'unsupported', `masq does not report this message's status to ${verb.action}; the message is sent without it.`);
  }
  if (await deps.store.isOptedOut(from, to)) {
    const code = String(twilioCodeOf('unsubscribed-recipient'));
    log.add('error', `${to} opted out of messages from ${from}: the message is not sent`, { code, to, from });
    return null;
  }
  const reply = to === traffic.from && from === number.phoneNumber;
  log.add('reply', reply ? `Reply to ${to}: ${verb.body}` : `Message from ${from} to ${to}: ${verb.body}`, { from, to, body: verb.body, media: String(verb.media.length) });
  return { verb: 'message', carrier, from, to, body: verb.body, mediaUrls: verb.media, reply };
};

interface DocumentVerbs {
  readonly messages: MessagePlanVerb[];
  readonly redirect: AppTarget | null;
}

/** The messages of one document, in order, and where its <Redirect> (if any) goes; what follows a Redirect is never reached. */
const carryOut = async (deps: AppDeps, input: MessageStepInput, verbs: readonly MessagingVerb[]): Promise<DocumentVerbs> => {
  const messages: MessagePlanVerb[] = [];
  let index = 0;
  for (const [position, verb] of verbs.entries()) {
    if (verb.verb === 'Redirect') {
      const unreached = verbs.length - position - 1;
      if (unreached > 0) input.log.add('twiml-problem', `${unreached} verb(s) after <Redirect> are never reached`, { path: 'Response', kind: 'not-allowed', message: 'Verbs after <Redirect> are not carried out.' });
      return { messages, redirect: { url: verb.url, method: verb.method ?? 'POST' } };
    }
    index += 1;
    const planned = await planMessage(deps, input, verb, `Response/Message[${index}]`);
    if (planned) messages.push(planned);
  }
  return { messages, redirect: null };
};

/** The message plan verbs the app's answer (and its Redirects') asks for; [] when it asks for nothing or failed. */
export const messagingAnswer = async (deps: AppDeps, input: MessageStepInput): Promise<readonly PlanVerb[]> => {
  const request: DocumentRequest<MessagingVerb> = {
    authToken: input.authToken, params: input.params, emptyIsNothing: true, read: (xml, baseUrl) => readMessagingTwiml(xml, { baseUrl }),
  };
  const planned: PlanVerb[] = [];
  let target: AppTarget | null = input.primary;
  for (let hop = 0; target !== null; hop += 1) {
    if (hop > MAX_REDIRECTS) {
      input.log.add('error', `More than ${MAX_REDIRECTS} <Redirect>s in a row: the message's handling stops at ${target.url}`, { url: target.url, redirects: String(MAX_REDIRECTS) });
      break;
    }
    const outcome = await fetchWithFallback(deps, input.log, target, input.fallback, request);
    if (outcome.kind === 'failed') {
      input.log.add('error', 'The app failed (and its fallback, if any): nothing more is sent for this message', { ErrorCode: outcome.errorCode });
      break;
    }
    if (outcome.kind === 'empty') break;
    const { messages, redirect } = await carryOut(deps, input, outcome.verbs);
    planned.push(...messages);
    target = redirect;
  }
  return planned;
};

// Carrying out a message's flow, node by node in order: each node taken is logged ('flow-step'); replies
// and forwards become message verbs (the engine sends them through the number's carrier); a webhook is
// POSTed the message as signed JSON at once, and its {"reply": "..."} answer goes back to the sender
// ("answered synchronously"; no reply leaves the app to answer later through the NumberTraffic Reply API);
// an email goes out through the mailer. A webhook that does not answer is retried as a durable job, so the
// message still reaches the app, only too late to reply in the same breath.
import type { PlanVerb } from '../../domain/call-plan.ts';
import type { FlowPlace } from '../../domain/flows/evaluate.ts';
import type { TakenMessageStep, MessageAction } from '../../domain/flows/evaluate-message.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { InboundEvent } from '../../domain/routing.ts';
import { callbackJob } from '../callbacks/callback-job.ts';
import { authTokenOf, describeFailure, wireDate } from '../callbacks/wire.ts';
import type { AppDeps } from '../deps.ts';
import { sendMail } from '../mail/send-mail.ts';
import { event, flowStepEvent } from './flow-events.ts';

export interface MessageContext {
  readonly traffic: NumberTraffic;
  readonly number: InventoryNumber;
  readonly inbound: InboundEvent;
  readonly place: FlowPlace;
}

interface Done {
  readonly verbs: PlanVerb[];
  readonly events: NewTrafficEvent[];
}

const MAX_REPLY = 1600;

const messageVerb = (ctx: MessageContext, to: string, body: string, mediaUrls: readonly string[], reply: boolean): PlanVerb => ({
  verb: 'message', carrier: ctx.number.carrier, from: ctx.number.phoneNumber, to, body, mediaUrls, reply,
});

export const forwardedBody = (from: string, body: string): string => `From ${from}: ${body}`;

const webhookBody = (deps: AppDeps, ctx: MessageContext, nodeId: string): string => JSON.stringify({
  event_type: 'message.received',
  account_sid: ctx.traffic.accountSid,
  traffic_sid: ctx.traffic.sid,
  message_sid: ctx.traffic.resourceSid,
  number_sid: ctx.number.sid,
  from: ctx.inbound.from,
  to: ctx.inbound.to,
  body: ctx.inbound.body,
  media: ctx.inbound.mediaUrls,
  flow_sid: ctx.place.flowSid,
  flow_revision: ctx.place.revision,
  flow_node: nodeId,
  date_created: wireDate(deps.clock.now()),
});

/** The reply in a webhook's JSON answer, if it gave one. */
const replyOf = (body: string): string | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('reply' in parsed)) return null;
  const reply = parsed.reply;
  return typeof reply === 'string' && reply.trim() !== '' ? reply.slice(0, MAX_REPLY) : null;
};

const postToWebhook = async (deps: AppDeps, ctx: MessageContext, url: string, nodeId: string, done: Done): Promise<void> => {
  const json = webhookBody(deps, ctx, nodeId);
  const authToken = await authTokenOf(deps, ctx.traffic.accountSid);
  let failure: string;
  try {
    const answer = await deps.webhooks.post({ url, params: {}, json, authToken, timeoutMs: deps.settings.callbacks.outOfSessionTimeoutMs });
    if (answer.status >= 200 && answer.status <= 299) {
      const reply = replyOf(answer.body);
      done.events.push(event(deps.clock.now(), 'webhook', `POSTed the message to ${url}: HTTP ${answer.status}${reply === null ? ', no reply (the app may answer later)' : ', with a reply'}`, { url, status: String(answer.status) }));
      if (reply !== null) {
        done.verbs.push(messageVerb(ctx, ctx.inbound.from, reply, [], true));
        done.events.push(event(deps.clock.now(), 'reply', `Replied with the webhook's answer: ${JSON.stringify(reply)}`, { to: ctx.inbound.from, body: reply }));
      }
      return;
    }
    failure = `HTTP ${answer.status}`;
  } catch (err) {
    failure = describeFailure(err);
  }
  const job = callbackJob(deps, ctx.traffic.accountSid, { url, params: {}, json });
  await deps.store.enqueueJob(job);
  done.events.push(event(deps.clock.now(), 'webhook', `POST to ${url} failed (${failure}): the message is delivered later, with retries (${job.id})`, { url, reason: failure, job: job.id }));
};

const emailText = (ctx: MessageContext): string => [
  ctx.inbound.body,
  '',
  `From: ${ctx.inbound.from}`,
  `To: ${ctx.inbound.to}`,
  `Received: ${ctx.traffic.dateCreated.toISOString()}`,
  ...(ctx.inbound.mediaUrls.length > 0 ? [`Media: ${ctx.inbound.mediaUrls.join(' ')}`] : []),
  `Call log: ${ctx.traffic.sid}`,
].join('\n');

const email = async (deps: AppDeps, ctx: MessageContext, to: readonly string[], subject: string | null, done: Done): Promise<void> => {
  const mail = { to, subject: subject ?? `Message from ${ctx.inbound.from} to ${ctx.inbound.to}`, text: emailText(ctx), attachments: [] };
  const outcome = await sendMail(deps, mail);
  const who = to.join(', ');
  done.events.push(outcome.kind === 'sent'
    ? event(deps.clock.now(), 'email', `Emailed the message to ${who}`, { to: who, messageId: outcome.messageId })
    : event(deps.clock.now(), 'email', `Email to ${who} failed: ${outcome.reason}`, { to: who, reason: outcome.reason }));
};

const carryOut = async (deps: AppDeps, ctx: MessageContext, nodeId: string, action: MessageAction, done: Done): Promise<void> => {
  const now = deps.clock.now();
  switch (action.kind) {
    case 'reply':
      done.verbs.push(messageVerb(ctx, ctx.inbound.from, action.text, [], true));
      done.events.push(event(now, 'reply', `Replied ${JSON.stringify(action.text)}`, { to: ctx.inbound.from, body: action.text }));
      return;
    case 'forward':
      done.verbs.push(messageVerb(ctx, action.to, forwardedBody(ctx.inbound.from, ctx.inbound.body), ctx.inbound.mediaUrls, false));
      done.events.push(event(now, 'reply', `Forwarded to ${action.to}`, { to: action.to }));
      return;
    case 'webhook':
      return postToWebhook(deps, ctx, action.url, nodeId, done);
    case 'email':
      return email(deps, ctx, action.to, action.subject, done);
  }
};

export const carryOutMessageSteps = async (deps: AppDeps, ctx: MessageContext, taken: readonly TakenMessageStep[]): Promise<Done> => {
  const done: Done = { verbs: [], events: [] };
  for (const step of taken) {
    done.events.push(flowStepEvent(deps.clock.now(), ctx.place, step));
    for (const action of step.actions) await carryOut(deps, ctx, step.node, action, done);
  }
  return done;
};

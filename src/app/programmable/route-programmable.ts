// Traffic to a number that no Proxy session carries, answered by the number's application
// (docs/programmable-numbers.md, "Which application answers"), after quarantine and Proxy pools:
//   3. a message to a number in a Messaging service that sends inbound messages to its own URL
//      (use_inbound_webhook_on_number false, inbound_request_url set);
//   4. the number's masq flow (its pinned revision, or the latest);
//   5. the number's own app: VoiceUrl for calls, SmsUrl for messages.
// Each such call or message gets a traffic record (the call log) before anything is asked, keyed by the
// carrier's id: a retried webhook conflicts there and is answered from what was recorded (a call asks its
// first document again, since the carrier is still waiting for one; a message sends nothing again).
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { MessagingService } from '../../domain/messaging/service.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import { verstatOf } from '../../domain/attestation.ts';
import { twilioCodeOf } from '../../domain/errors.ts';
import type { InboundEvent } from '../../domain/routing.ts';
import { StoreConflict } from '../../ports/store.ts';
import { authTokenOf } from '../callbacks/wire.ts';
import type { AppDeps } from '../deps.ts';
import { flowMessageStep } from '../flows/flow-step.ts';
import { methodOf, type AppTarget } from './app-request.ts';
import { messagingAnswer } from './messaging-document.ts';
import { messagePlan, programPlan } from './program-plan.ts';
import { newTraffic, StepLog, type TrafficStart } from './traffic-log.ts';
import { callParams, messageParams } from './twilio-params.ts';
import { nextVoiceDocument } from './voice-document.ts';

type Application =
  | { readonly kind: 'messaging-service'; readonly service: MessagingService; readonly inbound: AppTarget; readonly fallback: AppTarget | null }
  | { readonly kind: 'flow'; readonly flowSid: string; readonly flowRevision: number | null }
  | { readonly kind: 'app' };

/** The Messaging service whose inbound URL takes this message, if any (precedence 3). */
const messagingServiceApplication = async (deps: AppDeps, number: InventoryNumber): Promise<Application | null> => {
  const serviceSid = await deps.store.messagingServiceOfNumber(number.sid);
  const service = serviceSid ? await deps.store.findMessagingService(number.accountSid, serviceSid) : null;
  if (!service || service.settings.useInboundWebhookOnNumber || !service.settings.inboundRequestUrl) return null;
  const { inboundRequestUrl, inboundMethod, fallbackUrl, fallbackMethod } = service.settings;
  return { kind: 'messaging-service', service, inbound: { url: inboundRequestUrl, method: inboundMethod }, fallback: fallbackUrl ? { url: fallbackUrl, method: fallbackMethod } : null };
};

/** The flow's revision that handles this traffic: the pinned one, or the flow's latest now (null: the flow is gone). */
const flowApplication = async (deps: AppDeps, number: InventoryNumber, flowSid: string): Promise<Application> => {
  if (number.config.flowRevision !== null) return { kind: 'flow', flowSid, flowRevision: number.config.flowRevision };
  const flow = await deps.store.findFlow(number.accountSid, flowSid);
  return { kind: 'flow', flowSid, flowRevision: flow?.latestRevision ?? null };
};

export const applicationOf = async (deps: AppDeps, event: InboundEvent, number: InventoryNumber): Promise<Application | null> => {
  if (event.channel === 'message') {
    const service = await messagingServiceApplication(deps, number);
    if (service) return service;
  }
  const { config } = number;
  if (config.flowSid !== null) return flowApplication(deps, number, config.flowSid);
  const url = event.channel === 'voice' ? config.voiceUrl : config.smsUrl;
  return url ? { kind: 'app' } : null;
};

/** The record written now, or the one a first delivery of the same webhook wrote (`retried`). */
const startTraffic = async (deps: AppDeps, start: TrafficStart): Promise<{ traffic: NumberTraffic; retried: boolean }> => {
  const traffic = newTraffic(deps, start);
  try {
    await deps.store.insertTraffic(traffic, []);
    return { traffic, retried: false };
  } catch (err) {
    if (!(err instanceof StoreConflict && err.kind === 'inbound-resource')) throw err;
    const first = await deps.store.findTrafficByResource(start.event.carrier, start.event.resourceSid);
    if (!first) throw err;
    return { traffic: first, retried: true };
  }
};

const trafficStart = (event: InboundEvent, number: InventoryNumber, application: Application): TrafficStart => ({
  event, number, application: application.kind,
  ...(application.kind === 'flow' && { flowSid: application.flowSid, flowRevision: application.flowRevision }),
});

const answerCall = async (deps: AppDeps, event: InboundEvent, number: InventoryNumber, application: Application): Promise<CallPlan> => {
  const { traffic, retried } = await startTraffic(deps, trafficStart(event, number, application));
  const log = new StepLog(deps, traffic.sid);
  if (retried) log.add('status', 'The carrier delivered this call again: its first document is asked again', { retried: 'true' });
  const verstat = event.attestation ? verstatOf(event.attestation) : null;
  const params = { ...callParams(traffic, number, 'ringing'), ...(verstat !== null && { StirVerstat: verstat }) };
  const document = await nextVoiceDocument(deps, { traffic, number, authToken: await authTokenOf(deps, traffic.accountSid), log, next: null, params });
  await log.flush();
  return programPlan(traffic, document);
};

/** A flow's messages less those to someone who opted out of the sending number (21610, logged), as an app's are. */
const withoutOptedOut = async (deps: AppDeps, log: StepLog, verbs: readonly PlanVerb[]): Promise<PlanVerb[]> => {
  const kept: PlanVerb[] = [];
  for (const verb of verbs) {
    if (verb.verb === 'message' && (await deps.store.isOptedOut(verb.from, verb.to))) {
      const code = String(twilioCodeOf('unsubscribed-recipient'));
      log.add('error', `${verb.to} opted out of messages from ${verb.from}: the flow's message to them is not sent`, { code, to: verb.to, from: verb.from });
    } else kept.push(verb);
  }
  return kept;
};

const messageVerbs = async (deps: AppDeps, event: InboundEvent, number: InventoryNumber, application: Application, traffic: NumberTraffic, log: StepLog): Promise<readonly PlanVerb[]> => {
  if (application.kind === 'flow') {
    try {
      const answer = await flowMessageStep(deps, { traffic, number, event });
      log.addAll(answer.events);
      return await withoutOptedOut(deps, log, answer.verbs);
    } catch (err) {
      // A flow that cannot run (deleted, a revision gone) still leaves the message logged, with why.
      log.add('error', `The flow could not run: ${err instanceof Error ? err.message : String(err)}; nothing is sent`, {});
      return [];
    }
  }
  const authToken = await authTokenOf(deps, traffic.accountSid);
  const { config } = number;
  const service = application.kind === 'messaging-service' ? application : null;
  const primary: AppTarget = service?.inbound ?? { url: config.smsUrl ?? '', method: methodOf(config.smsMethod) };
  const fallback = service ? service.fallback : config.smsFallbackUrl ? { url: config.smsFallbackUrl, method: methodOf(config.smsFallbackMethod) } : null;
  const params = messageParams(traffic, number, event, service?.service.sid ?? null);
  return messagingAnswer(deps, { traffic, number, authToken, log, primary, fallback, params });
};

const answerMessage = async (deps: AppDeps, event: InboundEvent, number: InventoryNumber, application: Application): Promise<CallPlan> => {
  const { traffic, retried } = await startTraffic(deps, trafficStart(event, number, application));
  // The first delivery sent what the app asked for: a retry sends nothing again.
  if (retried) return messagePlan([]);
  const log = new StepLog(deps, traffic.sid);
  try {
    return messagePlan(await messageVerbs(deps, event, number, application, traffic, log));
  } finally {
    await log.flush();
  }
};

/**
 * The plan for traffic to `number` (live, not quarantined, in no Proxy pool) from its application; null when
 * it has none, and the caller keeps its behaviour for a number that routes nowhere.
 */
export const routeProgrammable = async (deps: AppDeps, event: InboundEvent, number: InventoryNumber): Promise<CallPlan | null> => {
  const application = await applicationOf(deps, event, number);
  if (application === null) return null;
  return event.channel === 'voice' ? answerCall(deps, event, number, application) : answerMessage(deps, event, number, application);
};

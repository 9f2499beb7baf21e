// A number's masq flow answering its traffic (the engine, app/programmable/, calls these):
//   flowVoiceStep      the next verbs of a call, from the voice entry or back from a wait (a menu's keys,
//                      a dial's outcome, a voicemail recorded), with a 'flow-step' event per node taken;
//   flowMessageStep    what a message's flow does: replies and forwards as plan verbs, webhook and email
//                      actions carried out here, each logged;
//   voicemailRecorded  a voicemail node's delivery (signed webhook job, email with the audio) once the
//                      engine stored the recording.
// A call keeps the revision it started on (its continuation URLs name it), whatever is saved meanwhile.
import type { PlanVerb } from '../../domain/call-plan.ts';
import { APP_ERROR_TEXT, voiceStep, type FlowPlace } from '../../domain/flows/evaluate.ts';
import { messageStep } from '../../domain/flows/evaluate-message.ts';
import { readPosition } from '../../domain/flows/flow-position.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { FlowNodeRef } from '../../domain/programmable/continuation.ts';
import type { Recording } from '../../domain/programmable/recording.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { InboundEvent } from '../../domain/routing.ts';
import type { VoiceVerb } from '../../domain/twiml/verbs.ts';
import type { AppDeps } from '../deps.ts';
import { event, flowStepEvent } from './flow-events.ts';
import { carryOutMessageSteps } from './flow-message.ts';
import { deliverVoicemail } from './flow-voicemail.ts';
import { loadFlowFor, loadFlowRevision, type LoadedFlow } from './load-flow.ts';

export interface FlowVoiceAnswer {
  readonly verbs: readonly VoiceVerb[];
  readonly events: readonly NewTrafficEvent[];
}

export interface FlowMessageAnswer {
  /** Message verbs: replies to the sender and forwards. */
  readonly verbs: readonly PlanVerb[];
  readonly events: readonly NewTrafficEvent[];
}

export interface FlowVoiceInput {
  readonly traffic: NumberTraffic;
  readonly number: InventoryNumber;
  /** Where the call comes back to; null: the call starts, at the entry of the revision it was routed to. */
  readonly node: FlowNodeRef | null;
  readonly params: Readonly<Record<string, string>>;
}

/** The revision handling the traffic: the one its record (or continuation) names, else the number's. */
const flowOf = (deps: AppDeps, traffic: NumberTraffic, number: InventoryNumber, node: FlowNodeRef | null): Promise<LoadedFlow | null> => {
  if (node !== null) return loadFlowRevision(deps, traffic.accountSid, node.flowSid, node.revision);
  if (traffic.flowSid !== null) return loadFlowRevision(deps, traffic.accountSid, traffic.flowSid, traffic.flowRevision);
  return loadFlowFor(deps, number);
};

const placeOf = (loaded: LoadedFlow): FlowPlace => ({ flowSid: loaded.flow.sid, revision: loaded.revision.revision });

const unavailable = (deps: AppDeps, why: string): FlowVoiceAnswer => ({
  verbs: [{ verb: 'Say', text: APP_ERROR_TEXT }, { verb: 'Hangup' }],
  events: [event(deps.clock.now(), 'error', `${why}: the caller hears "${APP_ERROR_TEXT}" and the call ends`, { reason: why })],
});

/** Nodes the call already took, from its log: bounds a caller looping through menus. */
const stepsSoFar = async (deps: AppDeps, traffic: NumberTraffic): Promise<number> =>
  (await deps.store.listTrafficEvents(traffic.sid)).filter((e) => e.kind === 'flow-step').length;

export const flowVoiceStep = async (deps: AppDeps, input: FlowVoiceInput): Promise<FlowVoiceAnswer> => {
  const { traffic, number, node, params } = input;
  const loaded = await flowOf(deps, traffic, number, node);
  if (loaded === null) return unavailable(deps, `The flow ${node?.flowSid ?? traffic.flowSid ?? number.config.flowSid ?? ''} (or its revision) no longer exists`);
  const position = node === null ? null : readPosition(node.node);
  if (node !== null && position === null) return unavailable(deps, `"${node.node}" is not a place in flow ${node.flowSid}`);
  const place = placeOf(loaded);
  const now = deps.clock.now();
  const facts = { from: traffic.from, at: now, attestation: traffic.attestation, number: traffic.to, stepsSoFar: await stepsSoFar(deps, traffic) };
  const step = voiceStep(loaded.document, place, position, params, facts);
  const events = step.taken.map((t) => flowStepEvent(now, place, t));
  return { verbs: step.verbs, events: step.error === null ? events : [...events, event(now, 'error', step.error, { flow: place.flowSid })] };
};

export const flowMessageStep = async (deps: AppDeps, input: { readonly traffic: NumberTraffic; readonly number: InventoryNumber; readonly event: InboundEvent }): Promise<FlowMessageAnswer> => {
  const { traffic, number } = input;
  const now = deps.clock.now();
  const loaded = await flowOf(deps, traffic, number, null);
  if (loaded === null) return { verbs: [], events: [event(now, 'error', `The flow ${traffic.flowSid ?? number.config.flowSid ?? ''} (or its revision) no longer exists: nothing is done with the message`)] };
  const place = placeOf(loaded);
  const step = messageStep(loaded.document, { from: input.event.from, at: now, attestation: null });
  const done = await carryOutMessageSteps(deps, { traffic, number, inbound: input.event, place }, step.taken);
  const error = step.error === null ? [] : [event(now, 'error', step.error, { flow: place.flowSid })];
  return { verbs: done.verbs, events: [...done.events, ...error] };
};

/**
 * After the engine stored a recording made at a flow node: a voicemail node's delivery. Its events are
 * appended to the call log here (with the webhook job, in one transaction). Nothing for other nodes.
 */
export const voicemailRecorded = async (deps: AppDeps, input: { readonly traffic: NumberTraffic; readonly recording: Recording; readonly node: FlowNodeRef }): Promise<void> => {
  const position = readPosition(input.node.node);
  if (position === null || position.kind !== 'recorded') return;
  const loaded = await loadFlowRevision(deps, input.traffic.accountSid, input.node.flowSid, input.node.revision);
  const voicemail = loaded?.document.nodes.get(position.node);
  if (!loaded || voicemail?.type !== 'voicemail') return;
  await deliverVoicemail(deps, { traffic: input.traffic, recording: input.recording, place: placeOf(loaded), nodeId: position.node, voicemail });
};

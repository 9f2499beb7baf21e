// The call plans a programmable number's traffic gets: one `program` verb carrying a call's next document,
// or the messages an app or flow asked for (none at all is a valid answer).
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { VoiceDocument } from './voice-document.ts';

export const programPlan = (traffic: Pick<NumberTraffic, 'sid'>, document: VoiceDocument): CallPlan => ({
  channel: 'voice',
  interactionSid: null,
  verbs: [{ verb: 'program', trafficSid: traffic.sid, verbs: document.verbs, passThrough: document.passThrough }],
  refusal: null,
});

export const messagePlan = (verbs: readonly PlanVerb[]): CallPlan => ({ channel: 'message', interactionSid: null, verbs, refusal: null });

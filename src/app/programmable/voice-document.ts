// The next document of a programmable call: the number's app asked (its VoiceUrl first, then each action
// or Redirect URL), with its fallback, or the number's masq flow stepped. Whatever answers, the caller
// always gets something: when the app and its fallback both fail, masq says that an application error
// occurred and hangs up, as Twilio does (never a dead call). Every continuation in the answer becomes a
// signed step reference (step-token.ts), in the verbs and in the app's own XML alike (rewrite-urls.ts).
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import { flowNodeOf, flowNodeUrl, stepReference, type Continuation, type FlowNodeRef } from '../../domain/programmable/continuation.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import { readVoiceTwiml } from '../../domain/twiml/read-twiml.ts';
import { referenceVerbContinuations, rewriteContinuations, type ContinuationReference } from '../../domain/twiml/rewrite-urls.ts';
import type { VoiceVerb } from '../../domain/twiml/verbs.ts';
import type { AppDeps } from '../deps.ts';
import { flowVoiceStep } from '../flows/flow-step.ts';
import { fetchWithFallback, methodOf, type AppTarget } from './app-request.ts';
import { signStep } from './step-token.ts';
import type { StepLog } from './traffic-log.ts';
import { describeVerb } from './verb-summary.ts';

/** What the caller hears when neither the app nor its fallback gave a usable document. */
export const APPLICATION_ERROR_TEXT = 'An application error has occurred. Goodbye.';

export interface VoiceDocument {
  readonly verbs: readonly VoiceVerb[];
  /** The app's own TwiML with its continuations referenced; null for flows and masq's own answers. */
  readonly passThrough: string | null;
}

export interface VoiceStepInput {
  readonly traffic: NumberTraffic;
  /** The number's record; null only when it is gone (then no app or flow can be asked). */
  readonly number: InventoryNumber | null;
  readonly authToken: string;
  readonly log: StepLog;
  /** The continuation to follow; null for the call's first document (VoiceUrl, or the flow's entry). */
  readonly next: Continuation | null;
  /** Twilio's parameters for this request (the call's, plus what the step reports: Digits...). */
  readonly params: Readonly<Record<string, string>>;
}

export const applicationError = (log: StepLog, why: string): VoiceDocument => {
  log.add('error', `${why}: the caller hears "${APPLICATION_ERROR_TEXT}" and the call ends`, { reason: why });
  return { verbs: [{ verb: 'Say', text: APPLICATION_ERROR_TEXT }, { verb: 'Hangup' }], passThrough: null };
};

const referencesFor = (input: VoiceStepInput): ContinuationReference => (site) =>
  stepReference(signStep(input.authToken, { ...site, trafficSid: input.traffic.sid }));

const logVerbs = (log: StepLog, verbs: readonly VoiceVerb[]): void => {
  for (const verb of verbs) log.add('verb', describeVerb(verb), { verb: verb.verb });
};

const appDocument = async (deps: AppDeps, input: VoiceStepInput, number: InventoryNumber): Promise<VoiceDocument> => {
  const { config } = number;
  const primary: AppTarget | null = input.next ?? (config.voiceUrl ? { url: config.voiceUrl, method: methodOf(config.voiceMethod) } : null);
  if (primary === null) return applicationError(input.log, `${number.phoneNumber} has no VoiceUrl`);
  const fallback: AppTarget | null = config.voiceFallbackUrl ? { url: config.voiceFallbackUrl, method: methodOf(config.voiceFallbackMethod) } : null;
  const outcome = await fetchWithFallback(deps, input.log, primary, fallback, {
    authToken: input.authToken, params: input.params, emptyIsNothing: false, read: (xml, baseUrl) => readVoiceTwiml(xml, { baseUrl }),
  });
  if (outcome.kind !== 'ok') return applicationError(input.log, fallback ? 'The app and its fallback URL both failed' : 'The app failed and the number has no VoiceFallbackUrl');
  const reference = referencesFor(input);
  logVerbs(input.log, outcome.verbs);
  return {
    verbs: referenceVerbContinuations(outcome.verbs, outcome.target.url, reference),
    passThrough: rewriteContinuations(outcome.xml, outcome.target.url, reference),
  };
};

const flowDocument = async (deps: AppDeps, input: VoiceStepInput, number: InventoryNumber, node: FlowNodeRef | null): Promise<VoiceDocument> => {
  let answer: Awaited<ReturnType<typeof flowVoiceStep>>;
  try {
    answer = await flowVoiceStep(deps, { traffic: input.traffic, number, node, params: input.params });
  } catch (err) {
    // A flow that cannot run (deleted, a revision gone) must still leave the caller with an answer.
    return applicationError(input.log, `The flow could not run: ${err instanceof Error ? err.message : String(err)}`);
  }
  input.log.addAll(answer.events);
  logVerbs(input.log, answer.verbs);
  return { verbs: referenceVerbContinuations(answer.verbs, node ? flowNodeUrl(node) : null, referencesFor(input)), passThrough: null };
};

/** The call's next document, from its app or its flow; never fails: the last resort is the application-error answer. */
export const nextVoiceDocument = async (deps: AppDeps, input: VoiceStepInput): Promise<VoiceDocument> => {
  const { number, next, traffic } = input;
  if (number === null) return applicationError(input.log, `The number ${traffic.phoneNumber} is no longer in the inventory`);
  const node = next ? flowNodeOf(next.url) : null;
  if (node !== null || (next === null && traffic.application === 'flow')) return flowDocument(deps, input, number, node);
  return appDocument(deps, input, number);
};

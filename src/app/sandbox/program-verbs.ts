// The pure rules of the sandbox's TwiML interpreter: what a caller hears of a verb, how a Gather reads
// the keys pressed, what a Dial's outcome is when every leg ended, and where a continuation points.
// Twilio's documented behaviour is the reference (docs/sandbox.md, "Programmable numbers").
import type { CallPlan } from '../../domain/call-plan.ts';
import { STEP_SCHEME } from '../../domain/programmable/continuation.ts';
import type { GatherPrompt, GatherVerb, VoiceVerb } from '../../domain/twiml/verbs.ts';
import type { SandboxCallStatus } from '../../ports/sandbox.ts';

/** A looping verb is written out at most this many times in the heard log (`loop="1000"` stays small). */
export const MAX_REPEATS = 10;

/** Twilio's defaults: Pause 1 second, Gather's finishOnKey '#', Dial's timeout 30 seconds, Record's maxLength 3600. */
export const DEFAULT_PAUSE_SECONDS = 1;
export const DEFAULT_FINISH_ON_KEY = '#';
export const DEFAULT_DIAL_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_RECORDING_SECONDS = 3600;

const repeated = (text: string, loop: number | undefined): string[] => {
  const times = loop === undefined || loop === 0 ? 1 : Math.min(loop, MAX_REPEATS);
  return Array.from({ length: times }, () => text);
};

/**
 * What the caller hears of a Say, Play or Pause, one log line per repetition. `loop="0"` (until the call
 * ends) is written once: the caller then only hears it again, which `loopsForever` tells.
 */
export const heardOf = (verb: GatherPrompt): string[] => {
  if (verb.verb === 'Say') return repeated(verb.text, verb.loop);
  if (verb.verb === 'Pause') return [`[pause ${verb.length ?? DEFAULT_PAUSE_SECONDS}s]`];
  const what = verb.url !== undefined ? `[audio: ${verb.url}]` : `[digits: ${verb.digits ?? ''}]`;
  return repeated(what, verb.loop);
};

export const loopsForever = (verb: GatherPrompt): boolean => verb.verb !== 'Pause' && verb.loop === 0;

/**
 * The digits a Gather submits from the keys pressed, as Twilio reads them: up to the finishOnKey (not
 * included) or numDigits, whichever comes first; keys after that are not read. Keys that end without
 * either are submitted when the timeout elapses after the last one. '' means no input: Twilio then does
 * not request the action but goes on with the next verb (also when only the finishOnKey was pressed).
 */
export const gatheredDigits = (gather: GatherVerb, pressed: string): { readonly digits: string; readonly finishedOnKey: string } => {
  const finishOnKey = gather.finishOnKey ?? DEFAULT_FINISH_ON_KEY;
  let digits = '';
  for (const key of pressed) {
    if (finishOnKey !== '' && finishOnKey.includes(key)) return { digits, finishedOnKey: key };
    digits += key;
    if (gather.numDigits !== undefined && digits.length >= gather.numDigits) break;
  }
  return { digits, finishedOnKey: '' };
};

/** The step token of a continuation (`masq-step:{token}`), or null when the verb has none (or not one masq made). */
export const stepTokenOf = (url: string | undefined): string | null => {
  if (url === undefined || !url.startsWith(STEP_SCHEME)) return null;
  const token = url.slice(STEP_SCHEME.length);
  return /^[A-Za-z0-9_.-]+$/.test(token) ? token : null;
};

export type DialCallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/**
 * A Dial nobody answered, from how its legs ended: no-answer when any rang out (the timeout elapsed),
 * else busy when any was busy, else failed (every target unreachable).
 */
export const unansweredDialStatus = (ended: readonly SandboxCallStatus[]): DialCallStatus => {
  if (ended.includes('no-answer')) return 'no-answer';
  if (ended.includes('busy')) return 'busy';
  return 'failed';
};

/** Seconds between two instants, rounded up as carriers bill. */
export const secondsBetween = (from: Date, to: Date): number => Math.max(0, Math.ceil((to.getTime() - from.getTime()) / 1000));

/**
 * The voice verbs a plan gives a programmable call: the `program` verb's document, and the plain verbs
 * (say, play, hangup, reject) masq may answer with instead (a traffic record that cannot go on).
 */
export const programVerbsOf = (plan: CallPlan): { readonly trafficSid: string | null; readonly verbs: readonly VoiceVerb[] } => {
  let trafficSid: string | null = null;
  const verbs: VoiceVerb[] = [];
  for (const verb of plan.verbs) {
    if (verb.verb === 'program') {
      trafficSid = verb.trafficSid;
      verbs.push(...verb.verbs);
    } else if (verb.verb === 'say') verbs.push({ verb: 'Say', text: verb.text });
    else if (verb.verb === 'play') verbs.push({ verb: 'Play', url: verb.url });
    else if (verb.verb === 'hangup') verbs.push({ verb: 'Hangup' });
    else if (verb.verb === 'reject') verbs.push({ verb: 'Reject' });
  }
  return { trafficSid, verbs };
};

/** Whether a plan is a programmable call's: the sandbox then carries it out verb by verb. */
export const isProgramPlan = (plan: CallPlan): boolean => plan.verbs.some((verb) => verb.verb === 'program');

/** Rough speaking time of a voicemail's text (about 15 characters a second), at least 1 second. */
export const spokenSeconds = (text: string): number => Math.max(1, Math.ceil(text.length / 15));

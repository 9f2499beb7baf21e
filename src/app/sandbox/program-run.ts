// The sandbox's interpreter of a programmable call's verbs (the `program` plan verb): it carries the
// document out verb by verb, as Twilio would, until the call waits for someone (the caller's digits or
// voicemail, a dialed phone) or ends; each finished Gather, Record, Dial or Redirect is handed back to
// masq as a step (continueProgram), whose answer is the next document. What the caller hears goes to the
// call's heard log. A phone's standing behaviour (its preset digits and voicemail) answers a wait at once,
// so flows run unattended.
import type { CallPlan } from '../../domain/call-plan.ts';
import type { VoiceVerb } from '../../domain/twiml/verbs.ts';
import { AppError } from '../../domain/errors.ts';
import type { ProgramWait } from '../../ports/sandbox.ts';
import {
  callOf, endCall, ENDED, hear, note, NEXT_VERB, notifyEnded, programOf, setProgram, WAIT, type Next, type ProgramCall,
} from './program-call.ts';
import { placeDial } from './program-dial.ts';
import { DEFAULT_MAX_RECORDING_SECONDS, gatheredDigits, heardOf, loopsForever, programVerbsOf, spokenSeconds, stepTokenOf } from './program-verbs.ts';

/**
 * Documents one turn may fetch without anyone acting (a Redirect loop, an app that answers a Gather with
 * the same Gather the caller's preset digits satisfy forever): beyond it the call is ended, with a note.
 */
export const MAX_DOCUMENTS_PER_TURN = 25;

const IN_PROGRESS = { CallStatus: 'in-progress' } as const;

/** The next document replaces what was left of the current one, as on Twilio. */
const loadDocument = (call: ProgramCall, plan: CallPlan): Next => {
  const program = programOf(call);
  if (!program) return ENDED;
  const { trafficSid, verbs } = programVerbsOf(plan);
  setProgram(call, { trafficSid: trafficSid ?? program.trafficSid, wait: null, rest: verbs });
  return NEXT_VERB;
};

const fetchDocument = async (call: ProgramCall, step: Extract<Next, { kind: 'fetch' }>): Promise<Next> => {
  try {
    return loadDocument(call, await call.env.continueStep({ token: step.token, resourceSid: call.callSid, params: step.params }));
  } catch (err) {
    // What a carrier does when masq's step URL fails: the call cannot go on.
    note(call, `The next step failed: ${err instanceof Error ? err.message : String(err)}`);
    await endCall(call, 'completed');
    return ENDED;
  }
};

/** The call waits on `wait`; `keepRest` false when nothing after it can be reached (a verb looping forever). */
const waitFor = (call: ProgramCall, wait: ProgramWait, keepRest = true): Next => {
  const program = programOf(call);
  if (program) setProgram(call, { ...program, wait, rest: keepRest ? program.rest : [] });
  return WAIT;
};

const carryOut = async (call: ProgramCall, verb: VoiceVerb): Promise<Next> => {
  switch (verb.verb) {
    case 'Say':
    case 'Play':
    case 'Pause':
      hear(call, heardOf(verb));
      // Looping until the call ends: nothing after it is reached; only a hang-up ends the call.
      return loopsForever(verb) ? waitFor(call, { kind: 'listening' }, false) : NEXT_VERB;
    case 'Gather':
      hear(call, verb.prompts.flatMap(heardOf));
      return waitFor(call, { kind: 'gather', gather: verb });
    case 'Record':
      if (verb.playBeep !== false) hear(call, ['[beep]']);
      return waitFor(call, { kind: 'record', record: verb });
    case 'Dial':
      return placeDial(call, verb);
    case 'Hangup':
      await endCall(call, 'completed');
      return ENDED;
    case 'Reject':
      // Refused before masq answered: busy or failed as Twilio reports a <Reject>; once answered, a hang-up.
      await endCall(call, callOf(call)?.answeredAt ? 'completed' : verb.reason === 'busy' ? 'busy' : 'failed');
      return ENDED;
    case 'Redirect': {
      const token = stepTokenOf(verb.url);
      if (token !== null) return { kind: 'fetch', token, params: IN_PROGRESS };
      note(call, `<Redirect> to ${verb.url} is not a masq step: skipped`);
      return NEXT_VERB;
    }
  }
};

/** The next verb of the document; with none left the call is over (Twilio hangs up after the last verb). */
const carryOutNext = async (call: ProgramCall): Promise<Next> => {
  const program = programOf(call);
  const leg = callOf(call);
  if (!program || !leg || leg.endedAt) return ENDED;
  const [verb, ...rest] = program.rest;
  if (!verb) {
    await endCall(call, 'completed');
    return ENDED;
  }
  setProgram(call, { ...program, rest });
  return carryOut(call, verb);
};

/** The caller presses keys during a Gather: its action gets the digits, or with none the next verb follows. */
export const digitsEntered = (call: ProgramCall, pressed: string): Next => {
  const program = programOf(call);
  if (program?.wait?.kind !== 'gather') throw notWaiting(call, 'digits (a <Gather>)');
  const { gather } = program.wait;
  setProgram(call, { ...program, wait: null });
  const { digits, finishedOnKey } = gatheredDigits(gather, pressed);
  if (digits === '') return NEXT_VERB;
  const token = stepTokenOf(gather.action);
  if (token !== null) return { kind: 'fetch', token, params: { Digits: digits, FinishedOnKey: finishedOnKey, ...IN_PROGRESS } };
  note(call, `<Gather> has no masq step to send the digits ${digits} to: going on with the next verb`);
  return NEXT_VERB;
};

/** The caller stays silent: a Gather times out, a Record gets no audio; both go on with the next verb. */
export const silence = (call: ProgramCall): Next => {
  const program = programOf(call);
  const kind = program?.wait?.kind;
  if (!program || (kind !== 'gather' && kind !== 'record')) throw notWaiting(call, 'the caller (a <Gather> or <Record>)');
  setProgram(call, { ...program, wait: null });
  return NEXT_VERB;
};

export interface Voicemail {
  readonly text: string;
  /** How long the caller speaks; from the text's length when not given. */
  readonly seconds: number | null;
  /** The caller hangs up when done (Twilio then sends Digits=hangup and ignores the action's answer). */
  readonly hangUp: boolean;
}

/**
 * The caller leaves a message during a Record: the action gets it (what was said as MasqRecordingText,
 * RecordingDuration within maxLength), masq stores it as a recording. Saying nothing is an empty
 * recording: Twilio does not request the action then, and goes on with the next verb.
 */
export const voicemailLeft = async (call: ProgramCall, voicemail: Voicemail): Promise<Next> => {
  const program = programOf(call);
  if (program?.wait?.kind !== 'record') throw notWaiting(call, 'a voicemail (a <Record>)');
  const { record } = program.wait;
  if (voicemail.text.trim() === '') return silence(call);
  setProgram(call, { ...program, wait: null });
  const maxLength = record.maxLength || DEFAULT_MAX_RECORDING_SECONDS;
  const seconds = Math.min(voicemail.seconds ?? spokenSeconds(voicemail.text), maxLength);
  const token = stepTokenOf(record.action);
  const params = { MasqRecordingText: voicemail.text, RecordingDuration: String(seconds) };
  if (voicemail.hangUp) {
    await notifyEnded(call, token, { ...params, Digits: 'hangup', CallStatus: 'completed' });
    await endCall(call, 'completed');
    return ENDED;
  }
  if (token !== null) return { kind: 'fetch', token, params: { ...params, ...IN_PROGRESS } };
  note(call, '<Record> has no masq step to send the recording to: going on with the next verb');
  return NEXT_VERB;
};

/** What the caller's phone does by itself when the call waits on it: its preset digits, its standing voicemail. */
const standingInput = async (call: ProgramCall): Promise<Next> => {
  const wait = programOf(call)?.wait;
  const caller = callOf(call);
  if (!wait || !caller) return WAIT;
  const behaviour = call.env.phones.behaviourOf(call.accountSid, caller.from);
  if (wait.kind === 'gather' && behaviour.digits.length > 0) {
    const [pressed = '', ...later] = behaviour.digits;
    call.env.phones.setBehaviour(call.accountSid, caller.from, { ...behaviour, digits: later });
    return pressed === '' ? silence(call) : digitsEntered(call, pressed);
  }
  if (wait.kind === 'record' && behaviour.voicemail !== null) return voicemailLeft(call, { text: behaviour.voicemail, seconds: null, hangUp: false });
  return WAIT;
};

/** Carries the call on from `first` until it waits for someone or ends. */
export const proceed = async (call: ProgramCall, first: Next): Promise<void> => {
  let next = first;
  let documents = 0;
  while (next.kind !== 'ended') {
    if (next.kind === 'wait') {
      next = await standingInput(call);
      if (next.kind === 'wait') return;
    } else if (next.kind === 'fetch') {
      documents += 1;
      if (documents > MAX_DOCUMENTS_PER_TURN) {
        note(call, `Ended after ${MAX_DOCUMENTS_PER_TURN} documents in a row without the caller's input (a <Redirect> loop?)`);
        await endCall(call, 'completed');
        return;
      }
      next = await fetchDocument(call, next);
    } else {
      next = await carryOutNext(call);
    }
  }
};

const notWaiting = (call: ProgramCall, what: string): AppError =>
  new AppError('parameter-invalid', `Call ${call.callSid} is not waiting for ${what}`);

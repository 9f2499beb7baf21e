// Programmable numbers (issue 14) on the sandbox: a call whose plan holds a `program` verb is carried out
// here, verb by verb (app/sandbox/program-run.ts), instead of being bridged. Everything a caller and the
// phones they reach can do enters through these functions: the caller's digits, silence, voicemail and
// hang-up; a dialed phone answering, declining, not answering or hanging up. Each step that finishes is
// handed to masq as a carrier would hand it (continueProgram), and every status change of the caller's
// leg is reported (recordResourceStatus). One call's events run one at a time, in arrival order.
import { AppError } from '../domain/errors.ts';
import type { CallPlan } from '../domain/call-plan.ts';
import type { SandboxCall, SandboxPhones } from '../ports/sandbox.ts';
import { answer, callOf, endCall, programOf, setProgram, NEXT_VERB, type Next, type ProgramCall, type ProgramEnv } from './sandbox/program-call.ts';
import { bridgedLegHungUp, callerLeftDial, dialWaitOf, legAnswered, legUnanswered } from './sandbox/program-dial.ts';
import { digitsEntered, proceed, silence, voicemailLeft, type Voicemail } from './sandbox/program-run.ts';
import { programVerbsOf } from './sandbox/program-verbs.ts';

export type { ProgramEnv } from './sandbox/program-call.ts';
export { isProgramPlan } from './sandbox/program-verbs.ts';

// The tail of each call's event chain, per network: an event waits for the one before it to finish
// (a step may await the customer's app), so two requests never interleave on one call.
const chains = new WeakMap<SandboxPhones, Map<string, Promise<unknown>>>();

const serially = async <T>(env: ProgramEnv, accountSid: string, callSid: string, work: () => Promise<T>): Promise<T> => {
  let running = chains.get(env.phones);
  if (!running) chains.set(env.phones, (running = new Map()));
  const key = `${accountSid}:${callSid}`;
  const before = running.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  running.set(key, mine);
  try {
    return await mine;
  } finally {
    if (running.get(key) === mine) running.delete(key);
  }
};

const programCall = (env: ProgramEnv, accountSid: string, callSid: string): ProgramCall => ({ env, accountSid, callSid });

/** A call leg's programmable call: its own (the caller's leg), or the one whose Dial placed it; null for the others. */
export const programCallOf = (env: ProgramEnv, accountSid: string, leg: SandboxCall): { readonly call: ProgramCall; readonly dialed: boolean } | null => {
  if (env.phones.programOf(accountSid, leg.sid)) return { call: programCall(env, accountSid, leg.sid), dialed: false };
  if (!leg.bridgedWith) return null;
  const caller = programCall(env, accountSid, leg.bridgedWith);
  return dialWaitOf(caller, leg.sid) ? { call: caller, dialed: true } : null;
};

/** The caller's leg as it is now (after the turn). */
const legNow = (call: ProgramCall, fallback: SandboxCall): SandboxCall => callOf(call) ?? fallback;

/**
 * Starts carrying out a programmable call's first document on the caller's ringing leg: masq answers it
 * (unless the document starts with <Reject>) and goes on until the call waits for someone or ends.
 */
export const startProgram = async (env: ProgramEnv, accountSid: string, caller: SandboxCall, plan: CallPlan): Promise<SandboxCall> => {
  const call = programCall(env, accountSid, caller.sid);
  return serially(env, accountSid, caller.sid, async () => {
    const { trafficSid, verbs } = programVerbsOf(plan);
    setProgram(call, { trafficSid: trafficSid ?? '', wait: null, rest: verbs });
    if (verbs[0]?.verb !== 'Reject') await answer(call);
    await proceed(call, NEXT_VERB);
    return legNow(call, caller);
  });
};

/** Runs one caller event on a programmable call (its leg must be one). */
const callerEvent = async (env: ProgramEnv, accountSid: string, caller: SandboxCall, event: (call: ProgramCall) => Next | Promise<Next>): Promise<SandboxCall> => {
  const call = programCall(env, accountSid, caller.sid);
  return serially(env, accountSid, caller.sid, async () => {
    if (!programOf(call)) throw new AppError('parameter-invalid', `Call ${caller.sid} is not a programmable call waiting for its caller`);
    await proceed(call, await event(call));
    return legNow(call, caller);
  });
};

export const pressDigits = (env: ProgramEnv, accountSid: string, caller: SandboxCall, digits: string): Promise<SandboxCall> =>
  callerEvent(env, accountSid, caller, (call) => digitsEntered(call, digits));

export const keepSilent = (env: ProgramEnv, accountSid: string, caller: SandboxCall): Promise<SandboxCall> =>
  callerEvent(env, accountSid, caller, silence);

export const leaveVoicemail = (env: ProgramEnv, accountSid: string, caller: SandboxCall, voicemail: Voicemail): Promise<SandboxCall> =>
  callerEvent(env, accountSid, caller, (call) => voicemailLeft(call, voicemail));

/** What a dialed phone does: picks up, is busy, does not answer (its Dial's timeout elapses), or hangs up. */
export type DialedPhoneEvent = 'answer' | 'busy' | 'no-answer' | 'hangup';

/**
 * A phone a programmable call's Dial rang acts. Hanging up while it rings declines the call (busy, as a
 * callee's "decline" reads); hanging up after answering ends the dialed call and the caller goes on.
 */
export const dialedPhoneActs = async (env: ProgramEnv, accountSid: string, leg: SandboxCall, call: ProgramCall, event: DialedPhoneEvent): Promise<SandboxCall> =>
  serially(env, accountSid, call.callSid, async () => {
    const current = env.phones.findCall(accountSid, leg.sid) ?? leg;
    if (current.endedAt) return current;
    const answered = current.answeredAt !== null;
    if (answered && event !== 'hangup') throw new AppError('parameter-invalid', `Call ${leg.sid} was already answered`);
    const next = event === 'answer' ? legAnswered(call, leg.sid)
      : event === 'hangup' && answered ? bridgedLegHungUp(call, leg.sid)
      : legUnanswered(call, leg.sid, event === 'no-answer' ? 'no-answer' : 'busy');
    await proceed(call, next);
    return env.phones.findCall(accountSid, leg.sid) ?? current;
  });

/** The caller hangs up: a Dial in progress ends with it (its action still hears of it), and the call is over. */
export const callerHangsUp = async (env: ProgramEnv, accountSid: string, caller: SandboxCall): Promise<SandboxCall> => {
  const call = programCall(env, accountSid, caller.sid);
  return serially(env, accountSid, caller.sid, async () => {
    const leg = callOf(call);
    if (!leg || leg.endedAt) return leg ?? caller;
    await callerLeftDial(call);
    await endCall(call, leg.answeredAt ? 'completed' : 'canceled');
    return legNow(call, caller);
  });
};

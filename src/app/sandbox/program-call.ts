// One programmable sandbox call as the interpreter sees it: the caller's leg in the virtual network, its
// interpreter state, and the few things that happen to it (heard, noted, answered, ended), each reported
// where a carrier would report it. The verbs themselves are carried out in program-run.ts.
import type { CallPlan } from '../../domain/call-plan.ts';
import type { Clock } from '../../ports/clock.ts';
import type { CallLogEntry, SandboxCall, SandboxCallStatus, SandboxPhones, SandboxProgram } from '../../ports/sandbox.ts';
import { secondsBetween } from './program-verbs.ts';

/** A step the interpreter hands back to masq, exactly as a carrier's step callback would (continueProgram). */
export interface ProgramStepInput {
  readonly token: string;
  /** The caller's call leg (the traffic record's resource). */
  readonly resourceSid: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface CallStatusReport {
  readonly callSid: string;
  readonly status: SandboxCallStatus;
  readonly durationSeconds: number | null;
}

/** What the interpreter needs from masq: the network, time, call ids, the next document, and status reports. */
export interface ProgramEnv {
  readonly phones: SandboxPhones;
  readonly clock: Clock;
  readonly newCallSid: () => string;
  readonly continueStep: (step: ProgramStepInput) => Promise<CallPlan>;
  readonly reportStatus: (report: CallStatusReport) => Promise<void>;
}

export interface ProgramCall {
  readonly env: ProgramEnv;
  readonly accountSid: string;
  /** The caller's leg: the call the program runs on. */
  readonly callSid: string;
}

/** A call's logs keep their newest lines: a looping app must not grow one call without limit. */
export const MAX_LOG_LINES = 200;

const appended = (log: readonly CallLogEntry[], lines: readonly string[], at: Date): CallLogEntry[] =>
  [...log, ...lines.map((text) => ({ text, at }))].slice(-MAX_LOG_LINES);

export const callOf = (call: ProgramCall): SandboxCall | null => call.env.phones.findCall(call.accountSid, call.callSid);

export const programOf = (call: ProgramCall): SandboxProgram | null => call.env.phones.programOf(call.accountSid, call.callSid);

export const setProgram = (call: ProgramCall, program: SandboxProgram | null): void => {
  call.env.phones.setProgram(call.accountSid, call.callSid, program);
};

/** The caller hears these lines, in order. */
export const hear = (call: ProgramCall, lines: readonly string[]): void => {
  const leg = callOf(call);
  if (!leg || lines.length === 0) return;
  call.env.phones.updateCall(call.accountSid, call.callSid, { heardLog: appended(leg.heardLog, lines, call.env.clock.now()) });
};

/** Something the sandbox did that the caller does not hear (a target it cannot reach, a step it could not take). */
export const note = (call: ProgramCall, text: string): void => {
  const leg = callOf(call);
  if (!leg) return;
  call.env.phones.updateCall(call.accountSid, call.callSid, { notes: appended(leg.notes, [text], call.env.clock.now()) });
};

/** masq picks up the call to carry out its document (every verb but a first <Reject> answers it, as on Twilio). */
export const answer = async (call: ProgramCall): Promise<void> => {
  const leg = callOf(call);
  if (!leg || leg.answeredAt || leg.endedAt) return;
  call.env.phones.updateCall(call.accountSid, call.callSid, { status: 'in-progress', answeredAt: call.env.clock.now() });
  await call.env.reportStatus({ callSid: call.callSid, status: 'in-progress', durationSeconds: null });
};

/** A leg other than the caller's ends (a dialed phone); an answered one gets its duration. */
export const endLeg = (call: ProgramCall, legSid: string, status: SandboxCallStatus): SandboxCall | null => {
  const leg = call.env.phones.findCall(call.accountSid, legSid);
  if (!leg || leg.endedAt) return leg;
  const now = call.env.clock.now();
  const durationSeconds = leg.answeredAt ? secondsBetween(leg.answeredAt, now) : 0;
  return call.env.phones.updateCall(call.accountSid, legSid, { status, endedAt: now, durationSeconds });
};

/**
 * The call is over: the caller's leg ends with `status` (its duration counted from masq's answer), any
 * leg still ringing for it is canceled and a bridged one completes, the interpreter state is dropped,
 * and the status is reported (the traffic record and the number's StatusCallback hear of it).
 */
export const endCall = async (call: ProgramCall, status: SandboxCallStatus): Promise<void> => {
  const leg = callOf(call);
  const others = leg ? liveLegsOf(call, leg) : [];
  setProgram(call, null);
  if (!leg || leg.endedAt) return;
  const now = call.env.clock.now();
  for (const other of others) endLeg(call, other.sid, other.answeredAt ? 'completed' : 'canceled');
  const durationSeconds = leg.answeredAt ? secondsBetween(leg.answeredAt, now) : 0;
  call.env.phones.updateCall(call.accountSid, call.callSid, { status, endedAt: now, durationSeconds });
  await call.env.reportStatus({ callSid: call.callSid, status, durationSeconds });
};

/** The legs masq placed for the caller that are still up (a Dial's ringing or bridged legs). */
const liveLegsOf = (call: ProgramCall, leg: SandboxCall): SandboxCall[] => {
  const others = leg.bridgedWith ? [leg.bridgedWith] : [];
  const program = call.env.phones.programOf(call.accountSid, call.callSid);
  if (program?.wait?.kind === 'dial') others.push(...program.wait.legs);
  return [...new Set(others)]
    .map((sid) => call.env.phones.findCall(call.accountSid, sid))
    .filter((other): other is SandboxCall => other !== null && other.endedAt === null);
};

/**
 * What happens next on the call: its next verb, a wait for someone (the caller's input, a dialed phone),
 * nothing (it ended), or the next document, asked of masq with a step token and Twilio's parameters.
 */
export type Next =
  | { readonly kind: 'verb' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'fetch'; readonly token: string; readonly params: Readonly<Record<string, string>> };

export const NEXT_VERB: Next = { kind: 'verb' };
export const WAIT: Next = { kind: 'wait' };
export const ENDED: Next = { kind: 'ended' };

/**
 * Tells masq a step finished on a call that already ended (a Dial or Record the caller hung up on): on
 * Twilio the action URL is still requested, and whatever it answers is not carried out.
 */
export const notifyEnded = async (call: ProgramCall, token: string | null, params: Readonly<Record<string, string>>): Promise<void> => {
  if (token === null) return;
  try {
    await call.env.continueStep({ token, resourceSid: call.callSid, params });
  } catch (err) {
    note(call, `The step after the hang-up failed: ${err instanceof Error ? err.message : String(err)}`);
  }
};

// A programmable call's <Dial> on the sandbox: masq places one leg per <Number> at once (the first to
// answer wins, the others are canceled), the dialed virtual phones ring until they (or the API) answer,
// decline or let it ring out, and when the dialed call is over the caller goes on with the Dial's action
// (DialCallStatus, DialCallDuration, DialCallSid) or, without one, with the next verb. The sandbox has no
// SIP network: a <Sip> target fails at once, and the reason is noted on the caller's call.
import type { DialVerb } from '../../domain/twiml/verbs.ts';
import type { ProgramWait, SandboxCallStatus } from '../../ports/sandbox.ts';
import { callOf, endLeg, note, NEXT_VERB, notifyEnded, programOf, setProgram, WAIT, type Next, type ProgramCall } from './program-call.ts';
import { stepTokenOf, unansweredDialStatus, type DialCallStatus } from './program-verbs.ts';

type DialWait = Extract<ProgramWait, { kind: 'dial' }>;

/** The Dial the call waits on, with `legSid` among its legs when given; null otherwise. */
export const dialWaitOf = (call: ProgramCall, legSid?: string): DialWait | null => {
  const wait = programOf(call)?.wait;
  if (wait?.kind !== 'dial') return null;
  return legSid === undefined || wait.legs.includes(legSid) ? wait : null;
};

const setDialWait = (call: ProgramCall, wait: DialWait | null): void => {
  const program = programOf(call);
  if (program) setProgram(call, { ...program, wait });
};

interface DialOutcome {
  readonly status: DialCallStatus;
  /** The leg that answered, the phone it rang and how long it talked, when one did. */
  readonly answered: { readonly sid: string; readonly to: string; readonly seconds: number } | null;
}

/**
 * A recorded Dial (`record` other than do-not-record, a flow's `forward` with `record: true`) that was
 * answered: the sandbox has no audio of the talk, so, as for a voicemail, masq makes the recording from a
 * text (MasqRecordingText) of the bridged call's length; continue-program.ts keeps it as a Dial recording.
 */
const recordingParams = (dial: DialVerb, outcome: DialOutcome): Record<string, string> => {
  if (dial.record === undefined || dial.record === 'do-not-record' || outcome.answered === null) return {};
  const { to, seconds } = outcome.answered;
  return { MasqRecordingText: `[the sandbox call with ${to}, ${seconds} s]`, RecordingDuration: String(seconds) };
};

const dialParams = (dial: DialVerb, outcome: DialOutcome, callStatus: 'in-progress' | 'completed'): Record<string, string> => ({
  DialCallStatus: outcome.status,
  DialBridged: outcome.answered ? 'true' : 'false',
  CallStatus: callStatus,
  ...(outcome.answered && { DialCallSid: outcome.answered.sid, DialCallDuration: String(outcome.answered.seconds) }),
  ...recordingParams(dial, outcome),
});

/** The dialed call is over and the caller is still there: the Dial's action, or the next verb without one. */
const dialFinished = (call: ProgramCall, dial: DialVerb, outcome: DialOutcome): Next => {
  setDialWait(call, null);
  call.env.phones.updateCall(call.accountSid, call.callSid, { bridgedWith: null });
  const token = stepTokenOf(dial.action);
  return token === null ? NEXT_VERB : { kind: 'fetch', token, params: dialParams(dial, outcome, 'in-progress') };
};

/** Places the Dial's legs and lets the dialed phones' standing behaviours (OnCall) act, in target order. */
export const placeDial = (call: ProgramCall, dial: DialVerb): Next => {
  const caller = callOf(call);
  if (!caller) return NEXT_VERB;
  const callerId = dial.callerId ?? caller.from;
  const legs: string[] = [];
  const failures: string[] = [];
  for (const target of dial.targets) {
    if (target.kind === 'sip') {
      failures.push(target.uri);
      note(call, `<Dial> to ${target.uri} failed: the sandbox has no SIP network`);
      continue;
    }
    const sid = call.env.newCallSid();
    call.env.phones.startCall(call.accountSid, { sid, from: callerId, to: target.number, bridgedWith: call.callSid, dateCreated: call.env.clock.now() });
    legs.push(sid);
  }
  setDialWait(call, { kind: 'dial', dial, legs, answered: null, failures });
  if (legs.length === 0) return dialFinished(call, dial, { status: 'failed', answered: null });
  for (const sid of legs) {
    const leg = call.env.phones.findCall(call.accountSid, sid);
    if (!leg || leg.endedAt) continue;
    const { onCall } = call.env.phones.behaviourOf(call.accountSid, leg.to);
    if (onCall === 'ring') continue;
    const next = onCall === 'answer' ? legAnswered(call, sid) : legUnanswered(call, sid, onCall);
    if (next.kind !== 'wait') return next;
    if (onCall === 'answer') break;
  }
  return WAIT;
};

/** A dialed phone picks up: it is bridged to the caller, and the Dial's other legs stop ringing. */
export const legAnswered = (call: ProgramCall, legSid: string): Next => {
  const wait = dialWaitOf(call, legSid);
  const leg = call.env.phones.findCall(call.accountSid, legSid);
  if (!wait || wait.answered !== null || !leg || leg.status !== 'ringing') return WAIT;
  call.env.phones.updateCall(call.accountSid, legSid, { status: 'in-progress', answeredAt: call.env.clock.now() });
  call.env.phones.updateCall(call.accountSid, call.callSid, { bridgedWith: legSid });
  for (const other of wait.legs) if (other !== legSid) endLeg(call, other, 'canceled');
  setDialWait(call, { ...wait, answered: legSid });
  return WAIT;
};

/** A dialed phone is busy, does not answer or cannot be reached; when none is left ringing, the Dial is over. */
export const legUnanswered = (call: ProgramCall, legSid: string, status: Extract<SandboxCallStatus, 'busy' | 'no-answer' | 'failed'>): Next => {
  const wait = dialWaitOf(call, legSid);
  if (!wait || wait.answered !== null) return WAIT;
  endLeg(call, legSid, status);
  const legs = wait.legs.map((sid) => call.env.phones.findCall(call.accountSid, sid));
  if (legs.some((leg) => leg !== null && leg.endedAt === null)) return WAIT;
  const ended = [...legs.flatMap((leg) => (leg ? [leg.status] : [])), ...wait.failures.map((): SandboxCallStatus => 'failed')];
  return dialFinished(call, wait.dial, { status: unansweredDialStatus(ended), answered: null });
};

/** The dialed phone that answered hangs up: the caller goes on (Twilio's Dial action, DialCallStatus completed). */
export const bridgedLegHungUp = (call: ProgramCall, legSid: string): Next => {
  const wait = dialWaitOf(call, legSid);
  if (!wait || wait.answered !== legSid) return WAIT;
  const ended = endLeg(call, legSid, 'completed');
  return dialFinished(call, wait.dial, { status: 'completed', answered: { sid: legSid, to: ended?.to ?? '', seconds: ended?.durationSeconds ?? 0 } });
};

/**
 * The caller hangs up during the Dial: the dialed call ends with it (completed when bridged, canceled while
 * it rang) and the action is still requested, as on Twilio; the call itself is ended by the caller's side.
 */
export const callerLeftDial = async (call: ProgramCall): Promise<void> => {
  const wait = dialWaitOf(call);
  if (!wait) return;
  setDialWait(call, null);
  const answered = wait.answered === null ? null : endLeg(call, wait.answered, 'completed');
  for (const sid of wait.legs) if (sid !== wait.answered) endLeg(call, sid, 'canceled');
  const outcome: DialOutcome = answered
    ? { status: 'completed', answered: { sid: answered.sid, to: answered.to, seconds: answered.durationSeconds ?? 0 } }
    : { status: 'canceled', answered: null };
  await notifyEnded(call, stepTokenOf(wait.dial.action), dialParams(wait.dial, outcome, 'completed'));
};

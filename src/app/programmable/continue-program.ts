// A programmable call's step ended (a Gather, Dial or Record action, a Redirect): the carrier, or the
// sandbox, calls back with the step token masq gave it and what happened (Digits, DialCallStatus, a
// recording...). The token is checked against the owning account's auth token before anything else: a
// forged or foreign one ends the call and reaches no app. Then what happened is logged, a recording is
// kept by masq (before the app hears of it, so the app gets masq's RecordingSid and RecordingUrl) and, when
// the Record named a recordingStatusCallback (carried in the token), that callback is queued, and the
// next document is fetched from the app or the flow the token names.
import type { CallPlan } from '../../domain/call-plan.ts';
import { flowNodeOf, type FlowNodeRef } from '../../domain/programmable/continuation.ts';
import type { Recording, RecordingSource } from '../../domain/programmable/recording.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { ErrorName } from '../../domain/errors.ts';
import type { RecordingCallback } from '../../domain/twiml/verbs.ts';
import { authTokenOf } from '../callbacks/wire.ts';
import type { AppDeps } from '../deps.ts';
import { voicemailRecorded } from '../flows/flow-step.ts';
import { oweRecordingCallback } from '../recordings/deliver-recording.ts';
import { recordingUrl } from '../recordings/recording-wire.ts';
import { MAX_VOICEMAIL_SECONDS, voicemailWav } from '../recordings/sandbox-audio.ts';
import { CARRIER_RECORDING_SID, storeRecording, type RecordingAudio } from '../recordings/store-recording.ts';
import { programPlan } from './program-plan.ts';
import { advanceTrafficStatus } from './program-status.ts';
import { verifyStep, type StepTarget } from './step-token.ts';
import { StepLog } from './traffic-log.ts';
import { callParams, stepParams } from './twilio-params.ts';
import { nextVoiceDocument } from './voice-document.ts';

export interface ProgramStep {
  /** The carrier account the callback came through ('sandbox' for virtual phones). */
  readonly carrier: string;
  readonly token: string;
  /** The carrier's id of the call (CallSid). */
  readonly resourceSid: string;
  /** Twilio-named parameters of the step; the sandbox's voicemail adds MasqRecordingText. */
  readonly params: Readonly<Record<string, string>>;
}

/** The sandbox's voicemail: what the virtual caller "said", turned into a WAV by masq. */
export const SANDBOX_RECORDING_TEXT = 'MasqRecordingText';

const PROGRAM_STEP_INVALID: ErrorName = 'program-step-invalid';

const endCall = (reason: string): CallPlan => ({ channel: 'voice', interactionSid: null, verbs: [{ verb: 'hangup' }], refusal: { code: PROGRAM_STEP_INVALID, reason } });

const logStepFacts = (log: StepLog, params: Readonly<Record<string, string>>): void => {
  const digits = params.Digits;
  if (digits !== undefined) log.add('digits', digits === '' ? 'The caller pressed nothing' : `The caller pressed ${digits}`, { Digits: digits });
  const dial = params.DialCallStatus;
  if (dial !== undefined) {
    const duration = params.DialCallDuration;
    log.add('dial-result', `The dialed call ended ${dial}${duration ? ` after ${duration} s` : ''}`, { DialCallStatus: dial, ...(duration !== undefined && { DialCallDuration: duration }) });
  }
};

const wholeSeconds = (value: string | undefined): number => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.min(Math.round(n), MAX_VOICEMAIL_SECONDS) : 0;
};

/** The recording a step reports, as storeRecording takes it; null when the step made none. */
const reportedAudio = (step: ProgramStep): RecordingAudio | null => {
  const text = step.params[SANDBOX_RECORDING_TEXT];
  if (text !== undefined) {
    const seconds = Math.max(1, wholeSeconds(step.params.RecordingDuration));
    return { kind: 'bytes', contentType: 'audio/wav', data: voicemailWav(text, seconds), transcript: text };
  }
  if (step.params.RecordingSid === undefined && step.params.RecordingUrl === undefined) return null;
  return { kind: 'carrier', carrier: step.carrier, params: step.params };
};

/** A recording reported with a dial's outcome is the dial's; one made at a flow node is a voicemail. */
const sourceOf = (node: FlowNodeRef | null, params: Readonly<Record<string, string>>): RecordingSource => {
  if (params.DialCallStatus !== undefined) return 'dial';
  return node !== null ? 'voicemail' : 'record-verb';
};

/** What the app is told of masq's recording. */
const recordingParams = (deps: AppDeps, recording: Recording): Record<string, string> => ({
  RecordingSid: recording.sid,
  RecordingUrl: recordingUrl(deps.settings.publicUrl, recording),
  RecordingDuration: String(recording.durationSeconds),
  RecordingStatus: recording.status,
});

/**
 * The recording masq already kept for this carrier recording on this call: a carrier that delivers the same
 * step callback again (its answer was lost) must not have it fetched, stored and delivered twice.
 */
const keptBefore = async (deps: AppDeps, traffic: NumberTraffic, audio: RecordingAudio): Promise<Recording | null> => {
  const carrierSid = audio.kind === 'carrier' ? audio.params.RecordingSid : undefined;
  if (carrierSid === undefined) return null;
  const kept = (await deps.store.listTrafficEvents(traffic.sid)).find((e) => e.kind === 'recording' && e.data[CARRIER_RECORDING_SID] === carrierSid);
  const sid = kept?.data.RecordingSid;
  return sid === undefined ? null : deps.store.findRecording(traffic.accountSid, sid);
};

/**
 * Keeps the step's recording and owes its Record's callback, if any (again for a repeated step: the job is
 * queued once, and one lost before it was queued is queued then); the params the app gets for the
 * recording (masq's RecordingSid and RecordingUrl), or none.
 */
const keepRecording = async (deps: AppDeps, traffic: NumberTraffic, step: ProgramStep, target: StepTarget): Promise<Record<string, string>> => {
  const audio = reportedAudio(step);
  if (audio === null) return {};
  const before = await keptBefore(deps, traffic, audio);
  const recording = before ?? (await storeNew(deps, traffic, step, audio, flowNodeOf(target.url)));
  if (recording === null) return {};
  await oweCallback(deps, traffic, recording, target.recordingCallback);
  return recordingParams(deps, recording);
};

const oweCallback = async (deps: AppDeps, traffic: NumberTraffic, recording: Recording, callback: RecordingCallback | undefined): Promise<void> => {
  if (callback !== undefined) await oweRecordingCallback(deps, { traffic, recording, callback });
};

/** Stores a recording the step reports for the first time (a flow's voicemail is then delivered); null when it could not be. */
const storeNew = async (deps: AppDeps, traffic: NumberTraffic, step: ProgramStep, audio: RecordingAudio, node: FlowNodeRef | null): Promise<Recording | null> => {
  let recording: Recording;
  try {
    recording = await storeRecording(deps, { traffic, callSid: traffic.resourceSid, source: sourceOf(node, step.params), durationSeconds: wholeSeconds(step.params.RecordingDuration), audio });
  } catch (err) {
    await deps.store.appendTrafficEvents(traffic.sid, [{ at: deps.clock.now(), kind: 'error', detail: `The recording could not be kept: ${err instanceof Error ? err.message : String(err)}`, data: {} }]);
    return null;
  }
  if (node !== null) {
    try {
      await voicemailRecorded(deps, { traffic, recording, node });
    } catch (err) {
      // The voicemail is kept either way; its delivery problem is the log's, never the caller's.
      await deps.store.appendTrafficEvents(traffic.sid, [{ at: deps.clock.now(), kind: 'error', detail: `The voicemail could not be delivered: ${err instanceof Error ? err.message : String(err)}`, data: { RecordingSid: recording.sid } }]);
    }
  }
  return recording;
};

/** The traffic the step is about and its verified target, or why the step is refused. */
const authenticate = async (deps: AppDeps, step: ProgramStep): Promise<{ traffic: NumberTraffic; target: StepTarget; authToken: string } | string> => {
  const traffic = await deps.store.findTrafficByResource(step.carrier, step.resourceSid);
  if (!traffic) return `No programmable call ${step.resourceSid} came through ${step.carrier}`;
  const authToken = await authTokenOf(deps, traffic.accountSid);
  const target = verifyStep(authToken, step.token);
  if (target === null || target.trafficSid !== traffic.sid || traffic.channel !== 'voice') {
    const why = 'A step callback carried a forged or foreign step token: the call ends and no app is asked';
    await deps.store.appendTrafficEvents(traffic.sid, [{ at: deps.clock.now(), kind: 'error', detail: why, data: { code: PROGRAM_STEP_INVALID } }]);
    return why;
  }
  return { traffic, target, authToken };
};

/** The next document of the call, as a plan with one `program` verb; a step masq cannot trust ends the call. */
export const continueProgram = async (deps: AppDeps, step: ProgramStep): Promise<CallPlan> => {
  const checked = await authenticate(deps, step);
  if (typeof checked === 'string') return endCall(checked);
  const { target, authToken } = checked;
  let traffic = checked.traffic;
  // A step ends only on a call that was answered, whether or not its carrier reports progress.
  if (await advanceTrafficStatus(deps, traffic, 'in-progress', null)) traffic = { ...traffic, status: 'in-progress' };
  const log = new StepLog(deps, traffic.sid);
  logStepFacts(log, step.params);
  // Written before the recording's own event, so the log keeps the order things happened in.
  await log.flush();
  const recorded = await keepRecording(deps, traffic, step, target);
  const number = await deps.store.findInventoryNumber(traffic.accountSid, traffic.numberSid);
  const params = { ...callParams(traffic, number, step.params.CallStatus ?? 'in-progress'), ...stepParams(step.params), ...recorded };
  const document = await nextVoiceDocument(deps, { traffic, number, authToken, log, next: { url: target.url, method: target.method }, params });
  await log.flush();
  return programPlan(traffic, document);
};

// A recording's status callback (Twilio's RecordingStatusCallback): a durable job of its own kind, so an
// operator can list recording deliveries apart from other callbacks. The parameters are taken when the
// recording reaches its status (the event the callback reports), signed with the account's auth token at
// each attempt and retried like every callback (run-jobs.ts). A <Record recordingStatusCallback> is owed
// it once its step's recording is kept (continue-program.ts), POST or GET as the Record asked.
import type { Recording, RecordingStatus } from '../../domain/programmable/recording.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { HttpMethod, RecordingCallback, RecordingCallbackEvent } from '../../domain/twiml/verbs.ts';
import { WebhookError } from '../../ports/webhook-sender.ts';
import type { Job, JobRepo, Locks, NewJob, NumberTrafficRepo } from '../../ports/store.ts';
import { authTokenOf, describeFailure } from '../callbacks/wire.ts';
import type { DepsWith } from '../deps.ts';
import type { JobHandler, JobResult } from '../run-jobs.ts';
import { recordingUrl, rfc2822, twilioRecordingSource } from './recording-wire.ts';

/** Twilio's RecordingStatusCallback parameters for this recording as it is now. */
export const recordingCallbackParams = (publicUrl: string | null | undefined, recording: Recording): Record<string, string> => ({
  AccountSid: recording.accountSid,
  CallSid: recording.callSid,
  RecordingSid: recording.sid,
  RecordingUrl: recordingUrl(publicUrl, recording),
  RecordingStatus: recording.status,
  RecordingDuration: String(recording.durationSeconds),
  RecordingChannels: String(recording.channels),
  RecordingSource: twilioRecordingSource(recording.source),
  RecordingStartTime: rfc2822(recording.startTime),
  ...(recording.errorCode !== null && { ErrorCode: String(recording.errorCode) }),
});

type EnqueueDeps = DepsWith<JobRepo, 'clock' | 'ids' | 'settings'>;

export interface RecordingDelivery {
  readonly recording: Recording;
  readonly url: string;
  /** Twilio's recordingStatusCallbackMethod; POST when not given. GET puts the params in the query string. */
  readonly method?: HttpMethod;
}

/** The job owing `url` the recording's status callback; `jobId` for a caller that must owe it only once. */
export const recordingCallbackJob = (deps: Pick<EnqueueDeps, 'clock' | 'ids' | 'settings'>, input: RecordingDelivery & { readonly jobId?: string }): NewJob => {
  const now = deps.clock.now();
  return {
    id: input.jobId ?? `WH${deps.ids.token(16)}`,
    accountSid: input.recording.accountSid,
    kind: 'recording-callback',
    payload: {
      url: input.url, recordingSid: input.recording.sid, params: recordingCallbackParams(deps.settings.publicUrl, input.recording),
      ...(input.method === 'GET' && { method: 'GET' }),
    },
    maxAttempts: null,
    nextAttemptAt: now,
    dateCreated: now,
  };
};

/**
 * Owes `url` the recording's status callback; returns the job (written with the caller's store, so a
 * caller in a transaction writes it with the rest of its work).
 */
export const deliverRecording = async (deps: EnqueueDeps, input: RecordingDelivery): Promise<NewJob> => {
  const job = recordingCallbackJob(deps, input);
  await deps.store.enqueueJob(job);
  return job;
};

/**
 * Whether a <Record>'s callback asked to hear of a recording in this status. A failed one is always
 * reported (with its ErrorCode): an app waiting for its recording must learn that it will not come.
 */
export const reportsRecording = (status: RecordingStatus, events: readonly RecordingCallbackEvent[]): boolean =>
  status === 'failed' || events.some((event) => event === status);

/** A recording's <Record> callback has one job, named after the recording: owing it again finds it queued. */
export const recordingCallbackJobId = (recording: Pick<Recording, 'sid'>): string => `WH${recording.sid.slice(2)}`;

type OweDeps = DepsWith<JobRepo & NumberTrafficRepo & Locks, 'clock' | 'ids' | 'settings'>;

export interface OwedRecordingCallback {
  readonly traffic: Pick<NumberTraffic, 'sid'>;
  readonly recording: Recording;
  readonly callback: RecordingCallback;
}

/**
 * Queues the recordingStatusCallback a <Record> named, once per recording whoever asks again (a carrier's
 * repeated step callback), with a `webhook` event on the call's log in the same transaction.
 */
export const oweRecordingCallback = async (deps: OweDeps, input: OwedRecordingCallback): Promise<void> => {
  const { traffic, recording, callback } = input;
  const facts = { url: callback.url, method: callback.method, RecordingSid: recording.sid, RecordingStatus: recording.status };
  if (!reportsRecording(recording.status, callback.events)) {
    const detail = `RecordingStatusCallback not sent for ${recording.sid}: it is ${recording.status} and ${callback.url} asked for ${callback.events.join(' ') || 'no event'}`;
    await deps.store.appendTrafficEvents(traffic.sid, [{ at: deps.clock.now(), kind: 'webhook', detail, data: facts }]);
    return;
  }
  const job = recordingCallbackJob(deps, { recording, url: callback.url, method: callback.method, jobId: recordingCallbackJobId(recording) });
  await deps.store.transaction(async (tx) => {
    await tx.lock([`recording-callback:${recording.sid}`]);
    if (await tx.findJob(recording.accountSid, job.id)) return;
    await tx.enqueueJob(job);
    const detail = `RecordingStatusCallback for ${recording.sid} (${recording.status}) queued for ${callback.method} ${callback.url} (${job.id})`;
    await tx.appendTrafficEvents(traffic.sid, [{ at: deps.clock.now(), kind: 'webhook', detail, data: { ...facts, job: job.id } }]);
  });
};

const readPayload = (job: Job): { url: string; params: Record<string, string>; method: HttpMethod } | null => {
  const { url, params, method } = job.payload;
  if (job.kind !== 'recording-callback' || typeof url !== 'string' || typeof params !== 'object' || params === null) return null;
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') strings[name] = value;
  return { url, params: strings, method: method === 'GET' ? 'GET' : 'POST' };
};

export const deliverRecordingJob: JobHandler = async (deps, job): Promise<JobResult> => {
  const payload = readPayload(job);
  if (!payload) return { kind: 'give-up', error: 'not a recording callback: the job carries no url' };
  const authToken = await authTokenOf(deps, job.accountSid);
  try {
    const response = await deps.webhooks.post({
      url: payload.url, params: payload.params, authToken, method: payload.method,
      timeoutMs: deps.settings.callbacks.deliveryTimeoutMs, idempotencyToken: job.id,
    });
    const ok = response.status >= 200 && response.status <= 299;
    return ok ? { kind: 'done', httpStatus: response.status } : { kind: 'retry', error: `HTTP ${response.status}`, httpStatus: response.status };
  } catch (err) {
    // An unusable URL stays unusable: retrying cannot help.
    const permanent = err instanceof WebhookError && err.failure === 'invalid-url';
    return { kind: permanent ? 'give-up' : 'retry', error: describeFailure(err) };
  }
};

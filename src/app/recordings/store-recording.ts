// Keeps a recording masq was handed (a sandbox voicemail's bytes) or must fetch (a carrier's <Record>):
// the Recording row is written first, in-progress, so nothing is ever lost without a trace; the audio is
// then obtained and written to RecordingStorage under `{AC}/{RE}.wav`; the row ends completed, or failed
// with an error code when the audio could not be had or kept. Either way a 'recording' event goes on the
// traffic record. Delivery problems never throw (the call goes on); only the database's do.
import type { Recording, RecordingSource } from '../../domain/programmable/recording.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { StoredAudio } from '../../ports/recording-storage.ts';
import type { NumberTrafficRepo, RecordingPatch, RecordingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { recordingStorageKey } from './recording-wire.ts';

export type RecordingAudio =
  | { readonly kind: 'bytes'; readonly contentType: string; readonly data: Buffer; readonly transcript: string | null }
  /** The carrier made it: fetched through its RecordingFetchPort with the step callback's parameters. */
  | { readonly kind: 'carrier'; readonly carrier: string; readonly params: Readonly<Record<string, string>> };

export interface StoreRecordingInput {
  readonly traffic: NumberTraffic;
  readonly callSid: string;
  readonly source: RecordingSource;
  readonly durationSeconds: number;
  readonly audio: RecordingAudio;
}

type StoreRecordingDeps = DepsWith<RecordingRepo & NumberTrafficRepo, 'clock' | 'ids' | 'carriers' | 'recordingStorage'>;

/** Twilio's 11200 (HTTP retrieval failure): the carrier's audio could not be fetched. */
export const RETRIEVAL_FAILED = 11200;
/** Twilio's 20500 (internal error): masq could not write the audio it had. */
export const STORAGE_FAILED = 20500;

type Kept =
  | { readonly kind: 'stored'; readonly contentType: string; readonly sizeBytes: number; readonly storageKey: string }
  | { readonly kind: 'failed'; readonly errorCode: number; readonly reason: string };

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const obtainAudio = async (deps: StoreRecordingDeps, audio: RecordingAudio): Promise<StoredAudio> => {
  if (audio.kind === 'bytes') return { contentType: audio.contentType, data: audio.data };
  const port = deps.carriers.find(audio.carrier)?.recordings;
  if (!port) throw new Error(`carrier account '${audio.carrier}' cannot fetch recordings`);
  return port.fetchRecording(audio.params);
};

/** Gets the audio and writes it; every failure becomes an outcome with Twilio's code and a reason. */
const keepAudio = async (deps: StoreRecordingDeps, recording: Recording, audio: RecordingAudio): Promise<Kept> => {
  let obtained: StoredAudio;
  try {
    obtained = await obtainAudio(deps, audio);
  } catch (err) {
    return { kind: 'failed', errorCode: RETRIEVAL_FAILED, reason: `the audio could not be fetched: ${reasonOf(err)}` };
  }
  const storageKey = recordingStorageKey(recording);
  try {
    await deps.recordingStorage.put(storageKey, obtained);
  } catch (err) {
    return { kind: 'failed', errorCode: STORAGE_FAILED, reason: `the audio could not be stored: ${reasonOf(err)}` };
  }
  return { kind: 'stored', contentType: obtained.contentType, sizeBytes: obtained.data.length, storageKey };
};

/** The carrier's own id of a recording it made (its step callback's RecordingSid), as the call log keeps it. */
export const CARRIER_RECORDING_SID = 'CarrierRecordingSid';

const eventOf = (recording: Recording, kept: Kept, at: Date, audio: RecordingAudio): NewTrafficEvent => {
  const carrierSid = audio.kind === 'carrier' ? audio.params.RecordingSid : undefined;
  const facts = {
    RecordingSid: recording.sid, RecordingDuration: String(recording.durationSeconds), Source: recording.source,
    // So a carrier's retried callback for the same recording is known (continue-program.ts keeps it once).
    ...(carrierSid !== undefined && { [CARRIER_RECORDING_SID]: carrierSid }),
  };
  if (kept.kind === 'stored') {
    return {
      at, kind: 'recording',
      detail: `Recording ${recording.sid} stored: ${recording.durationSeconds} s, ${kept.sizeBytes} bytes of ${kept.contentType}`,
      data: { ...facts, RecordingStatus: 'completed' },
    };
  }
  return {
    at, kind: 'recording',
    detail: `Recording ${recording.sid} failed: ${kept.reason}`,
    data: { ...facts, RecordingStatus: 'failed', ErrorCode: String(kept.errorCode), Reason: kept.reason },
  };
};

const patchOf = (kept: Kept, at: Date): RecordingPatch => (kept.kind === 'stored'
  ? { status: 'completed', contentType: kept.contentType, sizeBytes: kept.sizeBytes, storageKey: kept.storageKey, dateUpdated: at }
  : { status: 'failed', errorCode: kept.errorCode, dateUpdated: at });

export const storeRecording = async (deps: StoreRecordingDeps, input: StoreRecordingInput): Promise<Recording> => {
  const now = deps.clock.now();
  const durationSeconds = Number.isFinite(input.durationSeconds) ? Math.max(0, Math.round(input.durationSeconds)) : 0;
  const recording: Recording = {
    sid: deps.ids.sid('recording'),
    accountSid: input.traffic.accountSid,
    callSid: input.callSid,
    trafficSid: input.traffic.sid,
    numberSid: input.traffic.numberSid,
    source: input.source,
    status: 'in-progress',
    durationSeconds,
    channels: 1,
    contentType: input.audio.kind === 'bytes' ? input.audio.contentType : 'audio/wav',
    sizeBytes: 0,
    storageKey: null,
    from: input.traffic.from,
    transcript: input.audio.kind === 'bytes' ? input.audio.transcript : null,
    errorCode: null,
    // Twilio's start_time is when recording began: the audio ends now and lasted durationSeconds.
    startTime: new Date(now.getTime() - durationSeconds * 1000),
    dateCreated: now,
    dateUpdated: now,
  };
  await deps.store.insertRecording(recording);
  const kept = await keepAudio(deps, recording, input.audio);
  const at = deps.clock.now();
  const patch = patchOf(kept, at);
  return deps.store.transaction(async (tx) => {
    const updated = await tx.updateRecording(recording.accountSid, recording.sid, patch);
    await tx.appendTrafficEvents(input.traffic.sid, [eventOf(recording, kept, at, input.audio)]);
    // Deleted through the API in the meantime: what was done is still the answer.
    return updated ?? { ...recording, ...patch };
  });
};

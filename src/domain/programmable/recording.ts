// A recording (a voicemail, a recorded call): its metadata in the 2010 `Recordings` shape where it fits;
// the audio itself lives behind the RecordingStorage port (local disk by default) under `storageKey`.

export type RecordingStatus = 'in-progress' | 'completed' | 'absent' | 'failed' | 'deleted';
/** Why it was made: a flow's voicemail, a <Record> verb, a <Dial record=...>. */
export type RecordingSource = 'voicemail' | 'record-verb' | 'dial';

export interface Recording {
  /** `RE…` */
  readonly sid: string;
  readonly accountSid: string;
  /** The carrier's call id it was made on (Twilio's call_sid) and the masq traffic record. */
  readonly callSid: string;
  readonly trafficSid: string | null;
  readonly numberSid: string | null;
  readonly source: RecordingSource;
  readonly status: RecordingStatus;
  readonly durationSeconds: number;
  readonly channels: number;
  /** 'audio/wav' or 'audio/mpeg'. */
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Where the audio is in RecordingStorage; null until it is stored (or after deletion). */
  readonly storageKey: string | null;
  /** The caller of the recorded call, and what the sandbox phone said (its "transcript"), if known. */
  readonly from: string;
  readonly transcript: string | null;
  readonly errorCode: number | null;
  readonly startTime: Date;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

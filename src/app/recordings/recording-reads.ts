// The 2010 Recordings resource's reads: the list (filtered by call and creation date), one recording, and
// its audio. Within the caller's account only, so another account's recording reads like a missing one.
import { notFound } from '../../domain/errors.ts';
import type { Recording } from '../../domain/programmable/recording.ts';
import type { StoredAudio } from '../../ports/recording-storage.ts';
import type { Page, PageRequest, RecordingFilter, RecordingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { recordingPath } from './recording-wire.ts';

export const recordingNotFound = (accountSid: string, sid: string) => notFound(`${recordingPath({ accountSid, sid })}.json`);

export const listRecordings = (deps: DepsWith<RecordingRepo>, accountSid: string, filter: RecordingFilter, page: PageRequest): Promise<Page<Recording>> =>
  deps.store.listRecordings(accountSid, filter, page);

export const fetchRecording = async (deps: DepsWith<RecordingRepo>, accountSid: string, sid: string): Promise<Recording> => {
  const recording = await deps.store.findRecording(accountSid, sid);
  if (!recording) throw recordingNotFound(accountSid, sid);
  return recording;
};

/** The audio; 404 when the recording has none (still in progress, failed, or its file is gone). */
export const fetchRecordingAudio = async (deps: DepsWith<RecordingRepo, 'recordingStorage'>, accountSid: string, sid: string): Promise<StoredAudio> => {
  const recording = await fetchRecording(deps, accountSid, sid);
  const audio = recording.storageKey === null ? null : await deps.recordingStorage.get(recording.storageKey);
  if (!audio) throw notFound(recordingPath(recording));
  return audio;
};

// DELETE /2010-04-01/Accounts/{AC}/Recordings/{RE}.json: the audio goes first, then the row, so a failure
// half-way leaves a recording that can be deleted again (never an audio file nothing points at).
import type { RecordingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { fetchRecording, recordingNotFound } from './recording-reads.ts';

export const deleteRecording = async (deps: DepsWith<RecordingRepo, 'recordingStorage'>, accountSid: string, sid: string): Promise<void> => {
  const recording = await fetchRecording(deps, accountSid, sid);
  if (recording.storageKey !== null) await deps.recordingStorage.delete(recording.storageKey);
  if (!(await deps.store.deleteRecording(accountSid, sid))) throw recordingNotFound(accountSid, sid);
};

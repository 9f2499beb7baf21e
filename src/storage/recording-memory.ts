// RecordingStorage in memory: for a throw-away database (sqlite::memory:), whose recordings should
// vanish with it rather than litter a directory, and for tests. Unbounded, so not for a real server.
import type { RecordingStorage, StoredAudio } from '../ports/recording-storage.ts';

export class MemoryRecordingStorage implements RecordingStorage {
  readonly files = new Map<string, StoredAudio>();
  async put(key: string, audio: StoredAudio): Promise<void> {
    // A copy, so a caller reusing its buffer cannot change what was "written".
    this.files.set(key, { contentType: audio.contentType, data: Buffer.from(audio.data) });
  }
  async get(key: string): Promise<StoredAudio | null> {
    return this.files.get(key) ?? null;
  }
  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }
}

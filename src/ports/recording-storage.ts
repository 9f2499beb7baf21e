// Where recordings' audio lives. The default adapter keeps files on local disk under the data directory
// (MASQ_RECORDINGS_DIR); an object store can implement the same port later. Keys are masq's (the
// recording's account and sid), never a path a caller chose.

export interface StoredAudio {
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RecordingStorage {
  /** Writes (or overwrites) the audio under `key`; resolves once it is durable. */
  put(key: string, audio: StoredAudio): Promise<void>;
  /** The audio, or null when there is none under `key`. */
  get(key: string): Promise<StoredAudio | null>;
  /** Removes it; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

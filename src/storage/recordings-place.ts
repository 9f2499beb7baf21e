// Where recordings' audio goes when MASQ_RECORDINGS_DIR is not set: beside the SQLite file (so a backup of
// the data directory has both), ./masq-data/recordings with PostgreSQL, and nowhere on disk for a
// throw-away in-memory database, whose recordings vanish with it.
import { dirname, join, resolve } from 'node:path';
import type { RecordingStorage } from '../ports/recording-storage.ts';
import { createRecordingFiles } from './recording-files.ts';
import { MemoryRecordingStorage } from './recording-memory.ts';

/** The directory recordings live in, or null for "in memory" (an in-memory SQLite database). */
export const defaultRecordingsDir = (databaseUrl: string): string | null => {
  if (!databaseUrl.startsWith('sqlite:')) return resolve('masq-data', 'recordings');
  const rest = databaseUrl.slice('sqlite:'.length);
  if (rest === ':memory:') return null;
  const file = rest.startsWith('//') ? rest.slice(2) : rest;
  return join(dirname(resolve(file)), 'recordings');
};

/** The recording storage of a process: the configured directory, or the default for its database. */
export const openRecordingStorage = (databaseUrl: string, configuredDir: string | null): RecordingStorage => {
  const directory = configuredDir ?? defaultRecordingsDir(databaseUrl);
  return directory === null ? new MemoryRecordingStorage() : createRecordingFiles(directory);
};

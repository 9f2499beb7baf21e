// RecordingStorage on local disk (MASQ_RECORDINGS_DIR). Each key becomes a file under the root directory;
// its content type sits beside it in a small sidecar (`<file>~type`), so the audio file itself stays a
// plain WAV an operator can play. Writes are atomic (temporary file, fsync, rename, fsync of the
// directory): a crash leaves the old audio or the new, never half of one.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { RecordingStorage, StoredAudio } from '../ports/recording-storage.ts';

/**
 * One path segment of a key: letters, digits, `_`, `-` and dots, starting with a letter or digit. That
 * rules out `..`, `.`, hidden files, separators of any platform, and the `~` of sidecars and the leading
 * `.` of temporary files, so no key can reach outside the root or onto masq's own bookkeeping.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const MAX_SEGMENTS = 4;
const TYPE_SUFFIX = '~type';
const FALLBACK_TYPE = 'application/octet-stream';

export class RecordingKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingKeyError';
  }
}

/** Writes `data` to `path` atomically and durably. */
const writeAtomically = async (path: string, data: Buffer | string): Promise<void> => {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${randomBytes(8).toString('hex')}.tmp`);
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  await syncDirectory(directory);
};

/** Makes a rename durable; some platforms (Windows) cannot open a directory, and there it is skipped. */
const syncDirectory = async (directory: string): Promise<void> => {
  let handle;
  try {
    handle = await open(directory, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // EINVAL/EPERM on file systems that do not support it: the rename itself stands.
  } finally {
    await handle.close();
  }
};

const readIfPresent = async (path: string): Promise<Buffer | null> => {
  try {
    return await readFile(path);
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
    throw err;
  }
};

export const createRecordingFiles = (root: string): RecordingStorage => {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    const segments = key.split('/');
    if (segments.length > MAX_SEGMENTS || !segments.every((segment) => SEGMENT.test(segment))) {
      throw new RecordingKeyError('a recording key is segments of letters, digits, _, - and . separated by /');
    }
    const path = resolve(base, ...segments);
    // Belt and braces: the segment rule already keeps every key under the root.
    if (!path.startsWith(base + sep)) throw new RecordingKeyError('a recording key must stay inside the recordings directory');
    return path;
  };
  return {
    put: async (key, audio) => {
      const path = pathOf(key);
      await writeAtomically(path + TYPE_SUFFIX, audio.contentType);
      await writeAtomically(path, audio.data);
    },
    get: async (key): Promise<StoredAudio | null> => {
      const path = pathOf(key);
      const data = await readIfPresent(path);
      if (!data) return null;
      const contentType = (await readIfPresent(path + TYPE_SUFFIX))?.toString('utf8').trim() || FALLBACK_TYPE;
      return { contentType, data };
    },
    delete: async (key) => {
      const path = pathOf(key);
      // The audio first: a crash in between leaves an orphan sidecar, never audio without its type.
      await rm(path, { force: true });
      await rm(path + TYPE_SUFFIX, { force: true });
    },
  };
};

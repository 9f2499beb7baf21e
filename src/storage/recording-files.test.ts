import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRecordingFiles, RecordingKeyError } from './recording-files.ts';
import { defaultRecordingsDir, openRecordingStorage } from './recordings-place.ts';

describe('recordings on local disk', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'masq-recordings-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('a recording written is read back with its content type, and the file on disk is the plain audio', async () => {
    const storage = createRecordingFiles(join(root, 'round-trip'));
    const data = Buffer.from('RIFF....WAVEfmt ');
    await storage.put('AC1/RE1.wav', { contentType: 'audio/wav', data });
    assert.deepEqual(await storage.get('AC1/RE1.wav'), { contentType: 'audio/wav', data });
    assert.deepEqual(await readFile(join(root, 'round-trip', 'AC1', 'RE1.wav')), data);
    // No temporary file is left behind by the atomic write.
    assert.deepEqual((await readdir(join(root, 'round-trip', 'AC1'))).sort(), ['RE1.wav', 'RE1.wav~type']);
  });

  test('overwriting replaces the audio; deleting removes it, and deleting again is no error', async () => {
    const storage = createRecordingFiles(join(root, 'overwrite'));
    await storage.put('AC1/RE2.wav', { contentType: 'audio/wav', data: Buffer.from('first') });
    await storage.put('AC1/RE2.wav', { contentType: 'audio/mpeg', data: Buffer.from('second') });
    assert.deepEqual(await storage.get('AC1/RE2.wav'), { contentType: 'audio/mpeg', data: Buffer.from('second') });
    await storage.delete('AC1/RE2.wav');
    assert.equal(await storage.get('AC1/RE2.wav'), null);
    await storage.delete('AC1/RE2.wav');
    assert.deepEqual(await readdir(join(root, 'overwrite', 'AC1')), []);
  });

  test('a key with nothing under it reads as null', async () => {
    const storage = createRecordingFiles(join(root, 'missing'));
    assert.equal(await storage.get('AC1/RE404.wav'), null);
  });

  test('audio whose type file was lost is still served, as application/octet-stream', async () => {
    const storage = createRecordingFiles(join(root, 'untyped'));
    await storage.put('AC1/RE3.wav', { contentType: 'audio/wav', data: Buffer.from('x') });
    await rm(join(root, 'untyped', 'AC1', 'RE3.wav~type'));
    assert.deepEqual(await storage.get('AC1/RE3.wav'), { contentType: 'application/octet-stream', data: Buffer.from('x') });
  });

  test('no key reaches outside the directory or onto its bookkeeping files', async () => {
    const outside = join(root, 'secret.txt');
    await writeFile(outside, 'do not touch');
    const storage = createRecordingFiles(join(root, 'jail'));
    const hostile = [
      '../secret.txt', 'AC1/../../secret.txt', '/etc/passwd', 'AC1//RE1.wav', '', '.', '..', 'AC1/.hidden', 'AC1\\..\\x',
      'AC1/RE1.wav~type', 'AC1/%2e%2e', 'C:/x', 'AC1/RE1.wav\u0000', 'a/b/c/d/e', `AC1/${'x'.repeat(200)}`,
    ];
    for (const key of hostile) {
      await assert.rejects(storage.put(key, { contentType: 'text/plain', data: Buffer.from('pwned') }), RecordingKeyError, key);
      await assert.rejects(storage.get(key), RecordingKeyError, key);
      await assert.rejects(storage.delete(key), RecordingKeyError, key);
    }
    assert.equal(await readFile(outside, 'utf8'), 'do not touch');
  });

  test('the default place: beside the SQLite file, ./masq-data/recordings with PostgreSQL, memory for sqlite::memory:', async () => {
    assert.equal(defaultRecordingsDir('sqlite:/var/lib/masq/masq.db'), '/var/lib/masq/recordings');
    assert.equal(defaultRecordingsDir('sqlite:///var/lib/masq/masq.db'), '/var/lib/masq/recordings');
    assert.equal(defaultRecordingsDir('sqlite:./data/masq.db'), join(process.cwd(), 'data', 'recordings'));
    assert.equal(defaultRecordingsDir('postgres://u:p@127.0.0.1/db'), join(process.cwd(), 'masq-data', 'recordings'));
    assert.equal(defaultRecordingsDir('sqlite::memory:'), null);
    const memory = openRecordingStorage('sqlite::memory:', null);
    await memory.put('AC1/RE1.wav', { contentType: 'audio/wav', data: Buffer.from('m') });
    assert.deepEqual(await memory.get('AC1/RE1.wav'), { contentType: 'audio/wav', data: Buffer.from('m') });
    // A configured directory wins over the default, even for an in-memory database.
    const configured = openRecordingStorage('sqlite::memory:', join(root, 'configured'));
    await configured.put('AC1/RE1.wav', { contentType: 'audio/wav', data: Buffer.from('c') });
    assert.deepEqual(await readFile(join(root, 'configured', 'AC1', 'RE1.wav')), Buffer.from('c'));
  });
});

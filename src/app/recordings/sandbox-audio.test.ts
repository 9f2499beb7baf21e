import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_VOICEMAIL_SECONDS, voicemailWav } from './sandbox-audio.ts';

/** The chunks of a RIFF/WAVE file, checked as a strict reader would (sizes add up, padding respected). */
const chunksOf = (file: Buffer): Map<string, Buffer> => {
  assert.equal(file.toString('ascii', 0, 4), 'RIFF');
  assert.equal(file.readUInt32LE(4), file.length - 8, 'RIFF size');
  assert.equal(file.toString('ascii', 8, 12), 'WAVE');
  const chunks = new Map<string, Buffer>();
  let offset = 12;
  while (offset < file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    chunks.set(id, file.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size + (size % 2);
  }
  assert.equal(offset, file.length, 'chunks fill the file exactly');
  return chunks;
};

test('a voicemail is 8 kHz 16-bit mono PCM of the asked duration, laid out as the classic 44-byte header', () => {
  const file = voicemailWav('Hello, it is Ann', 5);
  const chunks = chunksOf(file);
  const fmt = chunks.get('fmt ');
  assert.ok(fmt);
  assert.deepEqual(
    [fmt.readUInt16LE(0), fmt.readUInt16LE(2), fmt.readUInt32LE(4), fmt.readUInt32LE(8), fmt.readUInt16LE(12), fmt.readUInt16LE(14)],
    [1, 1, 8000, 16000, 2, 16],
  );
  // Readers that assume the canonical layout find the data right after the header.
  assert.equal(file.toString('ascii', 36, 40), 'data');
  assert.equal(file.readUInt32LE(40), 5 * 8000 * 2);
  const data = chunks.get('data');
  assert.ok(data);
  assert.equal(data.length / 2 / 8000, 5);
  // A quiet tone: never silent throughout, never loud.
  const samples = Array.from({ length: data.length / 2 }, (_, i) => data.readInt16LE(i * 2));
  assert.ok(samples.some((s) => s !== 0));
  assert.ok(samples.every((s) => Math.abs(s) <= 2000));
  // What the caller said travels as the file's INFO comment.
  const list = chunks.get('LIST');
  assert.ok(list);
  assert.equal(list.toString('ascii', 0, 4), 'INFO');
  assert.equal(list.toString('ascii', 4, 8), 'ICMT');
  assert.equal(list.toString('utf8', 12, 12 + list.readUInt32LE(8) - 1), 'Hello, it is Ann');
});

test('any text and duration give a well-formed file; durations are clamped to 0..3600 s', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.double({ min: -10, max: 20, noNaN: true }), (text, seconds) => {
    const chunks = chunksOf(voicemailWav(text, seconds));
    const expected = Math.round(Math.min(Math.max(seconds, 0), MAX_VOICEMAIL_SECONDS) * 8000) * 2;
    assert.equal(chunks.get('data')?.length, expected);
    assert.equal(chunks.has('LIST'), text !== '');
  }), { numRuns: 50 });
  assert.equal(chunksOf(voicemailWav('', Number.NaN)).get('data')?.length, 0);
  assert.equal(chunksOf(voicemailWav('x', 1e9)).get('data')?.length, MAX_VOICEMAIL_SECONDS * 8000 * 2);
});

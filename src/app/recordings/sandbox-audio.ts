// The audio of a sandbox voicemail: a caller on a virtual phone "says" a text, and masq keeps a real WAV
// file for it (8 kHz, 16-bit, mono PCM, the telephone format) so everything that handles recordings
// (storage, the .wav download, email attachments) is exercised as with a carrier's. The sound is a quiet
// 400 Hz tone, faded in and out; the text travels inside the file as its INFO comment, after the audio,
// where players and parsers that read only the first 44 bytes of header never see it.

export const SAMPLE_RATE = 8_000;
const BITS_PER_SAMPLE = 16;
const CHANNELS = 1;
const BYTES_PER_SAMPLE = (BITS_PER_SAMPLE / 8) * CHANNELS;
/** Twilio's longest <Record> (maxLength): anything longer is cut, so a bad input cannot fill memory. */
export const MAX_VOICEMAIL_SECONDS = 3_600;
/** 400 Hz: one period is exactly 20 samples, so the tone is one period repeated (Buffer.fill, fast even for an hour). */
const TONE_HZ = 400;
const PERIOD_SAMPLES = SAMPLE_RATE / TONE_HZ;
/** About -24 dBFS: audible, never loud. */
const AMPLITUDE = 2_000;
const FADE_SAMPLES = SAMPLE_RATE / 50;
const MAX_COMMENT_BYTES = 4_096;

const samplesAt = (indexes: number, value: (i: number) => number): Buffer => {
  const samples = Buffer.alloc(indexes * BYTES_PER_SAMPLE);
  for (let i = 0; i < indexes; i += 1) samples.writeInt16LE(Math.round(value(i)), i * BYTES_PER_SAMPLE);
  return samples;
};

const sine = (i: number): number => AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / SAMPLE_RATE);

/** The tone's samples; whole seconds or fractions, clamped to [0, MAX_VOICEMAIL_SECONDS]; faded in and out (no clicks). */
const toneSamples = (seconds: number): Buffer => {
  const clamped = Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), MAX_VOICEMAIL_SECONDS) : 0;
  const count = Math.round(clamped * SAMPLE_RATE);
  const samples = Buffer.alloc(count * BYTES_PER_SAMPLE);
  if (count === 0) return samples;
  samples.fill(samplesAt(PERIOD_SAMPLES, sine));
  const fade = Math.min(FADE_SAMPLES, Math.floor(count / 2));
  samplesAt(fade, (i) => (sine(i) * i) / fade).copy(samples, 0);
  const tail = count - fade;
  samplesAt(fade, (i) => (sine(tail + i) * (fade - 1 - i)) / fade).copy(samples, tail * BYTES_PER_SAMPLE);
  return samples;
};

/** A RIFF chunk: id, little-endian size, data, and a pad byte when the size is odd. */
const chunk = (id: string, data: Buffer): Buffer => {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'ascii');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, data.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};

const formatChunk = (): Buffer => {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(CHANNELS, 2);
  fmt.writeUInt32LE(SAMPLE_RATE, 4);
  fmt.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 8); // byte rate
  fmt.writeUInt16LE(BYTES_PER_SAMPLE, 12); // block align
  fmt.writeUInt16LE(BITS_PER_SAMPLE, 14);
  return chunk('fmt ', fmt);
};

/** LIST/INFO with the text as ICMT (a NUL-terminated string, cut to a sane size on a character boundary). */
const commentChunk = (text: string): Buffer => {
  let comment = Buffer.from(text, 'utf8');
  if (comment.length > MAX_COMMENT_BYTES) comment = Buffer.from(comment.subarray(0, MAX_COMMENT_BYTES).toString('utf8').replace(/\uFFFD$/, ''), 'utf8');
  const info = Buffer.concat([Buffer.from('INFO', 'ascii'), chunk('ICMT', Buffer.concat([comment, Buffer.alloc(1)]))]);
  return chunk('LIST', info);
};

/** A valid WAV file of `seconds` of quiet tone, carrying `text` as its comment (none when empty). */
export const voicemailWav = (text: string, seconds: number): Buffer => {
  const body = [
    Buffer.from('WAVE', 'ascii'),
    formatChunk(),
    chunk('data', toneSamples(seconds)),
    ...(text === '' ? [] : [commentChunk(text)]),
  ];
  return chunk('RIFF', Buffer.concat(body));
};

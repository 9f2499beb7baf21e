// Bencoding, the encoding of rtpengine's "ng" control protocol (and BitTorrent's): integers `i42e`, byte strings
// `4:spam`, lists `l…e`, dictionaries `d…e` with keys sorted. The ng protocol carries only text, so byte strings
// are read as UTF-8 text here; a length is always counted in bytes, never in characters.

export type BencodeValue = string | number | readonly BencodeValue[] | BencodeDictionary;
export interface BencodeDictionary {
  readonly [key: string]: BencodeValue;
}

/** A malformed bencoded input, or a value bencoding cannot carry. */
export class BencodeError extends Error {
  override readonly name = 'BencodeError';
}

// Deeper nesting than any ng message has: a bound, so a hostile datagram cannot exhaust the stack.
const MAX_DEPTH = 32;

export const encodeBencode = (value: BencodeValue): Buffer => Buffer.concat(encodeParts(value, []));

const encodeParts = (value: BencodeValue, parts: Buffer[]): Buffer[] => {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    parts.push(Buffer.from(`${bytes.length}:`, 'ascii'), bytes);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new BencodeError(`bencode carries integers only, not ${value}`);
    parts.push(Buffer.from(`i${value}e`, 'ascii'));
  } else if (isList(value)) {
    parts.push(Buffer.from('l', 'ascii'));
    for (const item of value) encodeParts(item, parts);
    parts.push(Buffer.from('e', 'ascii'));
  } else {
    parts.push(Buffer.from('d', 'ascii'));
    for (const [key, item] of sortedEntries(value)) {
      encodeParts(key, parts);
      encodeParts(item, parts);
    }
    parts.push(Buffer.from('e', 'ascii'));
  }
  return parts;
};

const isList = (value: BencodeValue): value is readonly BencodeValue[] => Array.isArray(value);

export const isDictionary = (value: BencodeValue): value is BencodeDictionary =>
  typeof value === 'object' && !isList(value);

// The specification sorts keys as raw byte strings, which is not JavaScript's UTF-16 order for every text.
const sortedEntries = (dict: BencodeDictionary): [string, BencodeValue][] =>
  Object.entries(dict).sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

/** Decodes exactly one value filling the whole input; anything malformed, truncated or trailing is an error. */
export const decodeBencode = (input: Uint8Array): BencodeValue => {
  const reader = { bytes: Buffer.from(input.buffer, input.byteOffset, input.byteLength), at: 0 };
  const value = readValue(reader, 0);
  if (reader.at !== reader.bytes.length) throw new BencodeError(`trailing data at byte ${reader.at}`);
  return value;
};

interface Reader {
  readonly bytes: Buffer;
  at: number;
}

const readValue = (reader: Reader, depth: number): BencodeValue => {
  if (depth > MAX_DEPTH) throw new BencodeError(`nested deeper than ${MAX_DEPTH}`);
  const lead = reader.bytes[reader.at];
  if (lead === undefined) throw new BencodeError('truncated input');
  if (lead === CHAR_I) return readInteger(reader);
  if (lead === CHAR_L) return readList(reader, depth);
  if (lead === CHAR_D) return readDictionary(reader, depth);
  if (lead >= CHAR_0 && lead <= CHAR_9) return readString(reader);
  throw new BencodeError(`unexpected byte 0x${lead.toString(16)} at ${reader.at}`);
};

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_COLON = 0x3a;
const CHAR_D = 0x64;
const CHAR_E = 0x65;
const CHAR_I = 0x69;
const CHAR_L = 0x6c;

// i<digits>e: no leading zeros, no "-0", no empty number (the specification forbids them).
const INTEGER = /^(?:0|-?[1-9][0-9]*)$/;

const readInteger = (reader: Reader): number => {
  const end = reader.bytes.indexOf(CHAR_E, reader.at + 1);
  if (end < 0) throw new BencodeError('unterminated integer');
  const text = reader.bytes.toString('latin1', reader.at + 1, end);
  if (!INTEGER.test(text)) throw new BencodeError(`malformed integer "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new BencodeError(`integer ${text} is too large`);
  reader.at = end + 1;
  return value;
};

const LENGTH = /^(?:0|[1-9][0-9]*)$/;

const readString = (reader: Reader): string => {
  const colon = reader.bytes.indexOf(CHAR_COLON, reader.at);
  if (colon < 0) throw new BencodeError('unterminated string length');
  const lengthText = reader.bytes.toString('latin1', reader.at, colon);
  if (!LENGTH.test(lengthText)) throw new BencodeError(`malformed string length "${lengthText}"`);
  const length = Number(lengthText);
  const start = colon + 1;
  if (start + length > reader.bytes.length) throw new BencodeError('truncated string');
  reader.at = start + length;
  return reader.bytes.toString('utf8', start, start + length);
};

const readList = (reader: Reader, depth: number): BencodeValue[] => {
  reader.at += 1;
  const items: BencodeValue[] = [];
  while (reader.bytes[reader.at] !== CHAR_E) items.push(readValue(reader, depth + 1));
  reader.at += 1;
  return items;
};

// Built with Object.fromEntries, so a key such as "__proto__" is an ordinary own key, never a prototype.
const readDictionary = (reader: Reader, depth: number): BencodeDictionary => {
  reader.at += 1;
  const entries: [string, BencodeValue][] = [];
  const seen = new Set<string>();
  while (reader.bytes[reader.at] !== CHAR_E) {
    const lead = reader.bytes[reader.at];
    if (lead === undefined) throw new BencodeError('truncated input');
    if (lead < CHAR_0 || lead > CHAR_9) throw new BencodeError(`dictionary key at ${reader.at} is not a string`);
    const key = readString(reader);
    if (seen.has(key)) throw new BencodeError(`duplicate dictionary key "${key}"`);
    seen.add(key);
    entries.push([key, readValue(reader, depth + 1)]);
  }
  reader.at += 1;
  return Object.fromEntries(entries);
};

// How many SMS segments a body costs, and how it is split: carriers bill per segment, in and out.
// Facts (did-platform.md §5, 3GPP TS 23.038/23.040): a segment carries 140 octets of user data; a body
// that needs more is concatenated, and every part then gives up octets to a User Data Header that
// names the message and the part. GSM-7 packs 7-bit septets (extension characters cost an escape
// septet too); a body with any other character goes out in full as UCS-2 (UTF-16 code units, as
// every carrier really sends it, so an emoji outside the BMP costs two units).
import { gsm7Septets } from './gsm7.ts';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/**
 * The concatenation header's reference size. '8-bit' (6-octet UDH) is the common case: 153 / 67 per
 * part. '16-bit' (7-octet UDH) leaves 152 / 66, which is what Twilio documents for toll-free
 * multi-segment messages to the US and Canada. A single-segment message has no header either way.
 */
export type ConcatenationReference = '8-bit' | '16-bit';

export interface SegmentOptions {
  readonly concatenationReference?: ConcatenationReference;
}

export interface SmsSegments {
  readonly encoding: SmsEncoding;
  /** What the carrier bills: at least 1, even for an empty body (it is still one SMS on the network). */
  readonly segments: number;
  /** GSM-7 septets (escapes included) or UTF-16 code units, for the whole body, headers excluded. */
  readonly units: number;
  /** The body's text as each part carries it; joined, they give the body back unchanged. */
  readonly parts: readonly string[];
}

const USER_DATA_BITS = 140 * 8;
const BITS_PER_UNIT: Readonly<Record<SmsEncoding, number>> = { 'GSM-7': 7, 'UCS-2': 16 };
const HEADER_OCTETS: Readonly<Record<ConcatenationReference, number>> = { '8-bit': 6, '16-bit': 7 };

/** Units one unconcatenated SMS holds: 160 GSM-7, 70 UCS-2. */
export const singlePartCapacity = (encoding: SmsEncoding): number =>
  Math.floor(USER_DATA_BITS / BITS_PER_UNIT[encoding]);

/** Units each part of a concatenated SMS holds: 153 / 67 with an 8-bit reference, 152 / 66 with 16-bit. */
export const perPartCapacity = (encoding: SmsEncoding, reference: ConcatenationReference): number =>
  Math.floor((USER_DATA_BITS - HEADER_OCTETS[reference] * 8) / BITS_PER_UNIT[encoding]);

/** A run of the body that must travel in one part: a GSM-7 character (with its escape) or a grapheme. */
interface Atom {
  readonly start: number;
  readonly end: number;
  readonly units: number;
}

/**
 * One atom per character, its escape included, so an extension character is never split from its
 * escape; null as soon as one character is not GSM-7 (the whole body then goes as UCS-2).
 * Every GSM-7 character is a single UTF-16 unit, so indexes are string indexes.
 */
const gsm7Atoms = (body: string): Atom[] | null => {
  const atoms: Atom[] = [];
  for (let i = 0; i < body.length; i++) {
    const septets = gsm7Septets(body.charAt(i));
    if (septets === null) return null;
    atoms.push({ start: i, end: i + 1, units: septets });
  }
  return atoms;
};

// UAX #29 extended grapheme clusters do not depend on the locale ('und' says so); they do follow the
// runtime's Unicode version, so only an emoji newer than the runtime's ICU could be split differently.
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * A grapheme (an emoji with its skin tone or ZWJ sequence, a letter with its accents) is kept whole,
 * as Twilio's segment calculator and Android's splitter do, so no handset shows half a family emoji.
 * CR LF is one grapheme but two characters anyone may split between; the calculator does, so do we.
 */
const ucs2Atoms = (body: string): Atom[] =>
  [...graphemes.segment(body)].flatMap(({ segment, index }) =>
    segment === '\r\n'
      ? [{ start: index, end: index + 1, units: 1 }, { start: index + 1, end: index + 2, units: 1 }]
      : [{ start: index, end: index + segment.length, units: segment.length }]);

/**
 * A grapheme longer than a whole part (stacked combining marks, an absurd ZWJ chain) cannot stay whole;
 * it is cut between code points, so a surrogate pair is still never split.
 */
const codePointAtoms = (body: string, atom: Atom): Atom[] => {
  const atoms: Atom[] = [];
  for (let start = atom.start; start < atom.end;) {
    const units = (body.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    atoms.push({ start, end: start + units, units });
    start += units;
  }
  return atoms;
};

/** Greedy packing: each part takes atoms while they fit, which is what SMSCs and handsets do. */
const pack = (atoms: readonly Atom[], capacity: number): Atom[] => {
  const parts: Atom[] = [];
  let current: Atom | null = null;
  for (const atom of atoms) {
    if (current !== null && current.units + atom.units <= capacity) {
      current = { start: current.start, end: atom.end, units: current.units + atom.units };
    } else {
      if (current !== null) parts.push(current);
      current = atom;
    }
  }
  if (current !== null) parts.push(current);
  return parts;
};

/** The encoding, segment count, size and split of an SMS body. Pure: no I/O, no clock, no configuration. */
export const smsSegments = (body: string, options: SegmentOptions = {}): SmsSegments => {
  const gsm7 = gsm7Atoms(body);
  const encoding: SmsEncoding = gsm7 === null ? 'UCS-2' : 'GSM-7';
  const atoms = gsm7 ?? ucs2Atoms(body);
  const units = atoms.reduce((sum, atom) => sum + atom.units, 0);
  if (units <= singlePartCapacity(encoding)) return { encoding, segments: 1, units, parts: [body] };

  const capacity = perPartCapacity(encoding, options.concatenationReference ?? '8-bit');
  const fitting = atoms.flatMap((atom) => (atom.units > capacity ? codePointAtoms(body, atom) : [atom]));
  const parts = pack(fitting, capacity).map((part) => body.slice(part.start, part.end));
  return { encoding, segments: parts.length, units, parts };
};

/** GSM-7 septets of the whole body; null as soon as one character is not GSM-7. */
const gsm7Units = (body: string): number | null => {
  let units = 0;
  for (let i = 0; i < body.length; i++) {
    const septets = gsm7Septets(body.charAt(i));
    if (septets === null) return null;
    units += septets;
  }
  return units;
};

/**
 * smsSegments(body, options).segments, without building the parts when the body fits one SMS (almost
 * every message): rating asks this for both legs of every routed message. A UCS-2 body's units are its
 * UTF-16 length (ucs2Atoms keeps every unit), so the single-part test needs no segmentation either.
 */
export const smsSegmentCount = (body: string, options: SegmentOptions = {}): number => {
  const gsm7 = gsm7Units(body);
  const units = gsm7 ?? body.length;
  if (units <= singlePartCapacity(gsm7 === null ? 'UCS-2' : 'GSM-7')) return 1;
  return smsSegments(body, options).segments;
};

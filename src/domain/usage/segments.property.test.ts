// smsSegments against two oracles that share none of its code:
// 1. Twilio's own calculator (npm sms-segments-calculator, TwilioDevEd/message-segment-calculator): its own
//    GSM map, its own grapheme splitter, and bit-level packing (1120 bits, 6 header octets per part).
//    It only knows the 8-bit reference, so it judges the default.
// 2. A deliberately naive oracle written here: a regex decides the encoding, prefix lengths are measured
//    on the text itself, and each part is the longest prefix that fits and ends on an allowed boundary.
//    It is parameterised by capacity, so it also judges the 16-bit reference (toll-free: 152 / 66).
//
// Known, deliberate difference from the calculator, kept out of the generators and pinned in
// segments.test.ts: its grapheme splitter (grapheme-splitter 1.0.4) predates Unicode 11's emoji rules
// and cuts newer ZWJ sequences (❤️‍🔥, 🐈‍⬛, 😶‍🌫️, 🫱🏼‍🫲🏿) in two, where masq (Intl.Segmenter,
// the runtime's ICU) keeps them whole; and it leaves a grapheme longer than a whole part (stacked
// combining marks) in one oversized part, where masq cuts it between code points.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { smsSegments, type ConcatenationReference } from './segments.ts';

const RUNS = { numRuns: 1500 };

interface Verdict {
  readonly encoding: string;
  readonly segments: number;
  readonly units: number;
  readonly parts: readonly string[];
}

// ---------------------------------------------------------------- oracle 1: Twilio's calculator

const rawOf = (item: unknown): string =>
  typeof item === 'object' && item !== null && 'raw' in item && typeof item.raw === 'string' ? item.raw : '';

const twilioCalculator = (body: string): Verdict => {
  const message = new SegmentedMessage(body);
  const bitsPerUnit = message.encodingName === 'GSM-7' ? 7 : 16;
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    units: message.messageSize / bitsPerUnit, // header bits excluded
    // A part holds header placeholders (no `raw`) and encoded characters (with the source text as `raw`).
    parts: message.segments.map((segment) => {
      const items: unknown[] = [...segment];
      return items.map(rawOf).join('');
    }),
  };
};

// ---------------------------------------------------------------- oracle 2: naive, written from the spec

// The GSM 03.38 default alphabet and extension table, typed out again from the standard (Greek as escapes).
const GSM_ONLY = /^[@£$¥èéùìòÇ\nØø\rÅå\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039EÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà\f^{}\\[~\]|€]*$/;
const ESCAPED = /[\f^{}\\[~\]|€]/g;
const CAPACITY = {
  'GSM-7': { single: 160, '8-bit': 153, '16-bit': 152 },
  'UCS-2': { single: 70, '8-bit': 67, '16-bit': 66 },
} as const;

const costOf = (text: string, gsm: boolean): number =>
  gsm ? text.length + (text.match(ESCAPED)?.length ?? 0) : text.length;

// Where a part may end: anywhere in GSM-7 (one unit per character); in UCS-2 on a grapheme boundary,
// or between CR and LF. The grapheme definition is Unicode's; only the counting is the oracle's own.
const cutPoints = (body: string, gsm: boolean): Set<number> => {
  const points = new Set<number>([body.length]);
  for (let i = 0; i < body.length; i++) {
    if (gsm || (body[i] === '\n' && body[i - 1] === '\r')) points.add(i);
  }
  if (!gsm) for (const { index } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(body)) points.add(index);
  return points;
};

const naiveOracle = (body: string, reference: ConcatenationReference): Verdict => {
  const gsm = GSM_ONLY.test(body);
  const encoding = gsm ? 'GSM-7' : 'UCS-2';
  const units = costOf(body, gsm);
  if (units <= CAPACITY[encoding].single) return { encoding, segments: 1, units, parts: [body] };
  const perPart = CAPACITY[encoding][reference];
  const cuts = cutPoints(body, gsm);
  const parts: string[] = [];
  for (let start = 0; start < body.length;) {
    // A part never holds more characters than units, so the search starts at start + perPart.
    let end = Math.min(body.length, start + perPart);
    while (!(cuts.has(end) && costOf(body.slice(start, end), gsm) <= perPart)) end--;
    parts.push(body.slice(start, end));
    start = end;
  }
  return { encoding, segments: parts.length, units, parts };
};

// ---------------------------------------------------------------- generators

const chars = (text: string): string[] => [...text];
const join = (items: readonly string[]): string => items.join('');

const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)); // includes ` and the extension ASCII
const gsmBasic = fc.constantFrom(...chars('@£$¥èéùìòÇØøÅå\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039EÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r'));
const extension = fc.constantFrom(...chars('^{}\\[~]|€\f'));
const latin1 = fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)); // some GSM (£ ¥ § Ä), most not
const traps = fc.constantFrom(...chars('ç`“”‘’–—…\u00a0\u2126'), '\r\n');
const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));
const accented = fc.tuple(fc.constantFrom('a', 'e', 'o', 'n'), fc.array(fc.integer({ min: 0x300, max: 0x36f }), { minLength: 1, maxLength: 3 }))
  .map(([base, marks]) => base + String.fromCodePoint(...marks));

// ZWJ sequences both splitters agree on (Unicode <= 11); newer ones are the documented difference above.
const ZWJ_SEQUENCES = ['👨‍👩‍👧‍👦', '👩‍❤️‍💋‍👨', '🏳️‍🌈', '🧑🏿‍🚀', '🧔‍♂️', '👁️‍🗨️', '👩🏽‍💻', '👨‍👨‍👦', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'];
const regional = fc.integer({ min: 0x1f1e6, max: 0x1f1ff }).map((c) => String.fromCodePoint(c));
const emoji = fc.oneof(
  fc.integer({ min: 0x1f600, max: 0x1f64f }).map((c) => String.fromCodePoint(c)), // surrogate pairs
  fc.tuple(fc.constantFrom('👍', '👋', '🧑', '👩', '✋'), fc.integer({ min: 0x1f3fb, max: 0x1f3ff }))
    .map(([base, tone]) => base + String.fromCodePoint(tone)), // skin-tone modifiers
  fc.constantFrom(...ZWJ_SEQUENCES),
  fc.tuple(regional, regional).map(([a, b]) => a + b), // flags
  fc.constantFrom(...chars('#*0123456789')).map((key) => `${key}\uFE0F\u20E3`), // keycaps
  fc.constantFrom('❤️', '☺️', '✔️'), // BMP emoji with a variation selector
);

const gsmElement = fc.oneof({ arbitrary: ascii.filter((c) => c !== '`'), weight: 6 }, { arbitrary: gsmBasic, weight: 2 }, { arbitrary: extension, weight: 2 });
const anyElement = fc.oneof(
  { arbitrary: gsmElement, weight: 8 },
  { arbitrary: latin1, weight: 1 },
  { arbitrary: traps, weight: 1 },
  { arbitrary: cjk, weight: 2 },
  { arbitrary: emoji, weight: 3 },
  { arbitrary: accented, weight: 1 },
);

// Padding up to just before a part boundary, then a tail of anything: lands escapes, surrogate pairs and
// ZWJ sequences on the edges far more often than uniform text would.
const BOUNDARIES = [66, 67, 70, 132, 134, 152, 153, 160, 201, 304, 306, 320];
const padding = fc.record({
  unit: fc.constantFrom('a', 'Ç', '{', '中', 'ж', '😀'),
  units: fc.oneof(fc.constantFrom(...BOUNDARIES).chain((b) => fc.integer({ min: b - 6, max: b + 1 })), fc.integer({ min: 0, max: 340 })),
}).map(({ unit, units }) => unit.repeat(Math.floor(units / (unit === '{' || unit === '😀' ? 2 : 1))));

// What most often lands on an edge: an escape pair, an emoji of any shape, CR LF, a letter with its marks.
const edgeElement = fc.oneof(extension, emoji, fc.constant('\r\n'), accented);

const body = fc.oneof(
  fc.array(gsmElement, { maxLength: 480 }).map(join),
  fc.tuple(padding, edgeElement, fc.array(anyElement, { maxLength: 8 })).map(([pad, edge, tail]) => pad + edge + join(tail)),
  fc.array(anyElement, { maxLength: 240 }).map(join),
  fc.tuple(padding, fc.array(anyElement, { maxLength: 14 })).map(([pad, tail]) => pad + join(tail)),
  fc.tuple(padding, fc.array(gsmElement, { maxLength: 14 })).map(([pad, tail]) => pad + join(tail)),
);

// The edges of segments.test.ts, always run first.
const EDGES: string[] = [
  '', 'a'.repeat(160), 'a'.repeat(161), 'a'.repeat(306), 'a'.repeat(307), '{'.repeat(80), '{'.repeat(81),
  'a'.repeat(152) + '€' + 'a'.repeat(10), 'a'.repeat(151) + '€' + 'a'.repeat(10), 'a'.repeat(305) + '|z',
  '中'.repeat(70), '中'.repeat(71), '中'.repeat(134), '中'.repeat(135), '😀'.repeat(35), '😀'.repeat(36),
  '中'.repeat(66) + '😀' + '中'.repeat(10), '中'.repeat(65) + '👨‍👩‍👧‍👦' + '中'.repeat(10),
  '中'.repeat(65) + '👍🏽' + '中'.repeat(10), '中'.repeat(65) + '🇺🇸' + '中'.repeat(10), '中'.repeat(66) + '\r\n' + '中'.repeat(5),
  'a'.repeat(100) + 'ç', '{'.repeat(69) + '中',
  // An escape pair that would end a single message at 161 septets, or straddle the 153rd / 306th septet of a part;
  // an emoji whose surrogate pair would be the 70th and 71st unit of a single message.
  'a'.repeat(159) + '€', 'a'.repeat(152) + '^' + 'a'.repeat(200), 'a'.repeat(305) + '\f' + 'a', '中'.repeat(69) + '😀', '😀'.repeat(33) + '中😀',
];

// ---------------------------------------------------------------- properties

const verdictOf = (body: string, reference: ConcatenationReference): Verdict => {
  const r = smsSegments(body, { concatenationReference: reference });
  return { encoding: r.encoding, segments: r.segments, units: r.units, parts: r.parts };
};

test("agrees with Twilio's segment calculator: encoding, count, size and every part's text", () => {
  fc.assert(fc.property(body, (text) => {
    assert.deepEqual(verdictOf(text, '8-bit'), twilioCalculator(text));
  }), { ...RUNS, examples: EDGES.map((e) => [e]) });
});

for (const reference of ['8-bit', '16-bit'] as const) {
  test(`agrees with the naive oracle with a ${reference} reference`, () => {
    fc.assert(fc.property(body, (text) => {
      assert.deepEqual(verdictOf(text, reference), naiveOracle(text, reference));
    }), { ...RUNS, examples: EDGES.map((e) => [e]) });
  });
}

test('the parts give the body back and never split a surrogate pair or an escape from its character', () => {
  fc.assert(fc.property(body, fc.constantFrom<ConcatenationReference>('8-bit', '16-bit'), (text, reference) => {
    const r = smsSegments(text, { concatenationReference: reference });
    assert.equal(r.parts.join(''), text);
    assert.equal(r.segments, r.parts.length);
    for (const part of r.parts) {
      assert.doesNotMatch(part, /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      assert.ok(r.segments === 1 || costOf(part, r.encoding === 'GSM-7') <= CAPACITY[r.encoding][reference]);
    }
  }), RUNS);
});

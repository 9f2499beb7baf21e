// The GSM 7-bit default alphabet and its extension table, from 3GPP TS 23.038 §6.2.1 (no national
// language shift tables: Twilio and the US/CA carriers masq targets never use them).
//
// The basic table is written as its 128 positions in code order, so it can be checked against the
// standard line by line; position 0x1B is ESC, the escape into the extension table, and is not a
// character a message can hold. Greek capitals are written as escapes so a look-alike (Ω OHM SIGN
// U+2126, Latin A for Alpha...) can never slip in: only the ten letters below are GSM-7.
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅå' + // 0x00-0x0F
  '\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001BÆæßÉ' + // 0x10-0x1F: Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ ESC Æ æ ß É
  ' !"#¤%&\'()*+,-./' + // 0x20-0x2F
  '0123456789:;<=>?' + // 0x30-0x3F
  '¡ABCDEFGHIJKLMNO' + // 0x40-0x4F
  'PQRSTUVWXYZÄÖÑÜ§' + // 0x50-0x5F
  '¿abcdefghijklmno' + // 0x60-0x6F
  'pqrstuvwxyzäöñüà'; // 0x70-0x7F

const ESC = '\u001B';

// Characters that need ESC + a second septet. Form feed is the "page break" of the extension table.
const EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

const BASIC = new Set([...BASIC_TABLE].filter((c) => c !== ESC));
const EXTENSION = new Set(EXTENSION_CHARACTERS);

/** Septets a character costs in GSM-7: 1 (basic table), 2 (escape + extension), or null (not GSM-7). */
export const gsm7Septets = (character: string): 1 | 2 | null => {
  if (BASIC.has(character)) return 1;
  if (EXTENSION.has(character)) return 2;
  return null;
};

/** The characters of `body` that GSM-7 cannot carry (each once, in order of first appearance). */
export const nonGsm7Characters = (body: string): string[] =>
  [...new Set([...body].filter((c) => gsm7Septets(c) === null))];

/** The extension-table characters, for tests and docs that must list them. */
export const GSM7_EXTENSION_CHARACTERS: readonly string[] = [...EXTENSION_CHARACTERS];

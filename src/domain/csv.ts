// CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, quote, CR or LF is quoted and its
// quotes doubled), made safe to open in a spreadsheet: a text cell that begins with = + - @ or a tab/CR
// would be run as a formula by Excel, LibreOffice and Sheets (CSV injection, OWASP), so it gets a leading
// apostrophe, which spreadsheets read as "this is text". Plain numbers (-0.0083) and E.164 numbers
// (+14155550100) are values, not formulas, and are left as they are.

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell a spreadsheet will show as text, never evaluate. */
export const neutralizeFormula = (text: string): string =>
  FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;

/** One field: null and undefined are empty; text is neutralised, then quoted when it must be. */
export const csvField = (value: CsvValue): string => {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One record, with its CRLF. */
export const csvLine = (values: readonly CsvValue[]): string => `${values.map(csvField).join(',')}\r\n`;

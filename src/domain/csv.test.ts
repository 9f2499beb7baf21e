// CSV a spreadsheet opens safely: RFC 4180 quoting that round-trips any text, and no cell that a
// spreadsheet would run as a formula.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { csvField, csvLine, neutralizeFormula } from './csv.ts';

/** An independent RFC 4180 reader for one line of fields (quoted fields may hold CR, LF, commas and "" ). */
const parseLine = (line: string): string[] => {
  assert.ok(line.endsWith('\r\n'));
  const text = line.slice(0, -2);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        assert.ok(close >= 0, 'unterminated quote');
        value += text.slice(i, close);
        i = close + 1;
        if (text[i] === '"') {
          value += '"';
          i += 1;
        } else break;
      }
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      value = text.slice(i, end);
      assert.ok(!/["\r\n]/.test(value), 'an unquoted field holds no quote or line break');
      i = end;
    }
    fields.push(value);
    if (i >= text.length) return fields;
    assert.equal(text[i], ',');
    i += 1;
  }
};

describe('csv', () => {
  test('quotes commas, quotes and line breaks; leaves plain text bare; nulls are empty', () => {
    assert.equal(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, undefined, 12.5]), 'a,"b,c","say ""hi""","two\nlines",,,12.5\r\n');
  });

  test('formula injection: = + - @ tab and CR starts become text; numbers and E.164 numbers stay values', () => {
    for (const evil of ['=HYPERLINK("http://x.invalid")', '+1+cmd|calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      assert.ok(csvField(evil).replace(/^"/, '').startsWith("'"), evil);
    }
    assert.equal(csvField('=1,2'), `"'=1,2"`);
    for (const value of ['-0.0083', '+14155550100', '12', 'sms-inbound']) assert.equal(csvField(value), value);
  });

  test('any row of text reads back as written (formulas neutralised) and no cell starts a formula', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (values) => {
      const parsed = parseLine(csvLine(values));
      assert.deepEqual(parsed, values.map(neutralizeFormula));
      for (const cell of parsed) assert.ok(!/^[=+\-@\t\r]/.test(cell) || /^[+-]?\d+(\.\d+)?$/.test(cell), cell);
    }), { numRuns: 500 });
  });
});

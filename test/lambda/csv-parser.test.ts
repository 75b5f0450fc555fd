import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CsvStreamParser } from '../../lambda-src/shared/csv-parser';

interface Parsed {
  records: { line: number; fields: string[]; raw: string }[];
  malformed: { line: number; reason: string; raw: string }[];
}

/** Parses `text` fed in pieces of `chunkSize` characters, so chunk boundaries fall everywhere. */
function parse(text: string, chunkSize = text.length || 1): Parsed {
  const parsed: Parsed = { records: [], malformed: [] };
  const parser: CsvStreamParser = new CsvStreamParser({
    record: (fields, line) => parsed.records.push({ line, fields: [...fields], raw: parser.lastRaw() }),
    malformed: (reason, line, raw) => parsed.malformed.push({ line, reason, raw }),
  });
  for (let i = 0; i < text.length; i += chunkSize) parser.write(text.slice(i, i + chunkSize));
  parser.end();
  return parsed;
}

const fieldsOf = (parsed: Parsed) => parsed.records.map((record) => record.fields);

test('unquoted lines split on commas, with LF or CRLF, with or without a final line break', () => {
  assert.equal(fieldsOf(parse('a,b\n1,2\n')), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.equal(fieldsOf(parse('a,b\r\n1,2')), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  assert.equal(fieldsOf(parse('a,,c\n')), [['a', '', 'c']]);
});

test('a UTF-8 byte order mark before the header is dropped', () => {
  assert.equal(fieldsOf(parse('\ufeffsymbol,price\nA,1\n')), [
    ['symbol', 'price'],
    ['A', '1'],
  ]);
});

test('blank lines are skipped but still counted for line numbers', () => {
  const parsed = parse('h\n\nA\r\n\r\nB\n');
  assert.equal(
    parsed.records.map((record) => [record.line, record.fields[0]]),
    [
      [1, 'h'],
      [3, 'A'],
      [5, 'B'],
    ],
  );
});

test('quoted fields hold commas, escaped quotes and line breaks (RFC 4180)', () => {
  const parsed = parse('"a,b","say ""hi""","two\r\nlines",plain\nnext,line\n');
  assert.equal(fieldsOf(parsed), [
    ['a,b', 'say "hi"', 'two\r\nlines', 'plain'],
    ['next', 'line'],
  ]);
  assert.is(parsed.records[1]?.line, 3, 'the record after a two-line record starts on line 3');
  assert.is(parsed.records[0]?.raw, '"a,b","say ""hi""","two\r\nlines",plain');
});

test('every chunk boundary gives the same records as one chunk', () => {
  const text = '\ufeffh1,h2\r\n"x,""y""",1\r\n"multi\nline",2\r\nplain,3\r\n"",4\r\nend,"5"';
  const whole = parse(text);
  for (let size = 1; size <= text.length; size++)
    assert.equal(parse(text, size), whole, `chunk size ${size}`);
  assert.is(whole.records.length, 6);
});

test('a quote inside an unquoted field, or text after a closing quote, is malformed and parsing goes on', () => {
  const parsed = parse('h,i\nab"c,1\n"x"y,2\nok,3\n');
  assert.equal(
    parsed.malformed.map((entry) => [entry.line, entry.reason]),
    [
      [2, 'quote inside an unquoted field'],
      [3, 'unexpected character after a closing quote'],
    ],
  );
  assert.equal(parsed.records.at(-1), { line: 4, fields: ['ok', '3'], raw: 'ok,3' });
});

test('an unterminated quote at the end of the file is malformed, earlier lines are kept', () => {
  const parsed = parse('h\nA\n"open\n');
  assert.equal(fieldsOf(parsed), [['h'], ['A']]);
  assert.equal(parsed.malformed, [{ line: 3, reason: 'unterminated quoted field', raw: '"open' }]);
});

test('an unbalanced quote cannot swallow the file: an over-long record is refused and parsing resumes', () => {
  const rows = Array.from({ length: 3000 }, (_, i) => `R${i},1`).join('\n');
  const parsed: Parsed = { records: [], malformed: [] };
  const parser = new CsvStreamParser(
    {
      record: (fields, line) => parsed.records.push({ line, fields: [...fields], raw: '' }),
      malformed: (reason, line, raw) => parsed.malformed.push({ line, reason, raw }),
    },
    1000,
  );
  const text = `h,i\n"broken,1\n${rows}\n`;
  for (let i = 0; i < text.length; i += 64) parser.write(text.slice(i, i + 64));
  parser.end();
  assert.is(parsed.malformed[0]?.line, 2);
  assert.match(parsed.malformed[0]?.reason ?? '', /longer than 1000 characters/);
  assert.ok(parsed.records.length > 2900, `rows after the broken one are parsed (${parsed.records.length})`);
});

test.run();

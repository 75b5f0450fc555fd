/**
 * A streaming CSV parser (RFC 4180: quoted fields, escaped quotes, CRLF or LF, a UTF-8 BOM, blank
 * lines skipped). Most market-data lines carry no quote at all, so those take a fast path, a plain
 * `split(',')`; only a line holding a `"` goes through the full state machine, which may run over
 * several physical lines and over chunk boundaries.
 *
 * Records are pushed to a sink with the physical line number they start on (the header is line 1),
 * so a rejected row can be reported where a person will find it in an editor.
 */

export interface CsvSink {
  /** A well-formed record: its fields and first line number. `parser.lastRaw()` has its text. */
  record(fields: string[], line: number): void;
  /** A malformed record: parsing goes on at the next line. */
  malformed(reason: string, line: number, raw: string): void;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;
const BOM = 0xfeff;

/** No more input is needed to decide, or the record continues past the text seen so far. */
const INCOMPLETE = -1;

/** The fields of an unquoted line; `indexOf` walks are faster here than `slice` then `split`. */
function splitLine(text: string, start: number, end: number): string[] {
  const fields: string[] = [];
  let from = start;
  for (;;) {
    const comma = text.indexOf(',', from);
    if (comma === -1 || comma >= end) {
      fields.push(text.slice(from, end));
      return fields;
    }
    fields.push(text.slice(from, comma));
    from = comma + 1;
  }
}

export class CsvStreamParser {
  private pending = '';
  private nextLine = 1;
  private started = false;
  // What the quoted-record parser found, handed to the sink by finishRecord.
  private fields: string[] = [];
  private problem = '';
  private rawText = '';
  private rawStart = 0;
  private rawEnd = 0;

  constructor(
    private readonly sink: CsvSink,
    /** A record longer than this is refused: an unbalanced quote must not swallow the whole file. */
    private readonly maxRecordChars = 65_536,
  ) {}

  /**
   * The raw text of the record last handed to the sink. Cut only on demand: most records are
   * valid and their text is never needed again.
   */
  lastRaw(): string {
    return this.rawText.slice(this.rawStart, this.rawEnd);
  }

  /** The number of physical lines seen so far. */
  get linesRead(): number {
    return this.nextLine - 1;
  }

  write(chunk: string): void {
    let text = this.pending.length > 0 ? this.pending + chunk : chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    this.pending = text.slice(this.consume(text, false));
    if (this.pending.length > this.maxRecordChars) this.refuseLongRecord();
  }

  end(): void {
    const text = this.pending;
    this.pending = '';
    const pos = this.consume(text, true);
    if (pos < text.length) this.emitLine(text.slice(pos));
  }

  /** Emits every complete record in `text`; returns where the unconsumed rest begins. */
  private consume(text: string, atEnd: boolean): number {
    const sink = this.sink;
    let pos = 0;
    // The next quote in the text, found once and reused: searching per line would be quadratic.
    let quote = text.indexOf('"');
    for (;;) {
      const newline = text.indexOf('\n', pos);
      if (newline === -1) break;
      const end = newline > pos && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || quote > end) {
        if (end > pos) {
          this.rawText = text;
          this.rawStart = pos;
          this.rawEnd = end;
          sink.record(splitLine(text, pos, end), this.nextLine);
        }
        this.nextLine++;
        pos = newline + 1;
        continue;
      }
      const next = this.parseQuoted(text, pos, atEnd);
      if (next === INCOMPLETE) return pos;
      pos = next;
    }
    if (atEnd && pos < text.length && text.indexOf('"', pos) !== -1) {
      const next = this.parseQuoted(text, pos, true);
      if (next !== INCOMPLETE) pos = next;
    }
    return pos;
  }

  /** The last line of a file without a final newline. */
  private emitLine(line: string): void {
    const end = line.charCodeAt(line.length - 1) === CR ? line.length - 1 : line.length;
    if (end > 0) {
      this.rawText = line;
      this.rawStart = 0;
      this.rawEnd = end;
      this.sink.record(splitLine(line, 0, end), this.nextLine);
    }
    this.nextLine++;
  }

  /**
   * Parses one record starting at `start`, which holds a quote somewhere. Returns the position after
   * its line break, or INCOMPLETE when the text ends inside it and more may come.
   */
  private parseQuoted(text: string, start: number, atEnd: boolean): number {
    const n = text.length;
    const fields: string[] = [];
    this.fields = fields;
    this.problem = '';
    let pos = start;
    let lines = 0;
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            if (!atEnd) return INCOMPLETE;
            return this.finishMalformed(text, start, n, 'unterminated quoted field');
          }
          value += text.slice(from, close);
          if (close + 1 < n && text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          if (close + 1 === n && !atEnd) return INCOMPLETE;
          pos = close + 1;
          break;
        }
        for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) lines++;
        fields.push(value);
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(end + 1) === LF)) break;
          if (c === QUOTE) this.problem = 'quote inside an unquoted field';
          end++;
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }
      // After a field: a comma, a line break, or the end of the text.
      if (pos >= n) {
        if (!atEnd) return INCOMPLETE;
        return this.finishRecord(text, start, n, n, lines);
      }
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === LF) return this.finishRecord(text, start, pos, pos + 1, lines);
      if (c === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF)
        return this.finishRecord(text, start, pos, pos + 2, lines);
      if (c === CR && pos + 1 >= n && !atEnd) return INCOMPLETE;
      // A character right after a closing quote: skip to the end of this physical line.
      const newline = text.indexOf('\n', pos);
      if (newline === -1 && !atEnd) return INCOMPLETE;
      this.problem = 'unexpected character after a closing quote';
      const stop = newline === -1 ? n : newline;
      const rawEnd = stop > start && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
      return this.finishRecord(text, start, rawEnd, newline === -1 ? n : newline + 1, lines);
    }
  }

  private finishRecord(text: string, start: number, rawEnd: number, next: number, lines: number): number {
    const line = this.nextLine;
    this.nextLine += lines + 1;
    this.rawText = text;
    this.rawStart = start;
    this.rawEnd = rawEnd;
    if (this.problem) this.sink.malformed(this.problem, line, this.lastRaw());
    else this.sink.record(this.fields, line);
    return next;
  }

  /** Reports a malformed record and resumes at the line after the one it started on. */
  private finishMalformed(text: string, start: number, limit: number, reason: string): number {
    const newline = text.indexOf('\n', start);
    const stop = newline === -1 || newline > limit ? limit : newline;
    const rawEnd = stop > start && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    this.sink.malformed(reason, this.nextLine, text.slice(start, rawEnd));
    this.nextLine++;
    return stop === limit ? limit : stop + 1;
  }

  private refuseLongRecord(): void {
    const text = this.pending;
    this.pending = '';
    const next = this.finishMalformed(
      text,
      0,
      text.length,
      `record longer than ${this.maxRecordChars} characters (an unbalanced quote?)`,
    );
    this.pending = text.slice(next);
  }
}

/**
 * What happens to each parsed record, with no I/O: the header fixes the columns, rows are validated,
 * counted, de-duplicated by key (a later row replaces an earlier one and counts as a duplicate) and
 * handed on; rejected rows are counted, the first few kept for the job, and every one handed to the
 * report as it comes (a 1 GiB file of invalid rows would not fit in memory as a list).
 */
import { LIMITS, type RowError } from '../../src/contract';
import type { CsvSink } from '../shared/csv-parser';
import {
  type ColumnMap,
  type MarketDataRow,
  REQUIRED_COLUMNS,
  readHeader,
  validateRow,
} from '../shared/row-validator';
import { SeenKeys } from './seen-keys';

/** The file as a whole cannot be ingested: the job fails with this reason and is not retried. */
export class FileRejectedError extends Error {
  override name = 'FileRejectedError';
}

export interface RejectedRow extends RowError {
  raw: string;
}

export interface IngestCounts {
  rowsTotal: number;
  rowsStored: number;
  rowsRejected: number;
  rowsDuplicate: number;
}

/** `line` is the row's first line in the file. */
export type RowHandler = (row: MarketDataRow, repeat: boolean, line: number) => void;

export type RejectedRowHandler = (row: RejectedRow) => void;

export class RowCollector implements CsvSink {
  rowsTotal = 0;
  rowsDuplicate = 0;
  rowsRejected = 0;
  /** The first rejected rows (line and reason), as the job record shows them. */
  private readonly firstRejected: RowError[] = [];
  private columns: ColumnMap | undefined;
  private readonly seen = new SeenKeys();

  constructor(
    private readonly onRow: RowHandler,
    /** The raw text of the record just handed over (the parser's lastRaw). */
    private readonly rawOfLast: () => string,
    private readonly maxRows: number = LIMITS.maxRowsPerFile,
    private readonly onRejected: RejectedRowHandler = () => {},
  ) {}

  get headerSeen(): boolean {
    return this.columns !== undefined;
  }

  counts(): IngestCounts {
    return {
      rowsTotal: this.rowsTotal,
      rowsStored: this.seen.size,
      rowsRejected: this.rowsRejected,
      rowsDuplicate: this.rowsDuplicate,
    };
  }

  /** The first rejected rows, as the job record shows them. */
  firstErrors(): RowError[] {
    return [...this.firstRejected];
  }

  /** Distinct symbols among the valid rows so far. */
  get symbols(): number {
    return this.seen.symbols;
  }

  record(fields: string[], line: number): void {
    const columns = this.columns;
    if (columns === undefined) {
      const header = readHeader(fields);
      if (!header.ok) throw new FileRejectedError(`line ${line}: ${header.reason}`);
      this.columns = header.columns;
      return;
    }
    this.countRow();
    const row = validateRow(fields, columns);
    if (typeof row === 'string') {
      this.reject({ line, reason: row, raw: this.rawOfLast() });
      return;
    }
    const repeat = !this.seen.add(row.symbol, row.timestamp);
    if (repeat) this.rowsDuplicate++;
    this.onRow(row, repeat, line);
  }

  malformed(reason: string, line: number, raw: string): void {
    if (this.columns === undefined)
      throw new FileRejectedError(`line ${line}: the header row is malformed (${reason})`);
    this.countRow();
    this.reject({ line, reason: `malformed CSV: ${reason}`, raw });
  }

  private reject(row: RejectedRow): void {
    this.rowsRejected++;
    if (this.firstRejected.length < LIMITS.maxErrorsOnJob)
      this.firstRejected.push({ line: row.line, reason: row.reason });
    this.onRejected(row);
  }

  private countRow(): void {
    this.rowsTotal++;
    if (this.rowsTotal > this.maxRows)
      throw new FileRejectedError(`the file has more than ${this.maxRows} rows; split it into smaller files`);
  }
}

export const EMPTY_FILE_REASON = `the file is empty; a header row naming ${REQUIRED_COLUMNS.join(', ')} is required`;

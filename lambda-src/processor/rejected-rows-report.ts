/**
 * The rejected-rows report: every refused row with its line, reason and original text, as CSV,
 * streamed to S3 while the file is read. A report of a 1 GiB file of invalid rows is larger than the
 * file and would pass V8's 536,870,888-character string limit in one `join`, so no more than one
 * piece (`pieceBytes`, 8 MiB by default) is ever held: each full piece becomes a part of a multipart
 * upload. A report that fits in one piece is written with one PutObject, as before.
 *
 * No cap on the rows is needed: 10,000 parts of 8 MiB hold 78 GiB, and a file's report is bounded by
 * its 20M rows (about 200 bytes each plus the rows' own text, under 5 GiB).
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { RejectedRow } from './row-collector';

/**
 * Analysts open this report in spreadsheets, and the rows in it are the hostile ones: a cell that
 * starts with = + - @ (or a tab or carriage return) would run as a formula. A leading apostrophe
 * makes a spreadsheet show it as text (the OWASP advice for CSV injection).
 */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  return `"${neutralise(value).replace(/"/g, '""')}"`;
}

const HEADER = 'line,reason,record\r\n';

export function rejectedRowLine(row: RejectedRow): string {
  return `${row.line},${cell(row.reason)},${cell(row.raw)}\r\n`;
}

/** The whole report as one string: for small reports (tests, examples). */
export function rejectedRowsCsv(rows: readonly RejectedRow[]): string {
  return HEADER + rows.map(rejectedRowLine).join('');
}

/** S3's smallest part but the last. */
export const MIN_PIECE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PIECE_BYTES = 8 * 1024 * 1024;
/** Pieces uploading at once while the next one fills: bounded memory, and the network kept busy. */
const PIECES_IN_FLIGHT = 2;

export class RejectedRowsReport {
  /** Pieces uploaded (1 for a report written with one PutObject). */
  pieces = 0;
  private lines: string[] = [HEADER];
  private bytes = HEADER.length;
  private uploadId: string | undefined;
  private readonly etags: { PartNumber: number; ETag: string }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    private readonly bucket: string,
    readonly key: string,
    private readonly pieceBytes = DEFAULT_PIECE_BYTES,
  ) {
    if (pieceBytes < MIN_PIECE_BYTES)
      throw new RangeError(`a report piece is at least ${MIN_PIECE_BYTES} bytes`);
  }

  add(row: RejectedRow): void {
    const line = rejectedRowLine(row);
    this.lines.push(line);
    // Bytes, not characters: a piece must be at least 5 MiB on the wire, and raw rows may be UTF-8.
    this.bytes += Buffer.byteLength(line);
    if (this.bytes >= this.pieceBytes) this.seal();
  }

  /** Waits while too many pieces are uploading (backpressure on the reading of the file). */
  async pump(): Promise<void> {
    while (this.inFlight.size >= PIECES_IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Writes what is left; the report is complete in S3 when this returns. */
  async complete(): Promise<void> {
    if (this.pieces === 0) {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key,
          Body: this.take(),
          ContentType: 'text/csv; charset=utf-8',
        }),
      );
      this.pieces = 1;
      return;
    }
    if (this.bytes > 0) this.seal();
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId ?? '',
        MultipartUpload: { Parts: [...this.etags].sort((a, b) => a.PartNumber - b.PartNumber) },
      }),
    );
  }

  /** Drops what was uploaded so far (the file was refused): no half-written report stays behind. */
  async abort(): Promise<void> {
    this.lines = [];
    await Promise.allSettled(this.inFlight);
    if (this.uploadId === undefined) return;
    await this.s3.send(
      new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId }),
    );
  }

  private take(): Buffer {
    const body = Buffer.from(this.lines.join(''));
    this.lines = [];
    this.bytes = 0;
    return body;
  }

  private seal(): void {
    const body = this.take();
    const partNumber = ++this.pieces;
    const upload = this.uploadPiece(partNumber, body).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = upload.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private uploadId$: Promise<string> | undefined;

  private async uploadPiece(partNumber: number, body: Buffer): Promise<void> {
    this.uploadId$ ??= this.s3
      .send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          ContentType: 'text/csv; charset=utf-8',
        }),
      )
      .then((created) => {
        if (created.UploadId === undefined) throw new Error('S3 returned no upload id for the report');
        return created.UploadId;
      });
    this.uploadId = await this.uploadId$;
    const answer = await this.s3.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber: partNumber,
        Body: body,
      }),
    );
    this.etags.push({ PartNumber: partNumber, ETag: answer.ETag ?? '' });
  }
}

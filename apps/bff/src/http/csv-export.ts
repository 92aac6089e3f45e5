import { maskStoredText } from '@paydesk/domain';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { recordAuditEvent } from '../audit-events/audit-events.repository.ts';
import { staffOf } from '../auth/require-session.ts';
import type { Db } from '../db/database.ts';
import { requestOrigin } from './request-context.ts';

/**
 * What a column holds, which says how its cells are written:
 * - `text`: staff-, customer- or gateway-written words — card numbers masked, and a leading `=`, `+`, `-`, `@`,
 *   tab or carriage return neutralised with a `'` so that a spreadsheet never runs it as a formula;
 * - `amount`: a decimal string in the row's currency, as on the wire (a number to a spreadsheet, never a formula);
 * - `number`, `boolean`: as written; `time`: UTC ISO 8601; `json`: the JSON text, treated as text.
 */
export type CsvKind = 'text' | 'amount' | 'number' | 'boolean' | 'time' | 'json';

/** The CSV's columns in order: a field of the row's wire form → what it holds. */
export type CsvColumns = Readonly<Record<string, CsvKind>>;

/** How many rows an export reads from the database at a time (AppOptions.exportChunkSize changes it). */
export const DEFAULT_EXPORT_CHUNK_SIZE = 1000;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet shows as text: card numbers masked, formula starts neutralised. */
export function safeText(text: string): string {
  const masked = maskStoredText(text);
  return FORMULA_START.test(masked) ? `'${masked}` : masked;
}

export function csvCell(kind: CsvKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'time':
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    case 'json':
      return safeText(typeof value === 'string' ? value : JSON.stringify(value));
    case 'text':
      return safeText(String(value));
    default:
      return String(value);
  }
}

export interface CsvExport<Row> {
  /** The resource's name, as in the audit event's `resource` and the file's name. */
  resource: string;
  columns: CsvColumns;
  /** The rows, a chunk at a time (db/paginate.ts readInChunks). */
  chunks: AsyncIterable<Row[]>;
  toWire(row: Row): unknown;
  filename?: string;
}

/** The chunk size for this app's exports. */
export function exportChunkSize(req: Request): number {
  return Number(req.app.locals.exportChunkSize ?? DEFAULT_EXPORT_CHUNK_SIZE);
}

/**
 * Streams an export as CSV (a UTF-8 byte-order mark, then a header row), reading the next chunk only when the
 * client has taken the last one ('drain'), so memory holds one chunk however many rows match. A failure
 * before the first row is answered as any error; after it the response is cut short, never ended as if
 * complete. Each export is audited when it ends (`<resource>.export`, the filter, sort and rows sent; outcome
 * `failed` when it was cut short).
 */
export async function sendCsv<Row>(req: Request, res: Response, db: Db, csvExport: CsvExport<Row>): Promise<void> {
  const { user } = staffOf(req);
  const names = Object.keys(csvExport.columns);
  const kinds = Object.values(csvExport.columns);
  const iterator = csvExport.chunks[Symbol.asyncIterator]();
  let rows = 0;
  let complete = false;
  const audit = () =>
    recordAuditEvent(db, {
      staff_user_id: user.id,
      action: `${csvExport.resource}.export`,
      resource: csvExport.resource,
      outcome: complete ? 'succeeded' : 'failed',
      note: JSON.stringify({ filter: req.query.filter ?? null, sort: req.query.sort ?? null, rows }),
      ...requestOrigin(req),
    });

  let next = await iterator.next().catch(async (error: unknown) => {
    await audit();
    throw error;
  });
  const filename = csvExport.filename ?? `${csvExport.resource}-${new Date().toISOString().slice(0, 10)}.csv`;
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  const csv = stringify({ header: true, columns: names, bom: true });
  csv.pipe(res);
  let closed = false;
  res.once('close', () => {
    closed = true;
    csv.emit('drain');
  });
  try {
    while (!next.done && !closed) {
      for (const row of next.value) {
        const wire = csvExport.toWire(row) as Record<string, unknown>;
        const line = names.map((name, i) => csvCell(kinds[i]!, wire[name]));
        rows += 1;
        if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
        if (closed) break;
      }
      if (!closed) next = await iterator.next();
    }
    complete = !closed;
  } catch (error) {
    req.log?.error({ err: error }, 'export cut short');
  } finally {
    await iterator.return?.(undefined);
    await audit().catch((error: unknown) => req.log?.error({ err: error }, 'could not record an audit event'));
  }
  if (complete) {
    csv.end();
    await new Promise((resolve) => res.once('close', resolve));
  } else {
    csv.unpipe(res);
    csv.destroy();
    res.destroy();
  }
}
